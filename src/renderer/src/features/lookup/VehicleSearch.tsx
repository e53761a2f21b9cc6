import { useMemo } from 'react'
import { Alert, Button, Empty, List, Select, Space, Tag, Typography } from 'antd'
import { ClearOutlined, EditOutlined, SearchOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { RoomRangePicker } from '../../app/RoomRangePicker'
import { api } from '../../lib/api'
import { labelMatches } from '../../lib/search'
import { formatTime } from '../../lib/time'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import type { InputOf } from '../../../../shared/ipc/contract'
import type { VehicleSearchHit } from '../../../../shared/ipc/contracts/lookup'
import type { LookupHints, TrailPoint } from '../../../../shared/lookup/types'
import { HintFields, HEADING_ARROWS } from './HintFields'
import { VirtualList } from './VirtualList'
import { cleanHints, hintValueLabel, platePatternProblem, type Lang } from './model/hints'
import { ReadPlate } from './ReadPlate'
import styles from './lookup.module.css'

export type SearchDraft = {
  hints: LookupHints
  cameraCodes: string[]
  /** [lng, lat] corners of an area drawn on the map */
  area: [number, number][]
  /** map clicks add corners to the area */
  drawing: boolean
  fromMs: number
  toMs: number
}

export type SearchInput = InputOf<'sightings:search'>

/** The draft as the API's input (hints become filters; an area needs three corners). */
export function searchInput(d: SearchDraft): SearchInput {
  const h = cleanHints(d.hints) ?? {}
  return {
    ...h,
    ...(d.cameraCodes.length ? { cameraCodes: d.cameraCodes } : {}),
    ...(d.area.length >= 3 ? { area: d.area } : {}),
    fromMs: d.fromMs,
    toMs: d.toMs,
    limit: 200
  }
}

/** The value most of a vehicle's reads carry for one attribute, or null. */
function usual<K extends keyof TrailPoint>(points: readonly TrailPoint[], key: K): string | null {
  const n = new Map<string, number>()
  for (const p of points) {
    const v = p[key]
    if (typeof v === 'string') n.set(v, (n.get(v) ?? 0) + 1)
  }
  let best: string | null = null
  for (const [v, c] of n) if (best === null || c > (n.get(best) ?? 0)) best = v
  return best
}

/**
 * Vehicle search (以车搜车): plate pattern, colour, type, brand, heading,
 * cameras or an area drawn on the map, and a period → matching pass records,
 * grouped by vehicle, best first; a vehicle's reads become its trail.
 */
export function VehicleSearch({
  draft,
  onChange,
  submitted,
  onSubmit,
  selection,
  data
}: {
  draft: SearchDraft
  onChange: (patch: Partial<SearchDraft>) => void
  submitted: SearchInput | null
  onSubmit: (input: SearchInput) => void
  selection: { plate: string | null; onSelect: (hit: VehicleSearchHit) => void }
  data: { cameras: readonly CameraView[]; timeZone: string; cameraName: (code: string) => string }
}) {
  const { t, i18n } = useTranslation()
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const { timeZone } = data
  const search = useQuery({
    queryKey: ['lookup', 'search', submitted],
    queryFn: () => api['sightings:search'](submitted!),
    enabled: submitted !== null,
    placeholderData: keepPreviousData
  })
  const anpr = useMemo(
    () =>
      data.cameras
        .filter((c) => c.anpr)
        .map((c) => ({ value: c.code, label: `${c.name} ${c.code}` })),
    [data.cameras]
  )
  const selected = search.data?.vehicles.find((v) => v.plate === selection.plate) ?? null
  const bad = !!platePatternProblem(draft.hints.plate ?? '')
  const attr = (v: VehicleSearchHit) =>
    [
      usual(v.sightings, 'vehicleColor') &&
        hintValueLabel('color', usual(v.sightings, 'vehicleColor')!, lang),
      usual(v.sightings, 'vehicleType') &&
        hintValueLabel('type', usual(v.sightings, 'vehicleType')!, lang),
      usual(v.sightings, 'vehicleBrand') &&
        hintValueLabel('brand', usual(v.sightings, 'vehicleBrand')!, lang)
    ]
      .filter(Boolean)
      .join(' · ')

  return (
    <>
      <Space direction="vertical" style={{ width: '100%' }} size={6} data-testid="vehicle-search">
        <HintFields
          value={draft.hints}
          onChange={(patch) => onChange({ hints: { ...draft.hints, ...patch } })}
          testId="search-fields"
        />
        <Select
          mode="multiple"
          allowClear
          size="small"
          style={{ width: '100%' }}
          placeholder={t('lookup.search.cameras')}
          value={draft.cameraCodes}
          onChange={(cameraCodes: string[]) => onChange({ cameraCodes })}
          filterOption={labelMatches}
          options={anpr}
          maxTagCount="responsive"
          data-testid="search-cameras"
        />
        <Space size={6} wrap>
          <Button
            size="small"
            icon={<EditOutlined />}
            type={draft.drawing ? 'primary' : 'default'}
            onClick={() =>
              onChange(draft.drawing ? { drawing: false } : { drawing: true, area: [] })
            }
            data-testid="search-draw"
          >
            {draft.drawing ? t('lookup.search.drawDone') : t('lookup.search.draw')}
          </Button>
          {draft.area.length > 0 && (
            <Button
              size="small"
              icon={<ClearOutlined />}
              onClick={() => onChange({ area: [], drawing: false })}
            >
              {t('lookup.search.clearArea')}
            </Button>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="search-area">
            {draft.drawing
              ? t('lookup.search.drawing', { count: draft.area.length })
              : draft.area.length >= 3
                ? t('lookup.search.area', { count: draft.area.length })
                : t('lookup.search.noArea')}
          </Typography.Text>
        </Space>
        <div data-testid="search-range">
          <RoomRangePicker
            size="small"
            fromMs={draft.fromMs}
            toMs={draft.toMs}
            timeZone={timeZone}
            onChange={onChange}
          />
        </div>
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button
            type="primary"
            icon={<SearchOutlined />}
            disabled={bad || draft.toMs < draft.fromMs}
            loading={search.isFetching}
            onClick={() => onSubmit(searchInput({ ...draft, drawing: false }))}
            data-testid="search-run"
          >
            {t('lookup.search.run')}
          </Button>
        </Space>
      </Space>
      {search.isError && <Alert type="error" showIcon message={String(search.error)} />}
      {search.data && (
        <div className={styles.pane} data-testid="search-results" data-total={search.data.total}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {search.data.truncated
              ? t('lookup.search.truncated', {
                  count: search.data.vehicles.length,
                  total: search.data.total
                })
              : t('lookup.search.found', { count: search.data.total })}
          </Typography.Text>
          {search.data.vehicles.length === 0 ? (
            <Empty description={t('lookup.search.none')} />
          ) : (
            <VirtualList
              items={search.data.vehicles}
              rowHeight={40}
              testId="search-vehicles"
              render={(v) => (
                <div
                  className={`${styles.row} ${v.plate === selection.plate ? styles.rowSelected : ''}`}
                  style={{ height: 40 }}
                  onClick={() => selection.onSelect(v)}
                  data-testid="search-vehicle"
                  data-plate={v.plate}
                >
                  <span className={styles.plate} style={{ width: 90 }}>
                    {v.plate}
                  </span>
                  <span className={styles.grow}>
                    <span style={{ fontSize: 12 }}>{attr(v)}</span>
                    <br />
                    <span className={styles.mono}>
                      {formatTime(v.sightings[0]?.ts ?? 0, timeZone)}–
                      {formatTime(v.sightings[v.sightings.length - 1]?.ts ?? 0, timeZone)}
                    </span>
                  </span>
                  <span className={styles.mono}>
                    {t('lookup.search.reads', { count: v.sightings.length })}
                  </span>
                </div>
              )}
            />
          )}
          {selected && (
            <List
              size="small"
              className={styles.detail}
              data-testid="search-trail"
              header={
                <Typography.Text strong>
                  {t('lookup.search.trailOf', { plate: selected.plate })}
                </Typography.Text>
              }
              dataSource={selected.sightings}
              renderItem={(p) => (
                <List.Item style={{ padding: '2px 8px' }}>
                  <span className={styles.mono}>{formatTime(p.ts, timeZone)}</span>
                  <span className={styles.grow} style={{ marginInline: 8 }}>
                    {data.cameraName(p.cameraCode)}
                  </span>
                  {p.direction && (
                    <Tag>
                      {HEADING_ARROWS[p.direction]} {hintValueLabel('heading', p.direction, lang)}
                    </Tag>
                  )}
                  <ReadPlate plate={p.plate} fuzzy={p.fuzzy} />
                </List.Item>
              )}
            />
          )}
        </div>
      )}
    </>
  )
}
