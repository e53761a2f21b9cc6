import { useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { Button, DatePicker, Input } from 'antd'
import { PlusOutlined, SearchOutlined, SettingOutlined } from '@ant-design/icons'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { appBus } from '../../lib/appBus'
import { formatDateTime } from '../../lib/time'
import {
  INCIDENT_STATUSES,
  SEVERITIES,
  type IncidentStatus,
  type IncidentSummary,
  type Severity
} from '../../../../shared/domain/incident'
import type { SearchHit } from '../../../../shared/ipc/contracts/incidents'
import type { DutyLogEntry } from '../../../../shared/domain/duty'
import { useRoomZone } from '../app/queries'
import {
  labelOf,
  useConfigOptions,
  useIncidentConfig,
  useIncidentPages,
  useSearchPages,
  type IncidentFilterInput
} from './queries'
import { SeverityTag, StatusTag } from './tags'
import { ConfigModal } from './ConfigModal'
import { MultiFilter } from '../../app/MultiFilter'
import { SelectFilter } from '../../app/SelectFilter'
import { BlockFilter, IncidentTypeFilter } from './IncidentFilters'
import { roleHas } from '../../../../shared/auth/roles'
import { useSession } from '../app/queries'
import styles from './incidents.module.css'

const ROW = 40

/** Marks every occurrence of the query's words in a text. */
function highlight(text: string, query: string): ReactNode {
  const words = query.trim().split(/\s+/).filter(Boolean)
  if (!words.length) return text
  const re = new RegExp(
    `(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`,
    'gi'
  )
  return text.split(re).map((part, i) =>
    i % 2 === 1 ? (
      <mark key={i} className={styles.mark}>
        {part}
      </mark>
    ) : (
      part
    )
  )
}

type Row =
  { kind: 'incident'; incident: IncidentSummary } | { kind: 'log'; entry: DutyLogEntry; at: number }

/**
 * Incidents newest first with filters, or full-text hits (incidents and
 * duty log entries) when a query is typed. Rows are virtualized and pages
 * load as the list scrolls, so a million rows scroll like a hundred.
 */
export function IncidentsPanel() {
  const { t } = useTranslation()
  const config = useIncidentConfig()
  const tz = useRoomZone()
  const [query, setQuery] = useState('')
  const deferredQuery = useDeferredValue(query.trim())
  const [types, setTypes] = useState<string[]>([])
  const [statuses, setStatuses] = useState<IncidentStatus[]>([])
  const [severities, setSeverities] = useState<Severity[]>([])
  const [blocks, setBlocks] = useState<string[]>([])
  const [department, setDepartment] = useState<string | null>(null)
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null)
  const [configuring, setConfiguring] = useState(false)
  const session = useSession()
  const canConfigure = session.data ? roleHas(session.data.user.role, 'settings.edit') : false

  const filter: IncidentFilterInput = useMemo(
    () => ({
      types: types.length ? types : undefined,
      statuses: statuses.length ? statuses : undefined,
      severities: severities.length ? severities : undefined,
      blocks: blocks.length ? blocks : undefined,
      department: department ?? undefined,
      fromMs: range?.[0]?.startOf('day').valueOf(),
      toMs: range?.[1]?.endOf('day').valueOf()
    }),
    [types, statuses, severities, blocks, department, range]
  )
  const searching = deferredQuery.length > 0
  const list = useIncidentPages(filter)
  const search = useSearchPages(
    searching ? { ...filter, query: deferredQuery, scope: 'all' } : null
  )
  const source = searching ? search : list

  const rows: Row[] = useMemo(() => {
    if (searching)
      return (search.data?.pages ?? []).flatMap((p) =>
        p.hits.map((h: SearchHit): Row =>
          h.kind === 'incident'
            ? { kind: 'incident', incident: h.incident }
            : { kind: 'log', entry: h.entry, at: h.at }
        )
      )
    return (list.data?.pages ?? []).flatMap((p) =>
      p.map((incident): Row => ({ kind: 'incident', incident }))
    )
  }, [searching, search.data, list.data])

  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 12
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items[items.length - 1]?.index ?? -1
  useEffect(() => {
    // only a list that scrolls asks for more: a box that grew to its content would otherwise load every page
    const box = scrollRef.current
    const scrolls = box !== null && box.clientHeight < rows.length * ROW
    if (
      scrolls &&
      lastIndex >= rows.length - 20 &&
      source.hasNextPage &&
      !source.isFetchingNextPage
    )
      void source.fetchNextPage()
  }, [lastIndex, rows.length, source])

  const departmentOptions = useConfigOptions('departments')
  const typeName = (c: string) => labelOf(t, 'incidentType', config.data?.types, c)

  return (
    <div className={styles.workspace} data-testid="incidents-panel">
      <div className={styles.toolbar}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('search.placeholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          style={{ width: 260 }}
          data-testid="incident-search"
        />
        <IncidentTypeFilter minWidth={130} value={types} onChange={setTypes} testId="filter-type" />
        <MultiFilter
          placeholder={t('incident.status')}
          minWidth={120}
          value={statuses}
          onChange={setStatuses}
          options={INCIDENT_STATUSES.map((s) => ({ value: s, label: t(`incidentStatus.${s}`) }))}
          testId="filter-status"
        />
        <MultiFilter
          placeholder={t('incident.severity')}
          minWidth={110}
          value={severities}
          onChange={setSeverities}
          options={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
        />
        <BlockFilter minWidth={120} value={blocks} onChange={setBlocks} />
        <SelectFilter
          placeholder={t('notify.department')}
          width={120}
          value={department}
          onChange={setDepartment}
          options={departmentOptions}
        />
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => setRange(v)}
          allowEmpty={[true, true]}
        />
        <span className={styles.count} data-testid="incident-count">
          {t(searching ? 'search.shown' : 'incident.shown', { count: rows.length })}
          {source.hasNextPage ? '+' : ''}
        </span>
        <span style={{ flex: 1 }} />
        {canConfigure && (
          <Button
            icon={<SettingOutlined />}
            onClick={() => setConfiguring(true)}
            aria-label={t('config.title')}
            title={t('config.title')}
          />
        )}
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => appBus.emit('incident:create', { cameraId: null, at: Date.now() })}
          data-testid="incident-new"
        >
          {t('incident.new')}
        </Button>
      </div>
      <div className={styles.listBox} ref={scrollRef} data-testid="incident-list">
        <div className={styles.listHeader}>
          <span>{t('incident.at')}</span>
          <span>{t('incident.type')}</span>
          <span>{t('incident.severity')}</span>
          <span>{t('incident.status')}</span>
          <span>{t('incident.place')}</span>
          <span>{t('incident.blockColumn')}</span>
          <span>{t('incident.description')}</span>
        </div>
        {rows.length === 0 && !source.isPending && (
          <div className={styles.empty}>{t(searching ? 'search.none' : 'incident.none')}</div>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const row = rows[v.index]
            if (row.kind === 'log')
              return (
                <div
                  key={`l${row.entry.id}`}
                  className={`${styles.listRow} ${styles.logHit}`}
                  style={{ top: v.start, height: ROW }}
                  data-testid="search-hit-log"
                >
                  <span>{formatDateTime(row.at, tz)}</span>
                  <span>{t('search.logEntry')}</span>
                  <span className={styles.cellText}>
                    {row.entry.actor} · {highlight(row.entry.text, deferredQuery)}
                  </span>
                </div>
              )
            const i = row.incident
            return (
              <div
                key={`i${i.id}`}
                className={styles.listRow}
                style={{ top: v.start, height: ROW }}
                onClick={() => appBus.emit('incident:open', { id: i.id })}
                data-testid="incident-row"
                data-incident-id={i.id}
              >
                <span>{formatDateTime(i.at, tz)}</span>
                <span className={styles.cellText}>{typeName(i.type)}</span>
                <span>
                  <SeverityTag severity={i.severity} />
                </span>
                <span>
                  <StatusTag status={i.status} />
                </span>
                <span className={styles.cellText} title={i.placeName}>
                  {highlight(i.placeName, deferredQuery)}
                </span>
                <span className={styles.cellText}>{i.block ?? '—'}</span>
                <span className={styles.cellText} title={i.description}>
                  {highlight(i.description, deferredQuery)}
                </span>
              </div>
            )
          })}
        </div>
      </div>
      <ConfigModal open={configuring} onClose={() => setConfiguring(false)} />
    </div>
  )
}
