import { useEffect, useRef, useState } from 'react'
import { Alert, Button, Checkbox, Input, Modal, Progress, Space, Typography } from 'antd'
import { FileZipOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import type { ExportJob } from '../../../../shared/domain/recording'
import { onServerEvent } from '../../lib/api'
import { formatDateTime } from '../../lib/time'
import { useCancelExport, useCreateExport } from './mutations'
import { parseRoomTime } from './model/roomTime'
import styles from './playback.module.css'

type Props = {
  onClose: () => void
  cameras: CameraView[]
  /** where the export range starts by default (the clock) */
  at: number
  timeZone: string
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`
  return `${n} B`
}

type TimeText = { text: string; setText: (text: string) => void; ms: number | undefined }

/**
 * A time typed as text on the room's clock, starting at `initialMs`; a time
 * without a date is on the day of `reference`. `ms` is undefined while the
 * text does not parse.
 */
function useTimeText(initialMs: number, reference: number, timeZone: string): TimeText {
  const [text, setText] = useState(() => formatDateTime(initialMs, timeZone))
  return { text, setText, ms: parseRoomTime(text, timeZone, reference) }
}

/** The field of a typed time, marked while it does not parse. */
function TimeField({ label, time, testId }: { label: string; time: TimeText; testId: string }) {
  return (
    <label>
      {label}{' '}
      <Input
        value={time.text}
        onChange={(e) => time.setText(e.target.value)}
        style={{ width: 200 }}
        status={time.ms === undefined ? 'error' : undefined}
        data-testid={testId}
      />
    </label>
  )
}

/**
 * Evidence export: cameras and range → MP4s, snapshots and a hashed manifest,
 * with progress and cancel. Mounted while open: its form starts from the props
 * each time.
 */
export function ExportDialog({ onClose, cameras, at, timeZone }: Props) {
  const { t } = useTranslation()
  const [selected, setSelected] = useState<number[]>(() => cameras.map((c) => c.id))
  const fromTime = useTimeText(at, at, timeZone)
  const toTime = useTimeText(at + 60_000, at, timeZone)
  const [snapshot, setSnapshot] = useState(false)
  const [job, setJob] = useState<ExportJob | null>(null)
  const create = useCreateExport()
  const cancel = useCancelExport()
  /** Progress events may overtake the create call's answer. */
  const latest = useRef(new Map<number, ExportJob>())

  useEffect(
    () =>
      onServerEvent((msg) => {
        // URLs in the payload are signed for the exporter, who is the one watching this dialog.
        if (msg.event !== 'export:progress') return
        latest.current.set(msg.payload.id, msg.payload)
        setJob((j) => (j && j.id === msg.payload.id ? msg.payload : j))
      }),
    []
  )

  const from = fromTime.ms
  const to = toTime.ms
  const valid =
    from !== undefined &&
    to !== undefined &&
    to > from &&
    to - from <= 24 * 3600_000 &&
    selected.length > 0
  const running = job?.status === 'running'

  const start = async () => {
    if (!valid || from === undefined || to === undefined) return
    const created = await create.mutateAsync({
      cameraIds: selected,
      from,
      to,
      snapshots: snapshot ? [from] : []
    })
    setJob(latest.current.get(created.id) ?? created)
  }

  return (
    <Modal
      open
      title={t('playback.export.title')}
      onCancel={running ? undefined : onClose}
      closable={!running}
      maskClosable={false}
      width={640}
      footer={
        running ? (
          <Button danger onClick={() => job && cancel.mutate(job.id)} data-testid="export-cancel">
            {t('playback.export.cancel')}
          </Button>
        ) : job?.status === 'done' ? (
          <Button type="primary" onClick={onClose} data-testid="export-close">
            {t('common.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              disabled={!valid}
              loading={create.isPending}
              onClick={() => void start()}
              data-testid="export-start"
            >
              {t('playback.export.start')}
            </Button>
          </Space>
        )
      }
    >
      {job ? (
        <Space
          direction="vertical"
          style={{ width: '100%' }}
          data-testid="export-job"
          data-status={job.status}
        >
          <Progress
            percent={Math.round(job.progress * 100)}
            status={
              job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'
            }
          />
          {job.status === 'cancelled' ? (
            <Alert type="warning" showIcon message={t('playback.export.cancelled')} />
          ) : null}
          {job.status === 'failed' ? (
            <Alert
              type="error"
              showIcon
              message={t('playback.export.failed')}
              description={job.error}
            />
          ) : null}
          {job.status === 'done' ? (
            <>
              <Space wrap>
                <Typography.Text type="secondary">
                  {t('playback.export.done', { count: job.files.length })}
                </Typography.Text>
                {job.zip ? (
                  <Button
                    type="primary"
                    icon={<FileZipOutlined />}
                    href={job.zip.url}
                    download={job.zip.name}
                    title={t('playback.export.downloadZipHint')}
                    data-testid="export-zip"
                    data-name={job.zip.name}
                  >
                    {t('playback.export.downloadZip')}
                  </Button>
                ) : null}
              </Space>
              <ul className={styles.fileList} data-testid="export-files">
                {job.files.map((f) => (
                  <li
                    key={f.name}
                    data-testid="export-file"
                    data-name={f.name}
                    data-sha256={f.sha256}
                    data-bytes={f.bytes}
                  >
                    <a href={f.url} download={f.name}>
                      {f.name}
                    </a>{' '}
                    <Typography.Text type="secondary">
                      {formatBytes(f.bytes)} · SHA-256 <code>{f.sha256.slice(0, 16)}…</code>
                    </Typography.Text>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </Space>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>{t('playback.export.cameras')}</Typography.Text>
          <Checkbox.Group
            value={selected}
            onChange={(v) => setSelected(v)}
            options={cameras.map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))}
            data-testid="export-cameras"
          />
          <Space wrap>
            <TimeField label={t('playback.export.from')} time={fromTime} testId="export-from" />
            <TimeField label={t('playback.export.to')} time={toTime} testId="export-to" />
          </Space>
          <Checkbox checked={snapshot} onChange={(e) => setSnapshot(e.target.checked)}>
            {t('playback.export.snapshot')}
          </Checkbox>
          <Typography.Paragraph type="secondary">{t('playback.export.hint')}</Typography.Paragraph>
        </Space>
      )}
    </Modal>
  )
}
