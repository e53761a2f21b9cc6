import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import {
  Button,
  Empty,
  Input,
  List,
  Popconfirm,
  Select,
  Space,
  Tooltip,
  Typography,
  message
} from 'antd'
import {
  CameraOutlined,
  CaretRightOutlined,
  DeleteOutlined,
  DownloadOutlined,
  PauseOutlined,
  StarOutlined,
  StepBackwardOutlined,
  StepForwardOutlined,
  ZoomInOutlined,
  ZoomOutOutlined
} from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { roleHas } from '../../../../shared/auth/roles'
import { Permitted } from '../../app/Permitted'
import { useCameras, useSession, useRoomZone } from '../app/queries'
import { labelMatches } from '../../lib/search'
import { formatDateTime } from '../../lib/time'
import { PlaybackClock } from './model/clock'
import { mediaTimeAt } from './model/sync'
import { centred, follow, zoom, type TimeView } from './model/timeScale'
import { formatClock, formatDay, parseRoomTime } from './model/roomTime'
import { MAX_PLAYBACK_CAMERAS, playbackSession, usePlaybackSelection } from './playbackSession'
import { useAvailability, useBookmarks, useIncidentMarks, usePlaybackSources } from './queries'
import { useAddBookmark, useDeleteBookmark, useSnapshot } from './mutations'
import { UseForLookupButton } from './UseForLookupButton'
import { PlaybackTile } from './PlaybackTile'
import { Timeline, type TimelineMark } from './Timeline'
import { ExportDialog } from './ExportDialog'
import type { VodPlayer } from '../player/useVodPlayer'
import { useSyncLoop } from './useSyncLoop'
import styles from './playback.module.css'

export const SPEEDS = [0.125, 0.25, 0.5, 1, 2, 4, 8, 16] as const
/** Half-width of the VOD window each tile loads around the clock. */
const WINDOW_HALF_MS = 3600_000
/** Reload the window when the clock gets this close to its edge. */
const WINDOW_MARGIN_MS = 120_000

const gridCols = (n: number) => (n <= 1 ? 1 : n <= 4 ? 2 : n <= 9 ? 3 : 4)

function windowAround(t: number, now: number): { from: number; to: number } {
  const minute = 60_000
  const from = Math.floor((t - WINDOW_HALF_MS) / minute) * minute
  const to = Math.min(
    Math.ceil((t + WINDOW_HALF_MS) / minute) * minute,
    Math.ceil(now / 1000) * 1000
  )
  return { from, to: Math.max(to, from + minute) }
}

/**
 * Synchronized review of recorded footage: up to 16 cameras on one master
 * clock, a shared timeline, transport controls, bookmarks and evidence export.
 */
