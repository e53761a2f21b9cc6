import { useEffect, useRef, useState } from 'react'
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
import type { ImportPhase, ImportRowError, ImportSummary } from '../../../../shared/domain/import'
import { useRoomZone } from '../app/queries'
import { ImportChanges, LastImportBar } from './ImportChanges'

type Kind = 'cameras' | 'roads'

/** Files above this size show a progress bar while they go up and while main checks them. */
const LARGE_FILE_BYTES = 2 * 1024 * 1024
/** How often the dialog asks main how far a running preview or import is. */
const PROGRESS_POLL_MS = 300

/**
 * Sends a file to main in chunks (registry:importBegin/Chunk): main appends
 * each small chunk to a file and keeps serving everyone else, and the file
 * is read piece by piece here, never whole. Returns the upload's id.
 */
async function uploadFile(
  file: File,
  kind: Kind,
  onSent: (bytes: number) => void,
  cancelled: () => boolean
): Promise<string> {
  const { uploadId, chunkBytes } = await api['registry:importBegin']({
    kind,
    fileName: file.name,
    size: file.size
  })
  for (let offset = 0; offset < file.size; offset += chunkBytes) {
    if (cancelled()) {
      void api['registry:importDiscard']({ uploadId }).catch(() => undefined)
      throw new Error('cancelled')
    }
    const bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer())
    await api['registry:importChunk']({ uploadId, offset, content: bytes })
    onSent(Math.min(file.size, offset + chunkBytes))
  }
  return uploadId
}

/**
 * Import in two steps: a dry run previews what would be added, updated and
 * rejected; only a clean preview can be committed, and the commit is
 * all-or-nothing in main either way.
 */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation()
  const [kind, setKind] = useState<Kind>('cameras')
  const [file, setFile] = useState<{ name: string; uploadId: string; size: number } | null>(null)
  const [uploading, setUploading] = useState<{ name: string; fraction: number } | null>(null)
  const [uploadError, setUploadError] = useState<unknown>(null)
  const [phase, setPhase] = useState<{ phase: ImportPhase; fraction: number } | null>(null)
  // the upload in flight: a new file or closing the dialog cancels it
  const sending = useRef<{ cancelled: boolean } | null>(null)
  const [preview, setPreview] = useState<ImportSummary | null>(null)
  const [done, setDone] = useState<ImportSummary | null>(null)
  const [blankErases, setBlankErases] = useState(false)
  const timeZone = useRoomZone()

  const run = useMutation({
    mutationFn: (dryRun: boolean) =>
      api['registry:importRun']({
        uploadId: file?.uploadId ?? '',
        dryRun,
        ...(kind === 'cameras' ? { blankErases } : {})
      }),
    onSuccess: (s, dryRun) => {
      if (dryRun) setPreview(s)
      else {
        setDone(s)
        setPreview(null)
        // main dropped the committed upload: another commit needs the file again
        setFile(null)
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

  const uploadId = file?.uploadId
  const showPhase = run.isPending && !!file && file.size > LARGE_FILE_BYTES
  useEffect(() => {
    if (!showPhase || !uploadId) return
    let stop = false
    const poll = async () => {
      while (!stop) {
        const p = await api['registry:importProgress']({ uploadId }).catch(() => null)
        if (!stop && p) setPhase({ phase: p.phase, fraction: p.fraction })
        await new Promise((r) => setTimeout(r, PROGRESS_POLL_MS))
      }
    }
    void poll()
    return () => {
      stop = true
      setPhase(null)
    }
  }, [showPhase, uploadId])

  const discard = () => {
    if (sending.current) sending.current.cancelled = true
    sending.current = null
    setUploading(null)
    if (file) void api['registry:importDiscard']({ uploadId: file.uploadId }).catch(() => undefined)
  }
  const reset = () => {
    discard()
    setFile(null)
    setPreview(null)
    setDone(null)
    setUploadError(null)
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
            discard()
            setPreview(null)
            setDone(null)
            setFile(null)
            setUploadError(null)
            const mine = { cancelled: false }
            sending.current = mine
            if (f.size > LARGE_FILE_BYTES) setUploading({ name: f.name, fraction: 0 })
            uploadFile(
              f,
              kind,
              (sent) =>
                f.size > LARGE_FILE_BYTES &&
                !mine.cancelled &&
                setUploading({ name: f.name, fraction: sent / f.size }),
              () => mine.cancelled
            )
              .then((id) => {
                if (mine.cancelled) return
                sending.current = null
                setUploading(null)
                setFile({ name: f.name, uploadId: id, size: f.size })
                run.reset()
              })
              .catch((err: unknown) => {
                if (mine.cancelled) return
                sending.current = null
                setUploading(null)
                setUploadError(err)
              })
            return false
          }}
        >
          <Button icon={<UploadOutlined />} data-testid="import-choose">
            {t('import.choose')}
          </Button>
        </Upload>
        {uploading && (
          <div data-testid="import-uploading">
            <Typography.Text type="secondary">
              {t('registry.importUploading', { name: uploading.name })}
            </Typography.Text>
            <Progress percent={Math.floor(uploading.fraction * 100)} size="small" />
          </div>
        )}
        {uploadError !== null && (
          <Alert type="error" showIcon message={errorMessage(t, uploadError)} />
        )}
        {showPhase && file && (
          <div data-testid="import-progress" data-phase={phase?.phase ?? 'parse'}>
            <Typography.Text type="secondary">
              {t(`registry.importPhase.${phase?.phase ?? 'parse'}`, {
                size: (file.size / 1024 / 1024).toFixed(1)
              })}
            </Typography.Text>
            <Progress
              percent={Math.floor((phase?.fraction ?? 0) * 100)}
              status="active"
              size="small"
            />
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
