import { useMemo, useState } from 'react'
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Segmented,
  Select,
  Space,
  Spin,
  Table,
  Tooltip
} from 'antd'
import { DownloadOutlined } from '@ant-design/icons'
import { useMutation, useQuery } from '@tanstack/react-query'
import dayjs, { type Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { api } from '../../lib/api'
import { Permitted } from '../../app/Permitted'
import { fromRoomDayjs, toRoomDayjs } from '../../lib/roomPicker'
import { errorMessage } from '../../lib/errors'
import { useRoomZone } from '../app/queries'
import { BlockFilter, IncidentTypeFilter } from '../incidents/IncidentFilters'
import { labelOf, useIncidentConfig } from '../incidents/queries'
import { downloadText } from '../../lib/download'
import type { IncidentStats } from '../../../../shared/domain/stats'
import styles from './stats.module.css'

const PALETTE = [
  '#4e9cf5',
  '#f5a623',
  '#e8684a',
  '#6dc8a3',
  '#b37feb',
  '#f6d55c',
  '#5ad8e6',
  '#ff85c0',
  '#9fa8b3'
]
type Slot = 1 | 2 | 3 | 4 | 6 | 8 | 12

/** Incidents per block × hour of day: the colour is the count relative to the busiest cell. */
function Heatmap({ stats, blockName }: { stats: IncidentStats; blockName: (b: string) => string }) {
  const { t } = useTranslation()
  const max = Math.max(1, ...stats.heatmap.counts.flat())
  return (
    <div
      className={styles.heatmap}
      style={{ gridTemplateColumns: `120px repeat(24, minmax(22px, 1fr)) 52px` }}
      data-testid="stats-heatmap"
    >
      <span />
      {Array.from({ length: 24 }, (_, h) => (
        <span key={h} className={styles.hour}>
          {h}
        </span>
      ))}
      <span className={styles.hour}>{t('stats.sum')}</span>
      {stats.heatmap.blocks.map((b, r) => {
        const row = stats.heatmap.counts[r] ?? []
        return [
          <span key={`b${b}`} className={styles.blockName} title={blockName(b)}>
            {blockName(b)}
          </span>,
          ...row.map((n, h) => (
            <Tooltip
              key={`${b}-${h}`}
              title={t('stats.cellTip', { block: blockName(b), from: h, to: h + 1, count: n })}
            >
              <span
                className={styles.cell}
                style={{
                  background: n === 0 ? undefined : `rgba(245, 84, 58, ${0.18 + 0.82 * (n / max)})`
                }}
                data-count={n}
              >
                {n || ''}
              </span>
            </Tooltip>
          )),
          <span key={`s${b}`} className={styles.rowSum}>
            {row.reduce((a, c) => a + c, 0)}
          </span>
        ]
      })}
    </div>
  )
}

/** Stacked columns per week or month, one colour per type. */
function Trend({ stats, typeName }: { stats: IncidentStats; typeName: (c: string) => string }) {
  const totals = stats.trend.labels.map((_, i) =>
    stats.trend.series.reduce((a, s) => a + (s.counts[i] ?? 0), 0)
  )
  const max = Math.max(1, ...totals)
  return (
    <div>
      <div className={styles.trend} data-testid="stats-trend">
        {stats.trend.labels.map((label, i) => (
          <div key={label} className={styles.trendCol}>
            <span className={styles.trendTotal}>{totals[i] || ''}</span>
            <div
              className={styles.trendBar}
              style={{ height: `${(100 * (totals[i] ?? 0)) / max}%` }}
            >
              {stats.trend.series.map((s, k) =>
                s.counts[i] ? (
                  <Tooltip key={s.type} title={`${typeName(s.type)}: ${s.counts[i]}`}>
                    <div style={{ flex: s.counts[i], background: PALETTE[k % PALETTE.length] }} />
                  </Tooltip>
                ) : null
              )}
            </div>
            <span className={styles.trendLabel}>
              {stats.trend.bucket === 'week' ? label.slice(5) : label}
            </span>
          </div>
        ))}
      </div>
      <Space wrap size={12} className={styles.legend}>
        {stats.trend.series.map((s, k) => (
          <span key={s.type}>
            <i style={{ background: PALETTE[k % PALETTE.length] }} /> {typeName(s.type)}
          </span>
        ))}
      </Space>
    </div>
  )
}

/**
 * Statistics for patrol planning: where and when incidents happen (block ×
 * hour), how each type trends, this period against last year, camera
 * outages per block, and the block × time slots to patrol first.
 */
export function StatsWorkspace() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const config = useIncidentConfig()
  const tz = useRoomZone()
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => {
    const today = toRoomDayjs(Date.now(), tz)
    return [today.subtract(12, 'week').startOf('week'), today.endOf('day')]
  })
  const [bucket, setBucket] = useState<'week' | 'month'>('week')
  const [slotHours, setSlotHours] = useState<Slot>(2)
  const [types, setTypes] = useState<string[]>([])
  const [blocks, setBlocks] = useState<string[]>([])
  const query = useMemo(
    () => ({
      // the picked dates are the room's calendar days, whatever zone this browser is in
      fromMs: fromRoomDayjs(range[0].startOf('day'), tz),
      toMs: fromRoomDayjs(range[1].add(1, 'day').startOf('day'), tz),
      bucket,
      slotHours,
      types: types.length ? types : undefined,
      blocks: blocks.length ? blocks : undefined
    }),
    [range, bucket, slotHours, types, blocks, tz]
  )
  const stats = useQuery({
    queryKey: ['stats', query],
    queryFn: () => api['stats:incidents'](query)
  })
  const exportCsv = useMutation({
    mutationFn: () => api['stats:exportCsv'](query),
    onSuccess: (r) => downloadText(r.fileName, r.csv),
    onError: (e) => void message.error(errorMessage(t, e))
  })
  const typeName = (c: string) =>
    c === '*' ? t('stats.allTypes') : labelOf(t, 'incidentType', config.data?.types, c)
  const blockName = (b: string) => b || t('stats.noBlock')
  const s = stats.data
  const maxOutage = Math.max(1, ...(s?.outages ?? []).map((o) => o.minutes))

  return (
    <div className={styles.workspace} data-testid="stats-workspace">
      <Space wrap className={styles.toolbar}>
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          presets={[
            {
              label: t('stats.preset.week'),
              value: [dayjs().startOf('week'), dayjs().endOf('day')]
            },
            {
              label: t('stats.preset.month'),
              value: [dayjs().startOf('month'), dayjs().endOf('day')]
            },
            {
              label: t('stats.preset.quarter'),
              value: [dayjs().subtract(90, 'day'), dayjs().endOf('day')]
            },
            {
              label: t('stats.preset.year'),
              value: [dayjs().startOf('year'), dayjs().endOf('day')]
            }
          ]}
          data-testid="stats-range"
        />
        <Segmented<'week' | 'month'>
          value={bucket}
          onChange={(v) => setBucket(v)}
          options={[
            { value: 'week', label: t('stats.byWeek') },
            { value: 'month', label: t('stats.byMonth') }
          ]}
        />
        <Select
          value={slotHours}
          onChange={setSlotHours}
          style={{ width: 130 }}
          options={([1, 2, 3, 4, 6] as const).map((h) => ({
            value: h,
            label: t('stats.slot', { hours: h })
          }))}
        />
        <IncidentTypeFilter minWidth={140} value={types} onChange={setTypes} />
        <BlockFilter minWidth={140} value={blocks} onChange={setBlocks} />
        <Permitted permission="export">
          <Button
            icon={<DownloadOutlined />}
            onClick={() => exportCsv.mutate()}
            loading={exportCsv.isPending}
            data-testid="stats-export"
          >
            {t('stats.export')}
          </Button>
        </Permitted>
        {s && (
          <span className={styles.total} data-testid="stats-total">
            {t('stats.total', { count: s.total })}
          </span>
        )}
      </Space>
      {!s ? (
        <Spin />
      ) : (
        <div className={styles.grid}>
          <Card size="small" title={t('stats.heatmap')} className={styles.wide}>
            {s.heatmap.blocks.length === 0 ? (
              <Empty />
            ) : (
              <Heatmap stats={s} blockName={blockName} />
            )}
          </Card>
          <Card size="small" title={t(bucket === 'week' ? 'stats.trendWeek' : 'stats.trendMonth')}>
            {s.total === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Trend stats={s} typeName={typeName} />
            )}
          </Card>
          <Card
            size="small"
            title={t('stats.patrolFocus', { hours: slotHours })}
            data-testid="stats-focus"
          >
            {s.patrolFocus.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <ol className={styles.focus}>
                {s.patrolFocus.map((f) => (
                  <li key={`${f.block}-${f.fromHour}`}>
                    <b>{blockName(f.block)}</b> {String(f.fromHour).padStart(2, '0')}:00–
                    {String(f.toHour).padStart(2, '0')}:00
                    <span className={styles.focusCount}>
                      {t('stats.focusCount', { count: f.count, share: f.share })}
                    </span>
                    {f.topType && <span className={styles.focusType}>{typeName(f.topType)}</span>}
                  </li>
                ))}
              </ol>
            )}
          </Card>
          <Card size="small" title={t('stats.yoy')}>
            <Table
              size="small"
              rowKey="type"
              pagination={false}
              dataSource={s.yoy}
              data-testid="stats-yoy"
              columns={[
                {
                  title: t('incident.type'),
                  dataIndex: 'type',
                  render: (c: string) => (c === '*' ? <b>{typeName(c)}</b> : typeName(c))
                },
                { title: t('stats.current'), dataIndex: 'current', align: 'right' },
                { title: t('stats.lastYear'), dataIndex: 'lastYear', align: 'right' },
                {
                  title: t('stats.change'),
                  dataIndex: 'changePct',
                  align: 'right',
                  render: (p: number | null) =>
                    p === null ? (
                      '—'
                    ) : (
                      <span
                        className={p > 0 ? styles.up : p < 0 ? styles.down : undefined}
                      >{`${p > 0 ? '+' : ''}${p}%`}</span>
                    )
                }
              ]}
            />
          </Card>
          <Card size="small" title={t('stats.outages')} data-testid="stats-outages">
            {s.outages.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stats.noOutages')} />
            ) : (
              s.outages.map((o) => (
                <div key={o.block} className={styles.outageRow}>
                  <span className={styles.blockName}>{blockName(o.block)}</span>
                  <span className={styles.outageBar}>
                    <i style={{ width: `${(100 * o.minutes) / maxOutage}%` }} />
                  </span>
                  <span>
                    {t('stats.outageMinutes', { minutes: o.minutes, cameras: o.cameras })}
                  </span>
                </div>
              ))
            )}
          </Card>
        </div>
      )}
    </div>
  )
}
