import { useState } from 'react'
import {
  Alert,
  Button,
  Checkbox,
  Descriptions,
  Modal,
  Progress,
  Segmented,
  Space,
  Table,
  Upload,
  Typography
} from 'antd'
import { UploadOutlined } from '@ant-design/icons'
import { useMutation } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { api } from '../../lib/api'
import { errorMessage } from '../../lib/errors'
import { queryClient, queryKeys } from '../../lib/queryClient'
import { ApiError } from '../../../../shared/ipc/errors'
import type { ImportRowError, ImportSummary } from '../../../../shared/domain/import'
import { useRoomZone } from '../app/queries'
import { ImportChanges, LastImportBar } from './ImportChanges'

type Kind = 'cameras' | 'roads'

/** Files above this size show a progress bar while they are read and sent. */
const LARGE_FILE_BYTES = 2 * 1024 * 1024

/** Reads a file with progress (0..0.5 reading, 0.5..1 encoding), yielding so the UI stays responsive. */
async function toBase64(file: File, onProgress: (fraction: number) => void): Promise<string> {
  const buf = await new Promise<Uint8Array>((resolve, reject) => {
    const reader = new FileReader()
    reader.onprogress = (e) => e.lengthComputable && onProgress((e.loaded / e.total) * 0.5)
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer))
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsArrayBuffer(file)
  })
  // base64 in slices that are multiples of 3 bytes, so the pieces concatenate
  const parts: string[] = []
  const SLICE = 3 * 256 * 1024
  for (let i = 0; i < buf.length; i += SLICE) {
    const chunk = buf.subarray(i, i + SLICE)
    let bin = ''
    for (let j = 0; j < chunk.length; j += 0x8000)
      bin += String.fromCharCode(...chunk.subarray(j, j + 0x8000))
    parts.push(btoa(bin))
    onProgress(0.5 + (0.5 * Math.min(buf.length, i + SLICE)) / buf.length)
    await new Promise((r) => setTimeout(r, 0))
  }
  onProgress(1)
  return parts.join('')
}

