import { useState } from 'react'
import { Form, InputNumber, Modal, Radio, Select } from 'antd'
import { useTranslation } from 'react-i18next'
import { TOUR_DWELL_MAX_MS, TOUR_DWELL_MIN_MS, type TourSpec } from './model/tour'

export type TourSource = { key: string; label: string; cameraIds: number[] }

/** Starts a tour: which cameras, on one tile or the whole wall, and how long each stays. */
export function TourModal({
  sources,
  tileCount,
  onStart,
  onClose
}: {
  sources: TourSource[]
  tileCount: number
  onStart: (spec: Omit<TourSpec, 'startedAt'>) => void
  onClose: () => void
}) {
  const { t } = useTranslation()
  const [sourceKey, setSourceKey] = useState(sources[0]?.key)
  const [target, setTarget] = useState<'tile' | 'wall'>('tile')
  const [tile, setTile] = useState(0)
  const [seconds, setSeconds] = useState(10)
  const source = sources.find((s) => s.key === sourceKey)
  return (
    <Modal
      open
      title={t('tour.title')}
      okText={t('tour.start')}
      cancelText={t('common.cancel')}
      okButtonProps={{
        disabled: !source || source.cameraIds.length === 0,
        'data-testid': 'tour-start'
      }}
      onCancel={onClose}
      onOk={() =>
        source &&
        onStart({
          cameraIds: source.cameraIds,
          label: source.label,
          dwellMs: seconds * 1000,
          target:
            target === 'wall'
              ? { kind: 'wall' }
              : { kind: 'tile', index: Math.min(tile, tileCount - 1) }
        })
      }
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('tour.source')}>
          <Select
            showSearch
            optionFilterProp="label"
            value={sourceKey}
            onChange={setSourceKey}
            options={sources.map((s) => ({
              value: s.key,
              label: `${s.label} (${s.cameraIds.length})`
            }))}
            data-testid="tour-source"
          />
        </Form.Item>
        <Form.Item label={t('tour.target')}>
          <Radio.Group
            value={target}
            onChange={(e) => setTarget(e.target.value as 'tile' | 'wall')}
            data-testid="tour-target"
          >
            <Radio value="tile">{t('tour.oneTile')}</Radio>
            <Radio value="wall">{t('tour.wholeWall')}</Radio>
          </Radio.Group>
          {target === 'tile' && (
            <Select
              style={{ width: 140, marginLeft: 8 }}
              value={tile}
              onChange={setTile}
              options={Array.from({ length: tileCount }, (_, i) => ({
                value: i,
                label: t('tour.tileN', { n: i + 1 })
              }))}
              data-testid="tour-tile"
            />
          )}
        </Form.Item>
        <Form.Item label={t('tour.dwell')} extra={t('tour.dwellHint')}>
          <span data-testid="tour-dwell">
            <InputNumber
              min={TOUR_DWELL_MIN_MS / 1000}
              max={TOUR_DWELL_MAX_MS / 1000}
              value={seconds}
              onChange={(v) => v && setSeconds(v)}
              addonAfter={t('tour.seconds')}
            />
          </span>
        </Form.Item>
      </Form>
    </Modal>
  )
}
