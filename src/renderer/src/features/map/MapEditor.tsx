import { useCallback, useMemo, useState } from 'react'
import {
  App,
  AutoComplete,
  Badge,
  Button,
  Card,
  Descriptions,
  Empty,
  Space,
  Switch,
  Typography
} from 'antd'
import { DesktopOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { Road } from '../../../../shared/domain/road'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import { matchesSearch } from '../../lib/search'
import { appBus } from '../../lib/appBus'
import { errorMessage } from '../../lib/errors'
import { formatDateTime } from '../../lib/time'
import { UndoRedoButtons, useUndoRedoKeys } from '../../app/undoRedo'
import { Tile } from '../wall/Tile'
import { SiteMap, STATUS_COLORS } from './SiteMap'
import {
  emptyHistory,
  poseDelta,
  record,
  redo,
  undo,
  type History,
  type Pose,
  type PoseCommand
} from './model/commands'
import { useUpdateCamera } from '../registry/mutations'
import styles from './map.module.css'

type Props = {
  roads: readonly Road[]
  cameras: readonly CameraView[]
  canEdit: boolean
  timeZone: string
  roadOf: (c: CameraView) => string | undefined
}

/**
 * The registry's map tab: find a camera (pinyin initials too), see its
 * details and live picture, put it on the wall; technicians move cameras and
 * turn or widen their cones, with undo/redo. Saved poses reach every window
 * through `registry:changed`.
 */
export function MapEditor({ roads, cameras, canEdit, timeZone, roadOf }: Props) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [selectedId, setSelectedId] = useState<number | null>(null)
  const [focus, setFocus] = useState<{ cameraId: number; nonce: number } | null>(null)
  const [editing, setEditing] = useState(false)
  const [history, setHistory] = useState<History>(emptyHistory)
  const [query, setQuery] = useState('')
  const update = useUpdateCamera()
  const selected = useMemo(
    () => cameras.find((c) => c.id === selectedId) ?? null,
    [cameras, selectedId]
  )

  const options = useMemo(() => {
    if (!query.trim()) return []
    const out: { value: string; label: React.ReactNode; id: number }[] = []
    for (const c of cameras) {
      if (!matchesSearch(query, [c.code, c.name, roadOf(c) ?? ''])) continue
      out.push({
        value: String(c.id),
        id: c.id,
        label: (
          <span data-testid="map-search-option">
            {c.code} · {c.name}
          </span>
        )
      })
      if (out.length >= 30) break
    }
    return out
  }, [query, cameras, roadOf])

  const apply = useCallback(
    (cameraId: number, pose: Partial<Pose>) =>
      update
        .mutateAsync({ id: cameraId, patch: pose })
        .catch((err: unknown) => void message.error(errorMessage(t, err))),
    [update, message, t]
  )

  const onEdit = (cmd: PoseCommand) => {
    setHistory((h) => record(h, cmd))
    void apply(cmd.cameraId, poseDelta(cmd.before, cmd.after))
  }
  // undo and redo both hand back the pose to send again
  const travel = useCallback(
    (move: typeof undo | typeof redo) => {
      const r = move(history)
      if (!r) return
      setHistory(r.history)
      void apply(r.apply.cameraId, r.apply.pose)
    },
    [history, apply]
  )
  const doUndo = () => travel(undo)
  const doRedo = () => travel(redo)

  useUndoRedoKeys(editing, doUndo, doRedo)

  const select = (id: number) => {
    setSelectedId(id)
    setFocus({ cameraId: id, nonce: Date.now() })
  }

  return (
    <div className={styles.editor}>
      <div className={styles.mapArea}>
        <SiteMap
          roads={roads}
          cameras={cameras}
          selectedCameraId={selectedId}
          editable={canEdit && editing}
          onEdit={onEdit}
          focus={focus}
          onPick={(p) => setSelectedId(p.camera?.id ?? null)}
        />
        <div className={styles.legend}>
          {(['online', 'degraded', 'offline', 'unknown'] as const).map((s) => (
            <span key={s}>
              <i style={{ background: STATUS_COLORS[s] }} />
              {t(`cameraStatus.${s}`)}
            </span>
          ))}
        </div>
      </div>
      <div className={styles.side}>
        <AutoComplete
          style={{ width: '100%' }}
          value={query}
          options={options}
          onSearch={setQuery}
          onChange={setQuery}
          onSelect={(v: string) => {
            setQuery('')
            select(Number(v))
          }}
          placeholder={t('registry.searchPlaceholder')}
          data-testid="map-search"
        />
        {canEdit && (
          <Card size="small">
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space>
                <Switch checked={editing} onChange={setEditing} data-testid="map-edit-mode" />
                <span>{t('map.technicianMode')}</span>
              </Space>
              {editing && (
                <>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('map.editHint')}
                  </Typography.Text>
                  <Space>
                    <UndoRedoButtons
                      size="small"
                      canUndo={history.past.length > 0}
                      canRedo={history.future.length > 0}
                      onUndo={doUndo}
                      onRedo={doRedo}
                      labels={{ undo: t('map.undo'), redo: t('map.redo') }}
                      testIdPrefix="map"
                    />
                    {update.isPending && (
                      <Typography.Text type="secondary">{t('map.saving')}</Typography.Text>
                    )}
                  </Space>
                </>
              )}
            </Space>
          </Card>
        )}
        {selected ? (
          <Card
            size="small"
            title={`${selected.code} · ${selected.name}`}
            data-testid="map-details"
            data-code={selected.code}
            extra={
              <Button
                size="small"
                icon={<DesktopOutlined />}
                onClick={() => appBus.emit('wall:show', { cameraId: selected.id })}
                data-testid="map-open-wall"
              >
                {t('map.openOnWall')}
              </Button>
            }
          >
            <div className={styles.preview}>
              <Tile camera={selected} timeZone={timeZone} />
            </div>
            <Descriptions size="small" column={2} style={{ marginTop: 8 }}>
              <Descriptions.Item label={t('camera.status')} span={2}>
                <Badge
                  color={STATUS_COLORS[selected.status]}
                  text={t(`cameraStatus.${selected.status}`)}
                />
                {selected.lastSeenAt && (
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                    {t('registry.lastSeen')} {formatDateTime(selected.lastSeenAt, timeZone)}
                  </Typography.Text>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('registry.road')} span={2}>
                {roadOf(selected) ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('camera.lat')}>
                <span data-testid="map-details-lat">{selected.lat.toFixed(7)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('camera.lng')}>
                <span data-testid="map-details-lng">{selected.lng.toFixed(7)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('registry.heading')}>
                {selected.headingDeg === null ? '—' : `${selected.headingDeg}°`}
              </Descriptions.Item>
              <Descriptions.Item label={t('registry.fov')}>
                {selected.fovDeg === null ? '—' : `${selected.fovDeg}°`}
              </Descriptions.Item>
              <Descriptions.Item label={t('camera.block')}>
                {selected.block ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('camera.community')}>
                {selected.community ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('camera.anpr')}>
                {selected.anpr ? t('common.yes') : t('common.no')}
              </Descriptions.Item>
              <Descriptions.Item label={t('camera.owner')}>
                {selected.owner ? t(`owner.${selected.owner}`) : '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        ) : (
          <Card size="small">
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('map.pickHint')} />
          </Card>
        )}
      </div>
    </div>
  )
}