/**
 * Import in two steps: a dry run previews what would be added, updated and
 * rejected; only a clean preview can be committed, and the commit is
 * all-or-nothing in main either way.
 */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation()
  const [kind, setKind] = useState<Kind>('cameras')
  const [file, setFile] = useState<{ name: string; base64: string; size: number } | null>(null)
  const [reading, setReading] = useState<{ name: string; fraction: number } | null>(null)
  const [preview, setPreview] = useState<ImportSummary | null>(null)
  const [done, setDone] = useState<ImportSummary | null>(null)
  const [blankErases, setBlankErases] = useState(false)
  const timeZone = useRoomZone()

  const run = useMutation({
    mutationFn: (dryRun: boolean) =>
      api['registry:import']({
        kind,
        fileName: file?.name ?? '',
        contentBase64: file?.base64 ?? '',
        dryRun,
        ...(kind === 'cameras' ? { blankErases } : {})
      }),
    onSuccess: (s, dryRun) => {
      if (dryRun) setPreview(s)
      else {
        setDone(s)
        setPreview(null)
        void queryClient.invalidateQueries({
          queryKey: kind === 'cameras' ? queryKeys.cameras : queryKeys.roads
        })
        void queryClient.invalidateQueries({ queryKey: queryKeys.counts })
        void queryClient.invalidateQueries({ queryKey: ['registry'] })
      }
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'import_rejected')
        setPreview(err.details as ImportSummary)
    }
  })

  const reset = () => {
    setFile(null)
    setPreview(null)
    setDone(null)
    setBlankErases(false)
    run.reset()
  }

  const errors: ImportRowError[] = preview?.errors ?? []
  return (
    <Modal
      open={open}
      title={t('import.title')}
      width={820}
      onCancel={() => {
        reset()
        onClose()
      }}
      footer={
        <Space>
          <Button
            onClick={() => {
              reset()
              onClose()
            }}
          >
            {t('common.close')}
          </Button>
          <Button
            type="primary"
            disabled={!preview || preview.rejected > 0}
            loading={run.isPending}
            onClick={() => run.mutate(false)}
            data-testid="import-commit"
          >
            {t('import.commit')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Segmented<Kind>
          value={kind}
          onChange={(k) => {
            setKind(k)
            reset()
          }}
          options={[
            { value: 'cameras', label: t('import.kind.cameras') },
            { value: 'roads', label: t('import.kind.roads') }
          ]}
        />
        {kind === 'cameras' && !preview && <LastImportBar timeZone={timeZone} />}
        <Upload
          accept={kind === 'cameras' ? '.csv,text/csv' : '.geojson,.json,application/geo+json'}
          showUploadList={false}
          beforeUpload={(f) => {
            setPreview(null)
            setDone(null)
            setFile(null)
            if (f.size > LARGE_FILE_BYTES) setReading({ name: f.name, fraction: 0 })
            void toBase64(
              f,
              (fraction) => f.size > LARGE_FILE_BYTES && setReading({ name: f.name, fraction })
            ).then((base64) => {
              setReading(null)
              setFile({ name: f.name, base64, size: f.size })
              run.reset()
            })
            return false
          }}
        >
          <Button icon={<UploadOutlined />} data-testid="import-choose">
            {t('import.choose')}
          </Button>
        </Upload>
        {reading && (
          <div data-testid="import-reading">
            <Typography.Text type="secondary">
              {t('registry.importReading', { name: reading.name })}
            </Typography.Text>
            <Progress percent={Math.round(reading.fraction * 100)} size="small" />
          </div>
        )}
        {run.isPending && file && file.size > LARGE_FILE_BYTES && (
          <div data-testid="import-progress">
            <Typography.Text type="secondary">
              {t('registry.importChecking', { size: (file.size / 1024 / 1024).toFixed(1) })}
            </Typography.Text>
            <Progress percent={100} status="active" showInfo={false} size="small" />
          </div>
        )}
        {file && kind === 'cameras' && (
          <Checkbox
            checked={blankErases}
            onChange={(e) => {
              setBlankErases(e.target.checked)
              setPreview(null)
            }}
            data-testid="import-blank-erases"
          >
            {t('reimport.blankErases')}
          </Checkbox>
        )}
        {file && (
          <Space>
            <Typography.Text>{file.name}</Typography.Text>
            <Typography.Text type="secondary">{(file.size / 1024).toFixed(0)} KB</Typography.Text>
            <Button
              onClick={() => run.mutate(true)}
              loading={run.isPending}
              data-testid="import-preview"
            >
              {t('import.preview')}
            </Button>
          </Space>
        )}
        {run.isError &&
          !(run.error instanceof ApiError && run.error.code === 'import_rejected') && (
            <Alert type="error" showIcon message={errorMessage(t, run.error)} />
          )}
        {preview && (
          <Descriptions size="small" bordered column={6} data-testid="import-summary">
            {preview.encoding && (
              <Descriptions.Item label={t('registry.encoding')}>
                <span data-testid="import-encoding">
                  {t(`registry.encodingName.${preview.encoding}`, {
                    defaultValue: preview.encoding
                  })}
                </span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('import.total')}>{preview.total}</Descriptions.Item>
            <Descriptions.Item label={t('import.added')}>{preview.added}</Descriptions.Item>
            <Descriptions.Item label={t('import.updated')}>{preview.updated}</Descriptions.Item>
            {preview.unchanged !== undefined && (
              <Descriptions.Item label={t('reimport.unchanged')}>
                {preview.unchanged}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('import.rejected')}>{preview.rejected}</Descriptions.Item>
          </Descriptions>
        )}
        {preview && preview.unknownColumns.length > 0 && (
          <Alert
            type="info"
            showIcon
            message={t('import.unknownColumns', { columns: preview.unknownColumns.join(', ') })}
          />
        )}
        {preview && preview.rejected === 0 && preview.changes && (
          <ImportChanges changes={preview.changes} columns={preview.columns ?? []} />
        )}
        {preview && preview.rejected > 0 && (
          <>
            <Alert
              type="error"
              showIcon
              message={t('import.refused', { count: preview.rejected })}
              data-testid="import-refused"
            />
            <Table<ImportRowError>
              size="small"
              rowKey={(e) => `${e.line}-${e.column}-${e.code}`}
              dataSource={errors}
              pagination={{ pageSize: 8 }}
              data-testid="import-errors"
              columns={[
                { title: t('import.line'), dataIndex: 'line', width: 80 },
                { title: t('import.column'), dataIndex: 'column', width: 140 },
                {
                  title: t('import.reason'),
                  key: 'reason',
                  render: (_v, e) => (
                    <span>
                      {t(`importError.${e.code}`, { defaultValue: e.code })}{' '}
                      <Typography.Text type="secondary">({e.message})</Typography.Text>
                    </span>
                  )
                }
              ]}
            />
          </>
        )}
        {done && (
          <Alert
            type="success"
            showIcon
            data-testid="import-done"
            message={t('import.done', { added: done.added, updated: done.updated })}
          />
        )}
      </Space>
    </Modal>
  )
}