export function PlaybackWorkspace() {
  const { t } = useTranslation()
  const cameras = useCameras()
  const session = useSession()
  const timeZone = useRoomZone()
  const role = session.data?.user.role
  const canPlay = role ? roleHas(role, 'playback') : false
  const canExport = role ? roleHas(role, 'export') : false
  const selection = usePlaybackSelection()
  const cameraIds = selection.cameraIds
  const byId = useMemo(() => new Map((cameras.data ?? []).map((c) => [c.id, c])), [cameras.data])

  // ---- the master clock ----
  const [clock] = useState(() => new PlaybackClock(selection.cue ?? Date.now() - 3600_000))
  const clockTime = useCallback(() => clock.time(), [clock])
  // re-rendered on play, pause, rate and every seek: the clock's anchor is on the page for tests
  useSyncExternalStore(
    useCallback((l: () => void) => clock.subscribe(l), [clock]),
    () => {
      const s = clock.state()
      return `${s.anchorTime}|${s.anchorAt}|${s.playing}|${s.rate}|${s.held}`
    }
  )
  const clockState = clock.state()
  const [displayTime, setDisplayTime] = useState(() => clock.time())
  const [view, setView] = useState<TimeView>(() => centred(clock.time(), 3600_000))
  const [win, setWin] = useState(() => windowAround(clock.time(), Date.now()))
  const [gaps, setGaps] = useState<Record<number, boolean>>({})
  const players = useRef(new Map<number, VodPlayer>())
  const holdSince = useRef(0)

  const register = useCallback((cameraId: number, p: VodPlayer | null) => {
    if (p) players.current.set(cameraId, p)
    else players.current.delete(cameraId)
  }, [])
  const sync = useMemo(() => ({ clockTime, register }), [clockTime, register])

  const seek = useCallback(
    (to: number) => {
      clock.seek(to)
      holdSince.current = performance.now()
      // Start every tile's seek now rather than on the loop's next pass.
      for (const p of players.current.values()) {
        const m = mediaTimeAt(p.spans, to)
        if (m !== undefined) p.video.currentTime = m
      }
      setDisplayTime(to)
      setView((v) => follow(v, to))
      const now = Date.now()
      setWin((w) =>
        to < w.from + WINDOW_MARGIN_MS ||
        (to > w.to - WINDOW_MARGIN_MS && w.to < now - 5000) ||
        to > w.to
          ? windowAround(to, now)
          : w
      )
    },
    [clock]
  )

  // A `playback:open` while mounted seeks there (before mounting, the clock starts at the cue);
  // leaving the workspace keeps the position for the next visit.
  useEffect(() => {
    let serial = playbackSession.get().serial
    const off = playbackSession.subscribe(() => {
      const s = playbackSession.get()
      if (s.serial === serial || s.cue === null) return
      serial = s.serial
      seek(s.cue)
      setView(centred(s.cue, 3600_000))
    })
    return () => {
      off()
      playbackSession.remember(clock.time())
    }
  }, [seek, clock])

  const sources = usePlaybackSources(canPlay ? cameraIds : [], win.from, win.to)
  const urlOf = useMemo(
    () => new Map((sources.data ?? []).map((s) => [s.cameraId, s.url])),
    [sources.data]
  )

  // ---- the sync loop: every tile follows the clock ----
  const hasSource = useCallback((id: number) => !!urlOf.get(id), [urlOf])
  useSyncLoop({
    clock,
    cameraIds,
    players,
    hasSource,
    holdSince,
    onTick: (T, nextGaps) => {
      setGaps((g) =>
        cameraIds.some((id) => (g[id] ?? false) !== (nextGaps[id] ?? false)) ? nextGaps : g
      )
      setDisplayTime(T)
      if (clock.playing) {
        setView((v) => follow(v, T))
        const now = Date.now()
        setWin((w) =>
          (T > w.to - WINDOW_MARGIN_MS && w.to < now - 5000) || T > w.to || T < w.from
            ? windowAround(T, now)
            : w
        )
      }
    }
  })

  // ---- controls ----
  const fps = () => {
    const first = players.current.values().next().value
    return first?.fps ?? 15
  }
  const togglePlay = () => (clock.playing ? clock.pause() : clock.play())
  const jump = (ms: number) => seek(clock.time() + ms)
  const step = (dir: 1 | -1) => {
    if (clock.playing) clock.pause()
    seek(clock.time() + (dir * 1000) / fps())
  }
  const [gotoText, setGotoText] = useState('')
  const goTo = () => {
    const parsed = parseRoomTime(gotoText, timeZone, clock.time())
    if (parsed === undefined) {
      void message.error(t('playback.badTime'))
      return
    }
    seek(parsed)
    setView(centred(parsed, view.end - view.start))
  }

  // ---- timeline data ----
  const minGap = Math.max(0, Math.round((view.end - view.start) / 1000))
  const q = (ms: number) => Math.floor(ms / 60_000) * 60_000
  const availFrom = q(view.start)
  const availTo = q(view.end) + 60_000
  const availability = useAvailability(canPlay ? cameraIds : [], availFrom, availTo, minGap)
  const bookmarks = useBookmarks(availFrom, availTo, canPlay)
  const incidents = useIncidentMarks(availFrom, availTo)
  const marks: TimelineMark[] = useMemo(
    () => [
      ...(bookmarks.data ?? []).map((b) => ({
        id: `b${b.id}`,
        at: b.at,
        kind: 'bookmark' as const,
        label: b.note
      })),
      ...(incidents.data ?? []).map((i) => ({
        id: `i${i.id}`,
        at: i.at,
        kind: 'incident' as const,
        label: `${i.placeName} ${i.description}`.trim()
      }))
    ],
    [bookmarks.data, incidents.data]
  )

  const timelineRows = useMemo(
    () => cameraIds.map((id) => ({ cameraId: id, label: byId.get(id)?.code ?? String(id) })),
    [cameraIds, byId]
  )
  const availabilityData = useMemo(() => availability.data ?? [], [availability.data])

  // ---- bookmarks, snapshot, export ----
  const [note, setNote] = useState('')
  const addBookmark = useAddBookmark()
  const deleteBookmark = useDeleteBookmark()
  const snapshot = useSnapshot()
  const [exportOpen, setExportOpen] = useState(false)
  // The side list: the last six days, on a range that stays put (mutations invalidate it).
  const [listRange] = useState(() => {
    const hour = 3600_000
    // (the API takes at most 8 days at once)
    return {
      from: Math.floor((Date.now() - 6 * 24 * hour) / hour) * hour,
      to: Math.ceil((Date.now() + 24 * hour) / hour) * hour
    }
  })
  const allBookmarks = useBookmarks(listRange.from, listRange.to, canPlay)

  const onAddBookmark = async () => {
    const text = note.trim()
    if (!text) return
    await addBookmark.mutateAsync({ at: Math.round(clock.time()), note: text, cameraIds })
    setNote('')
    void message.success(t('playback.bookmarkAdded'))
  }
  const onSnapshot = async () => {
    const id = cameraIds[0]
    if (id === undefined) return
    const file = await snapshot.mutateAsync({ cameraId: id, at: Math.round(clock.time()) })
    window.open(file.url, '_blank', 'noopener')
  }

  if (session.data && !canPlay) {
    return <Empty className={styles.empty} description={t('playback.noPermission')} />
  }

  const tiles = cameraIds.map((id) => (
    <PlaybackTile
      key={id}
      cameraId={id}
      camera={byId.get(id)}
      url={urlOf.get(id) ?? null}
      gap={gaps[id] ?? false}
      sync={sync}
    />
  ))

  return (
    <div className={styles.root} data-testid="playback-root">
      <div className={styles.toolbar}>
        <Select
          mode="multiple"
          className={styles.picker}
          maxCount={MAX_PLAYBACK_CAMERAS}
          maxTagCount="responsive"
          value={cameraIds}
          onChange={(ids: number[]) => playbackSession.setCameras(ids)}
          placeholder={t('playback.pickCameras')}
          filterOption={labelMatches}
          options={(cameras.data ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))}
          allowClear
          data-testid="playback-cameras"
        />
        {cameraIds.length > 1 && (
          <Button
            size="small"
            onClick={() => playbackSession.setCameras([])}
            data-testid="playback-clear"
          >
            {t('playback.clearAll', { count: cameraIds.length })}
          </Button>
        )}
        <div
          className={styles.clock}
          data-testid="playback-clock"
          data-ms={Math.round(displayTime)}
          data-anchor-time={clockState.anchorTime}
          data-anchor-at={clockState.anchorAt}
          data-rate={clockState.rate}
          data-playing={clockState.playing ? '1' : '0'}
          data-held={clockState.held ? '1' : '0'}
        >
          <span className={styles.day}>{formatDay(displayTime, timeZone)}</span>{' '}
          {formatClock(displayTime, timeZone)}
        </div>
        <Space.Compact>
          <Input
            placeholder={t('playback.goToPlaceholder')}
            value={gotoText}
            onChange={(e) => setGotoText(e.target.value)}
            onPressEnter={goTo}
            style={{ width: 170 }}
            data-testid="playback-goto"
          />
          <Button onClick={goTo}>{t('playback.goTo')}</Button>
        </Space.Compact>
      </div>
      <div className={styles.transport}>
        <Space size={4} wrap>
          <Tooltip title={t('playback.back1m')}>
            <Button onClick={() => jump(-60_000)} data-testid="playback-back-1m">
              −1 min
            </Button>
          </Tooltip>
          <Tooltip title={t('playback.back10s')}>
            <Button onClick={() => jump(-10_000)} data-testid="playback-back-10s">
              −10 s
            </Button>
          </Tooltip>
          <Tooltip title={t('playback.frameBack')}>
            <Button
              icon={<StepBackwardOutlined />}
              disabled={clock.playing}
              onClick={() => step(-1)}
              data-testid="playback-frame-back"
            />
          </Tooltip>
          <Button
            type="primary"
            icon={clock.playing ? <PauseOutlined /> : <CaretRightOutlined />}
            onClick={togglePlay}
            disabled={cameraIds.length === 0}
            data-testid="playback-play"
            data-playing={clock.playing ? '1' : '0'}
          >
            {clock.playing ? t('playback.pause') : t('playback.play')}
          </Button>
          <Tooltip title={t('playback.frameForward')}>
            <Button
              icon={<StepForwardOutlined />}
              disabled={clock.playing}
              onClick={() => step(1)}
              data-testid="playback-frame-forward"
            />
          </Tooltip>
          <Tooltip title={t('playback.forward10s')}>
            <Button onClick={() => jump(10_000)} data-testid="playback-forward-10s">
              +10 s
            </Button>
          </Tooltip>
          <Tooltip title={t('playback.forward1m')}>
            <Button onClick={() => jump(60_000)} data-testid="playback-forward-1m">
              +1 min
            </Button>
          </Tooltip>
          <Select
            value={clock.rate}
            onChange={(r: number) => clock.setRate(r)}
            style={{ width: 88 }}
            options={SPEEDS.map((s) => ({ value: s, label: s < 1 ? `1/${1 / s}×` : `${s}×` }))}
            data-testid="playback-speed"
            aria-label={t('playback.speed')}
          />
        </Space>
        <Space size={4} wrap>
          <Input
            placeholder={t('playback.bookmarkNote')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            onPressEnter={() => void onAddBookmark()}
            style={{ width: 200 }}
            maxLength={500}
            data-testid="bookmark-note"
          />
          <Button
            icon={<StarOutlined />}
            onClick={() => void onAddBookmark()}
            disabled={!note.trim()}
            loading={addBookmark.isPending}
            data-testid="bookmark-add"
          >
            {t('playback.addBookmark')}
          </Button>
          <UseForLookupButton at={() => clock.time()} cameraId={cameraIds[0] ?? null} />
          {canExport ? (
            <Tooltip title={t('playback.snapshotHint')}>
              <Button
                icon={<CameraOutlined />}
                onClick={() =>
                  void onSnapshot().catch(() => message.error(t('playback.snapshotFailed')))
                }
                disabled={cameraIds.length === 0}
                loading={snapshot.isPending}
              >
                {t('playback.snapshot')}
              </Button>
            </Tooltip>
          ) : (
            <Permitted permission="export">
              <Button icon={<CameraOutlined />}>{t('playback.snapshot')}</Button>
            </Permitted>
          )}
          <Permitted permission="export">
            <Button
              icon={<DownloadOutlined />}
              onClick={() => setExportOpen(true)}
              disabled={cameraIds.length === 0}
              data-testid="export-open"
            >
              {t('playback.exportEvidence')}
            </Button>
          </Permitted>
        </Space>
      </div>
      <div className={styles.body}>
        {cameraIds.length === 0 ? (
          <Empty className={styles.empty} description={t('playback.emptyHint')} />
        ) : (
          <div
            className={styles.grid}
            style={{ gridTemplateColumns: `repeat(${gridCols(cameraIds.length)}, minmax(0, 1fr))` }}
            data-testid="playback-grid"
          >
            {tiles}
          </div>
        )}
        <div className={styles.side}>
          <Typography.Text strong>{t('playback.bookmarks')}</Typography.Text>
          <List
            size="small"
            className={styles.bookmarks}
            dataSource={[...(allBookmarks.data ?? [])].reverse()}
            locale={{ emptyText: t('playback.noBookmarks') }}
            data-testid="bookmark-list"
            renderItem={(b) => (
              <List.Item
                data-testid="bookmark-item"
                actions={[
                  <Popconfirm
                    key="d"
                    title={t('playback.deleteBookmark')}
                    onConfirm={() => deleteBookmark.mutate(b.id)}
                  >
                    <Button
                      size="small"
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={t('playback.deleteBookmark')}
                      data-testid="bookmark-delete"
                    />
                  </Popconfirm>
                ]}
              >
                <button
                  type="button"
                  className={styles.bookmarkJump}
                  onClick={() => seek(b.at)}
                  data-testid="bookmark-jump"
                >
                  <span className={styles.bookmarkTime}>
                    {formatDateTime(b.at, timeZone).slice(5)}
                  </span>
                  <span className={styles.bookmarkNote}>{b.note}</span>
                </button>
              </List.Item>
            )}
          />
        </div>
      </div>
      <div className={styles.timelineBar}>
        <Space size={4} className={styles.zoom}>
          <Button
            size="small"
            icon={<ZoomInOutlined />}
            onClick={() => setView((v) => zoom(v, 0.5, clock.time()))}
            aria-label={t('playback.zoomIn')}
          />
          <Button
            size="small"
            icon={<ZoomOutOutlined />}
            onClick={() => setView((v) => zoom(v, 2, clock.time()))}
            aria-label={t('playback.zoomOut')}
          />
          {[
            ['1m', 60_000],
            ['10m', 600_000],
            ['1h', 3600_000],
            ['24h', 24 * 3600_000]
          ].map(([label, span]) => (
            <Button
              key={label}
              size="small"
              onClick={() => setView(centred(clock.time(), Number(span)))}
            >
              {t(`playback.span.${String(label)}`)}
            </Button>
          ))}
          <Typography.Text type="secondary" className={styles.legend}>
            <span className={styles.legendBar} /> {t('playback.legendRecorded')}{' '}
            <span className={styles.legendBookmark}>▼</span> {t('playback.legendBookmark')}{' '}
            <span className={styles.legendIncident}>◆</span> {t('playback.legendIncident')}
          </Typography.Text>
        </Space>
        <Timeline
          view={view}
          onView={setView}
          rows={timelineRows}
          availability={availabilityData}
          windows={selection.windows}
          marks={marks}
          timeZone={timeZone}
          getTime={clockTime}
          onSeek={seek}
        />
      </div>
      {canExport && exportOpen ? (
        <ExportDialog
          onClose={() => setExportOpen(false)}
          cameras={cameraIds.map((id) => byId.get(id)).filter((c) => c !== undefined)}
          at={Math.round(displayTime)}
          timeZone={timeZone}
        />
      ) : null}
    </div>
  )
}
