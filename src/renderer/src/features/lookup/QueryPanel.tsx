import { useMemo } from 'react'
import { Button, Segmented, Select, Slider, Space, Tooltip, Typography } from 'antd'
import { SearchOutlined, VideoCameraOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { RoomRangePicker } from '../../app/RoomRangePicker'
import type { Road } from '../../../../shared/domain/road'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import type { OriginPick } from '../../../../shared/ipc/contracts/lookup'
import { labelMatches } from '../../lib/search'
import { HintFields } from './HintFields'
import { platePatternProblem } from './model/hints'
import type { LookupHints } from '../../../../shared/lookup/types'

export type Origin = { lng: number; lat: number; label: string; pick: OriginPick }

export type QueryDraft = {
  pick: OriginPick
  /** the last map click (used when pick is 'map') */
  mapOrigin: Origin | null
  cameraId: number | null
  roadId: number | null
  /** 0-100 along the road */
  roadPos: number
  fromMs: number
  toMs: number
  /** what a witness or a nearby camera told */
  hints: LookupHints
}

/** Where and when: origin by map click, camera or road position, and the window in the room's zone. */
export function QueryPanel({
  draft,
  onChange,
  onRun,
  onTakeTime,
  running,
  data
}: {
  draft: QueryDraft
  onChange: (patch: Partial<QueryDraft>) => void
  onRun: () => void
  /** open the footage at the place to read the time off a frame */
  onTakeTime: () => void
  running: boolean
  data: {
    cameras: readonly CameraView[]
    roads: readonly Road[]
    timeZone: string
    origin: Origin | null
  }
}) {
  const { t } = useTranslation()
  const { timeZone, origin } = data
  const roadOptions = useMemo(
    () =>
      [...data.roads]
        .sort(
          (a, b) =>
            (a.kind === 'parking' ? 0 : 1) - (b.kind === 'parking' ? 0 : 1) ||
            a.name.localeCompare(b.name)
        )
        .map((r) => ({
          value: r.id,
          label: r.kind === 'parking' ? t('lookup.exitOption', { name: r.name }) : r.name
        })),
    [data.roads, t]
  )
  /** The camera or the road the origin is picked by, searchable by name, code or pinyin initials. */
  const originSelect = (
    field: 'cameraId' | 'roadId',
    placeholder: string,
    options: { value: number; label: string }[],
    testId: string
  ) => (
    <Select
      showSearch
      style={{ width: '100%' }}
      value={draft[field]}
      placeholder={placeholder}
      onChange={(id: number) => onChange({ [field]: id })}
      filterOption={labelMatches}
      options={options}
      data-testid={testId}
    />
  )
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={6}>
      <Segmented<OriginPick>
        block
        value={draft.pick}
        onChange={(pick) => onChange({ pick })}
        options={[
          { value: 'map', label: t('lookup.pick.map') },
          { value: 'camera', label: t('lookup.pick.camera') },
          { value: 'road', label: t('lookup.pick.road') }
        ]}
        data-testid="lookup-pick"
      />
      {draft.pick === 'camera' &&
        originSelect(
          'cameraId',
          t('lookup.pickCamera'),
          data.cameras.map((c) => ({ value: c.id, label: `${c.code} ${c.name}` })),
          'lookup-camera'
        )}
      {draft.pick === 'road' && (
        <>
          {originSelect('roadId', t('lookup.pickRoad'), roadOptions, 'lookup-road')}
          <Space style={{ width: '100%' }}>
            <Typography.Text type="secondary">{t('lookup.roadPos')}</Typography.Text>
            <Slider
              style={{ width: 260 }}
              min={0}
              max={100}
              value={draft.roadPos}
              onChange={(roadPos: number) => onChange({ roadPos })}
              tooltip={{ formatter: (v) => `${v}%` }}
            />
          </Space>
        </>
      )}
      <Typography.Text
        type={origin ? undefined : 'secondary'}
        data-testid="lookup-origin"
        data-lat={origin?.lat}
        data-lng={origin?.lng}
        title={origin ? `${origin.lat.toFixed(5)}, ${origin.lng.toFixed(5)}` : undefined}
      >
        {origin ? origin.label : t('lookup.clickMap')}
      </Typography.Text>
      <div data-testid="lookup-window-range">
        <RoomRangePicker
          fromMs={draft.fromMs}
          toMs={draft.toMs}
          timeZone={timeZone}
          onChange={onChange}
        />
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('lookup.hint.title')}
      </Typography.Text>
      <HintFields
        value={draft.hints}
        onChange={(patch) => onChange({ hints: { ...draft.hints, ...patch } })}
        testId="lookup-hints"
      />
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Tooltip title={t('lookup.takeTimeHint')}>
          <Button
            size="small"
            icon={<VideoCameraOutlined />}
            disabled={!origin}
            onClick={onTakeTime}
            data-testid="lookup-take-time"
          >
            {t('lookup.takeTime')}
          </Button>
        </Tooltip>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('lookup.zoneNote', {
            zone: timeZone,
            minutes: Math.round((draft.toMs - draft.fromMs) / 60_000)
          })}
        </Typography.Text>
        <Button
          type="primary"
          icon={<SearchOutlined />}
          disabled={
            !origin || draft.toMs < draft.fromMs || !!platePatternProblem(draft.hints.plate ?? '')
          }
          loading={running}
          onClick={onRun}
          data-testid="lookup-run"
        >
          {t('lookup.run')}
        </Button>
      </Space>
    </Space>
  )
}
