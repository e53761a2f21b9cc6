import { Alert, App, Button, Space, Table, Tag, Typography } from 'antd'
import { UndoOutlined, WarningOutlined } from '@ant-design/icons'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { api } from '../../lib/api'
import { errorMessage } from '../../lib/errors'
import { queryClient, queryKeys } from '../../lib/queryClient'
import { formatDateTime } from '../../lib/time'
import type { CameraImportChange, FieldChange } from '../../../../shared/domain/import'

const STREAM_FIELDS: readonly FieldChange['field'][] = ['streamUrl', 'subStreamUrl']

/** A field value as the registry shows it: labels for kinds and owners, a mark for empty. */
function showValue(t: TFunction, c: FieldChange, v: FieldChange['from']): string {
  if (v === null || v === '') return t('reimport.empty')
  if (typeof v === 'boolean') return v ? t('reimport.yes') : t('reimport.no')
  if (c.field === 'kind') return t(`cameraKind.${v}`, { defaultValue: String(v) })
  if (c.field === 'owner') return t(`owner.${v}`, { defaultValue: String(v) })
  return String(v)
}

/** Cameras whose stream URL changes while their live stream is running. */
export const liveStreamChanges = (changes: readonly CameraImportChange[]) =>
  changes.filter((c) => c.live && c.changes.some((f) => STREAM_FIELDS.includes(f.field)))

/**
 * The preview of a cameras re-import: which columns the file carries (the
 * others stay), each camera's changed fields old → new, and a warning for
 * cameras that would drop their live picture.
 */
export function ImportChanges({
  changes,
  columns
}: {
  changes: readonly CameraImportChange[]
  columns: readonly string[]
}) {
  const { t } = useTranslation()
  const live = liveStreamChanges(changes)
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={8}>
      <Typography.Text type="secondary" data-testid="import-columns">
        {t('reimport.columns', { columns: columns.join(', ') })}
      </Typography.Text>
      {live.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="import-live-warning"
          message={t('reimport.liveStreams', { count: live.length })}
          description={live
            .slice(0, 12)
            .map((c) => c.code)
            .join('、')
            .concat(live.length > 12 ? ' …' : '')}
        />
      )}
      {changes.length > 0 && (
        <Table<CameraImportChange>
          size="small"
          rowKey="code"
          dataSource={changes}
          pagination={{ pageSize: 6, showSizeChanger: false, size: 'small' }}
          data-testid="import-changes"
          columns={[
            {
              title: t('camera.code'),
              key: 'camera',
              width: 170,
              render: (_v, c) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{c.code}</Typography.Text>
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 160 }}>
                    {c.name}
                  </Typography.Text>
                </Space>
              )
            },
            {
              title: t('reimport.changes'),
              key: 'changes',
              render: (_v, c) => (
                <div data-code={c.code}>
                  {c.changes.map((f) => (
                    <div key={f.field} data-field={f.field} style={{ lineHeight: 1.6 }}>
                      <Tag>{t(`reimport.field.${f.field}`)}</Tag>
                      <Typography.Text delete type="secondary">
                        {showValue(t, f, f.from)}
                      </Typography.Text>
                      {' → '}
                      <Typography.Text>{showValue(t, f, f.to)}</Typography.Text>
                      {c.live && STREAM_FIELDS.includes(f.field) && (
                        <WarningOutlined style={{ color: '#faad14', marginLeft: 6 }} />
                      )}
                    </div>
                  ))}
                </div>
              )
            }
          ]}
        />
      )}
    </Space>
  )
}

const lastImportKey = ['registry', 'lastImport'] as const

/** The newest cameras import with a one-click undo (main refuses if its cameras were edited since). */
export function LastImportBar({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation()
  const { message, modal } = App.useApp()
  const last = useQuery({
    queryKey: lastImportKey,
    queryFn: () => api['registry:lastImport']({})
  })
  const undo = useMutation({
    mutationFn: (auditId: number) => api['registry:undoImport']({ auditId }),
    onSuccess: (r) => {
      void message.success(t('reimport.undone', r))
      void queryClient.invalidateQueries({ queryKey: ['registry'] })
      void queryClient.invalidateQueries({ queryKey: queryKeys.cameras })
      void queryClient.invalidateQueries({ queryKey: queryKeys.counts })
    },
    onError: (err) => void message.error(errorMessage(t, err))
  })
  const l = last.data
  if (!l || l.undone) return null
  const blocked = l.changedSince.length > 0
  return (
    <Alert
      type="info"
      showIcon
      data-testid="import-last"
      message={t('reimport.last', {
        file: l.fileName,
        at: formatDateTime(l.at, timeZone),
        who: l.actor ?? '—',
        added: l.added,
        updated: l.updated
      })}
      description={
        blocked
          ? t('reimport.changedSince', { codes: l.changedSince.slice(0, 8).join('、') })
          : undefined
      }
      action={
        <Button
          size="small"
          icon={<UndoOutlined />}
          disabled={blocked}
          loading={undo.isPending}
          data-testid="import-undo"
          onClick={() =>
            modal.confirm({
              title: t('reimport.undoTitle', { file: l.fileName }),
              content: t('reimport.undoBody', { added: l.added, updated: l.updated }),
              okText: t('reimport.undo'),
              cancelText: t('common.cancel'),
              okButtonProps: { 'data-testid': 'import-undo-confirm' },
              onOk: () => undo.mutateAsync(l.auditId)
            })
          }
        >
          {t('reimport.undo')}
        </Button>
      }
    />
  )
}
