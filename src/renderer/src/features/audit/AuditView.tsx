import { useMemo, useState } from 'react'
import { Alert, App, AutoComplete, Button, DatePicker, Input, Space, Table } from 'antd'
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query'
import type { Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { api } from '../../lib/api'
import { formatDateTime } from '../../lib/time'
import { errorMessage } from '../../lib/errors'
import { downloadText } from '../../lib/download'
import { useRoomZone } from '../app/queries'
import { SelectFilter } from '../../app/SelectFilter'
import type { AuditCheck, AuditRecord } from '../../../../shared/domain/audit'
import styles from './audit.module.css'

const PAGE = 100

/** Changed keys of before/after, shown side by side. */
function Diff({ before, after }: { before: unknown; after: unknown }) {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])
  )
  const show = (v: unknown) =>
    v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v)
  return (
    <table className={styles.diff}>
      <tbody>
        {keys.map((k) => (
          <tr key={k}>
            <th>{k}</th>
            <td className={styles.before}>{show(b[k])}</td>
            <td className={styles.after}>{show(a[k])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/**
 * The audit trail, generic over every action and entity: filters, the
 * before/after of each row, the hash-chain check and a CSV export. Read-only.
 */
export function AuditView() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const tz = useRoomZone()
  const [actor, setActor] = useState<string | null>(null)
  const [action, setAction] = useState('')
  const [entity, setEntity] = useState<string | null>(null)
  const [entityId, setEntityId] = useState('')
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null)
  const filter = useMemo(
    () => ({
      actor: actor ?? undefined,
      action: action.trim() || undefined,
      entity: entity ?? undefined,
      entityId: entityId.trim() || undefined,
      fromMs: range?.[0]?.startOf('day').valueOf(),
      toMs: range?.[1]?.endOf('day').valueOf()
    }),
    [actor, action, entity, entityId, range]
  )
  const facets = useQuery({ queryKey: ['audit', 'facets'], queryFn: () => api['audit:facets']({}) })
  const rows = useInfiniteQuery({
    queryKey: ['audit', 'list', filter],
    queryFn: ({ pageParam }) => api['audit:list']({ ...filter, beforeId: pageParam, limit: PAGE }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.length < PAGE ? undefined : last[last.length - 1].id)
  })
  const [check, setCheck] = useState<AuditCheck | null>(null)
  const verify = useMutation({
    mutationFn: () => api['audit:verify']({}),
    onSuccess: setCheck,
    onError: (e) => void message.error(errorMessage(t, e))
  })
  const exportCsv = useMutation({
    mutationFn: () => api['audit:exportCsv'](filter),
    onSuccess: (r) => {
      downloadText(r.fileName, r.csv)
      void message.success(t('audit.exported', { count: r.rows }))
    },
    onError: (e) => void message.error(errorMessage(t, e))
  })
  const data = (rows.data?.pages ?? []).flat()
  const actionOptions = useMemo(() => {
    const all = facets.data?.actions ?? []
    const prefixes = [...new Set(all.map((a) => a.split('.')[0] + '.'))]
    return [...prefixes, ...all].map((v) => ({ value: v }))
  }, [facets.data])

  return (
    <div className={styles.view} data-testid="audit-view">
      <Space wrap className={styles.toolbar}>
        <SelectFilter
          showSearch
          placeholder={t('audit.actor')}
          width={140}
          value={actor}
          onChange={setActor}
          options={(facets.data?.actors ?? []).map((v) => ({ value: v, label: v }))}
        />
        <AutoComplete
          allowClear
          placeholder={t('audit.action')}
          style={{ width: 200 }}
          value={action}
          onChange={(v: string) => setAction(v ?? '')}
          options={actionOptions}
          showSearch={{ filterOption: (input, o) => String(o?.value ?? '').startsWith(input) }}
          data-testid="audit-action"
        />
        <SelectFilter
          placeholder={t('audit.entity')}
          width={130}
          value={entity}
          onChange={setEntity}
          options={(facets.data?.entities ?? []).map((v) => ({ value: v, label: v }))}
        />
        <Input
          allowClear
          placeholder={t('audit.entityId')}
          style={{ width: 110 }}
          value={entityId}
          onChange={(e) => setEntityId(e.target.value)}
        />
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => setRange(v)}
          allowEmpty={[true, true]}
        />
        <Button
          icon={<DownloadOutlined />}
          onClick={() => exportCsv.mutate()}
          loading={exportCsv.isPending}
          data-testid="audit-export"
        >
          {t('audit.export')}
        </Button>
        <Button
          icon={<SafetyCertificateOutlined />}
          onClick={() => verify.mutate()}
          loading={verify.isPending}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
      </Space>
      {check && (
        <Alert
          className={styles.check}
          type={check.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => setCheck(null) }}
          title={
            check.ok
              ? t('audit.chainOk', { count: check.rows })
              : t('audit.chainBroken', { id: check.brokenAt, reason: check.reason })
          }
          description={
            !check.ok && check.breaks.length > 1 ? (
              <ul data-testid="audit-breaks">
                {check.breaks.map((b) => (
                  <li key={`${b.id}-${b.reason}`}>
                    {t('audit.chainBroken', { id: b.id, reason: b.reason })}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
          data-testid="audit-check"
        />
      )}
      <Table<AuditRecord>
        size="small"
        rowKey="id"
        loading={rows.isPending}
        dataSource={data}
        pagination={false}
        scroll={{ y: 'calc(100vh - 260px)' }}
        virtual
        expandable={{
          columnWidth: 48,
          expandedRowRender: (r) => <Diff before={r.before} after={r.after} />,
          rowExpandable: (r) => r.before !== null || r.after !== null
        }}
        data-testid="audit-table"
        columns={[
          { title: '#', dataIndex: 'id', width: 80 },
          {
            title: t('audit.at'),
            dataIndex: 'at',
            width: 180,
            render: (at: number) => formatDateTime(at, tz)
          },
          { title: t('audit.actor'), dataIndex: 'actor', width: 120 },
          { title: t('audit.action'), dataIndex: 'action', width: 200 },
          { title: t('audit.entity'), dataIndex: 'entity', width: 120 },
          { title: t('audit.entityId'), dataIndex: 'entityId', width: 180, ellipsis: true },
          {
            title: t('audit.hash'),
            dataIndex: 'hash',
            render: (h: string) => <code className={styles.hash}>{h.slice(0, 16)}…</code>
          }
        ]}
      />
      {rows.hasNextPage && (
        <Button
          onClick={() => void rows.fetchNextPage()}
          loading={rows.isFetchingNextPage}
          className={styles.more}
        >
          {t('audit.more')}
        </Button>
      )}
    </div>
  )
}
