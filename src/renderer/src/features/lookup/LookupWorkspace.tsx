import { useMemo, useRef, useState } from 'react'
import {
  Alert,
  Button,
  Card,
  Drawer,
  Empty,
  Result,
  Segmented,
  Space,
  Tabs,
  Typography,
  message
} from 'antd'
import { EyeOutlined, HistoryOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { useCameras, useRoads, useRoomZone } from '../app/queries'
import { SiteMap } from '../map/SiteMap'
import { useCan } from '../../lib/permissions'
import { appBus } from '../../lib/appBus'
import { i18n } from '../../lib/i18n'
import type { LookupQuery } from '../../../../shared/lookup/types'
import type { LookupCase } from '../../../../shared/ipc/contracts/lookup'
import { useLookupCase, useLookupRun, useReach, useTrail } from './queries'
import { useCreateCase, useReport, useUpdateCase } from './mutations'
import { LookupLayer, type LookupLayerData } from './LookupLayer'
import { QueryPanel, type Origin, type QueryDraft } from './QueryPanel'
import { WindowList } from './WindowList'
import { CandidateList } from './CandidateList'
import { CandidateDetail } from './CandidateDetail'
import { CasePanel } from './CasePanel'
import { ReviewGrid } from './ReviewGrid'
import { defaultWindow } from './model/time'
import { cleanHints } from './model/hints'
import { roadPoint } from './model/geometry'
import { routeTrail, trailStops } from './model/trail'
import { describePlace, exitStreet, type Landmark } from './model/place'
import { createRoadRouter } from './model/roadRoute'
import { MapLegend } from './MapLegend'
import { useLookupRequest } from './lookupSession'
import { VehicleSearch, type SearchDraft, type SearchInput } from './VehicleSearch'
import type { VehicleSearchHit } from '../../../../shared/ipc/contracts/lookup'
import styles from './lookup.module.css'

/** How far around the candidate's passage its trail is fetched. */
const TRAIL_SPAN_MS = 60 * 60_000
/** Half the window when opened from an incident: its time, give or take. */
const INCIDENT_SPAN_MS = 5 * 60_000

/** The map as one PNG: Konva draws each layer on its own canvas; they are stacked like the stage does. */
function mapPng(host: HTMLElement | null): string | undefined {
  const canvases = host ? Array.from(host.querySelectorAll('canvas')) : []
  const first = canvases[0]
  if (!first) return undefined
  const out = document.createElement('canvas')
  out.width = first.width
  out.height = first.height
  const ctx = out.getContext('2d')
  if (!ctx) return undefined
  ctx.fillStyle = '#0e1628'
  ctx.fillRect(0, 0, out.width, out.height)
  for (const c of canvases) ctx.drawImage(c, 0, 0)
  return out.toDataURL('image/png')
}

/**
 * Hit-and-run lookup: the origin (map click, camera or road position) and the
 * window; the reachable roads, the windows to review and the candidates with
 * their evidence and trail; the review grid; the saved case and its report.
 */
export function LookupWorkspace() {
  const { t } = useTranslation()
  const can = useCan('lookup')
  const roads = useRoads()
  const cameras = useCameras()
  const timeZone = useRoomZone()
  const [draft, setDraft] = useState<QueryDraft>(() => ({
    pick: 'map',
    mapOrigin: null,
    cameraId: null,
    roadId: null,
    roadPos: 50,
    hints: {},
    ...defaultWindow(Date.now())
  }))
  const [query, setQuery] = useState<LookupQuery | null>(null)
  const [selectedPlate, setSelectedPlate] = useState<string | null>(null)
  const [selectedWindow, setSelectedWindow] = useState<number | null>(null)
  const [caseId, setCaseId] = useState<number | null>(null)
  const [reviewOpen, setReviewOpen] = useState(false)
  const [tab, setTab] = useState('candidates')
  const [report, setReport] = useState<{ htmlUrl: string; pdfUrl: string } | null>(null)
  const [incidentId, setIncidentId] = useState<number | null>(null)
  const [hoverExit, setHoverExit] = useState<{
    name: string
    street: string | null
    x: number
    y: number
  } | null>(null)
  const mapHost = useRef<HTMLDivElement | null>(null)
  const [host, setHost] = useState<HTMLDivElement | null>(null)
  const request = useLookupRequest()
  const [mode, setMode] = useState<'lookup' | 'search'>('lookup')
  const [searchDraft, setSearchDraft] = useState<SearchDraft>(() => ({
    hints: {},
    cameraCodes: [],
    area: [],
    drawing: false,
    ...defaultWindow(Date.now(), 60)
  }))
  const [searchInput, setSearchInput] = useState<SearchInput | null>(null)
  const [searchHit, setSearchHit] = useState<VehicleSearchHit | null>(null)

  const run = useLookupRun(query)
  const reach = useReach(query)
  const savedCase = useLookupCase(caseId)
  const createCase = useCreateCase()
  const updateCase = useUpdateCase()
  const makeReport = useReport()

  const cameraByCode = useMemo(
    () => new Map((cameras.data ?? []).map((c) => [c.code, c])),
    [cameras.data]
  )
  const cameraIds = useMemo(
    () => new Map((cameras.data ?? []).map((c) => [c.code, c.id])),
    [cameras.data]
  )
  const cameraName = (code: string) => cameraByCode.get(code)?.name
  // once saved, the case's (server) result is the one shown, so verdicts index the same windows
  const result = savedCase.data?.result ?? run.data ?? null
  const candidate = result?.candidates.find((c) => c.plate === selectedPlate) ?? null
  const trail = useTrail(
    candidate?.plate ?? null,
    (candidate?.originMs ?? 0) - TRAIL_SPAN_MS,
    (candidate?.originMs ?? 0) + TRAIL_SPAN_MS
  )

  // car-park exits: where each ramp meets its street, named after the car park
  const exits = useMemo(
    () =>
      (roads.data ?? [])
        .filter((r) => r.kind === 'parking')
        .flatMap((r) => {
          const line = r.lines[0]
          const end = line?.[line.length - 1]
          // ramps are drawn from inside the car park to the street (one-way)
          const ramp = line && roadPoint([line], 0.7)
          return end && ramp
            ? [
                {
                  name: r.name,
                  street: exitStreet(line, roads.data ?? []),
                  lng: end[0],
                  lat: end[1],
                  ramp
                }
              ]
            : []
        }),
    [roads.data]
  )
  const landmarks: Landmark[] = useMemo(
    () => [
      ...(cameras.data ?? []).map((c) => ({ name: c.name, lng: c.lng, lat: c.lat })),
      ...exits.map((e) => ({ name: e.name, lng: e.lng, lat: e.lat }))
    ],
    [cameras.data, exits]
  )
  const router = useMemo(() => createRoadRouter(roads.data ?? []), [roads.data])

  // a point in words: the road (or car-park exit) and the nearest landmark
  const placeLabel = useMemo(
    () =>
      (p: { lng: number; lat: number }, roadName?: string): string => {
        const pl = describePlace(p, roads.data ?? [], landmarks)
        const road = roadName ?? pl.road
        if (!road) return t('lookup.place.unknown')
        if (!roadName && pl.roadKind === 'parking') {
          const street = exits.find((e) => e.name === road)?.street
          return street ? t('lookup.place.exit', { exit: road, street }) : road
        }
        return pl.landmark
          ? t('lookup.place.near', {
              road,
              landmark: pl.landmark,
              m: Math.max(10, Math.round(pl.landmarkM / 10) * 10)
            })
          : road
      },
    [roads.data, landmarks, exits, t]
  )

  // the origin follows the pick: the clicked point, the camera, or the position along the road
  const origin: Origin | null = useMemo(() => {
    if (draft.pick === 'map')
      return draft.mapOrigin && { ...draft.mapOrigin, label: placeLabel(draft.mapOrigin) }
    if (draft.pick === 'camera') {
      const c = cameras.data?.find((x) => x.id === draft.cameraId)
      return c
        ? {
            lng: c.lng,
            lat: c.lat,
            label: t('lookup.place.camera', { name: c.name, code: c.code }),
            pick: 'camera'
          }
        : null
    }
    const r = roads.data?.find((x) => x.id === draft.roadId)
    const p = r && roadPoint(r.lines, draft.roadPos / 100)
    return r && p ? { ...p, label: placeLabel(p, r.name), pick: 'road' } : null
  }, [
    draft.pick,
    draft.mapOrigin,
    draft.cameraId,
    draft.roadId,
    draft.roadPos,
    cameras.data,
    roads.data,
    placeLabel,
    t
  ])

  // opened from an incident or a video frame: its place, and a window around its time
  // (state adjusted while rendering, once per request, rather than in an effect)
  const [seenRequest, setSeenRequest] = useState(0)
  if (request && request.serial !== seenRequest) {
    setSeenRequest(request.serial)
    const span = request.spanMs ?? INCIDENT_SPAN_MS
    const at = Math.round(request.at / 1000) * 1000
    const { lat, lng, cameraId } = request
    const keepPlace = request.fromFrame && origin !== null
    setDraft((d) => ({
      ...d,
      ...(keepPlace
        ? {}
        : lat != null && lng != null
          ? { pick: 'map' as const, mapOrigin: { lng, lat, label: '', pick: 'map' as const } }
          : cameraId != null
            ? { pick: 'camera' as const, cameraId }
            : {}),
      fromMs: at - span,
      toMs: at + span
    }))
    setIncidentId(request.incidentId ?? null)
    setMode('lookup')
    // a new request starts a new lookup
    setQuery(null)
    setCaseId(null)
    setSelectedPlate(null)
  }

  const layerData: LookupLayerData = useMemo(() => {
    const pos = (code: string) => {
      const c = cameraByCode.get(code)
      return c ? { lng: c.lng, lat: c.lat } : undefined
    }
    if (mode === 'search') {
      const found = trailStops(searchHit?.sightings ?? [], pos)
      return {
        origin: null,
        reach: [],
        windows: [],
        exits,
        trail: found,
        trailPath: routeTrail(found, router),
        selectedWindow: null,
        heading: null,
        area: searchDraft.area
      }
    }
    const stops = trailStops(trail.data ?? [], pos)
    return {
      origin: query ? { lng: query.lng, lat: query.lat } : origin,
      reach: reach.data ?? [],
      windows: (result?.windows ?? []).flatMap((w) => {
        const p = pos(w.cameraCode)
        return p ? [{ ...w, ...p }] : []
      }),
      exits,
      trail: stops,
      trailPath: routeTrail(stops, router),
      selectedWindow,
      heading: (query ? query.hints?.heading : draft.hints.heading) ?? null
    }
  }, [
    query,
    origin,
    reach.data,
    result,
    exits,
    trail.data,
    cameraByCode,
    selectedWindow,
    router,
    draft.hints.heading,
    mode,
    searchHit,
    searchDraft.area
  ])

  if (!can) return <Result status="403" title={t('lookup.forbidden')} />

  const runQuery = () => {
    if (!origin) return
    const hints = cleanHints(draft.hints)
    setQuery({
      lat: origin.lat,
      lng: origin.lng,
      fromMs: draft.fromMs,
      toMs: draft.toMs,
      ...(hints ? { hints } : {})
    })
    setCaseId(null)
    setReport(null)
    setSelectedPlate(null)
    setSelectedWindow(null)
  }

  const ensureCase = async (): Promise<LookupCase | null> => {
    if (savedCase.data) return savedCase.data
    if (!query || !origin) return null
    const c = await createCase.mutateAsync({
      query: { ...query, pick: origin.pick, label: origin.label },
      title: origin.label,
      incidentId,
      selectedPlate
    })
    setCaseId(c.id)
    return c
  }
  const fail = (e: unknown) => void message.error(e instanceof Error ? e.message : String(e))

  const openReview = () => {
    ensureCase()
      .then((c) => c && setReviewOpen(true))
      .catch(fail)
  }
  const openPlayback = () => {
    if (!result) return
    const ws = result.windows.filter((w) => cameraIds.has(w.cameraCode)).slice(0, 16)
    appBus.emit('playback:open', {
      cameraIds: [...new Set(ws.map((w) => cameraIds.get(w.cameraCode)!))],
      at: Math.min(...ws.map((w) => w.cameraFromMs)),
      windows: ws.map((w) => ({
        cameraId: cameraIds.get(w.cameraCode)!,
        from: w.cameraFromMs,
        to: w.cameraToMs
      }))
    })
    appBus.emit('workspace:go', { workspace: 'playback' })
  }
  // the time from a video frame: playback at the camera nearest the place, mid-window
  const takeTimeFromVideo = () => {
    if (!origin) return
    const near = (cameras.data ?? []).reduce<{ id: number; d: number } | null>((best, c) => {
      const d = Math.hypot(c.lng - origin.lng, c.lat - origin.lat)
      return best === null || d < best.d ? { id: c.id, d } : best
    }, null)
    const id = draft.pick === 'camera' && draft.cameraId !== null ? draft.cameraId : near?.id
    if (id === undefined) return
    appBus.emit('playback:open', {
      cameraIds: [id],
      at: Math.round((draft.fromMs + draft.toMs) / 2)
    })
  }
  const exportReport = () => {
    ensureCase()
      .then(async (c) => {
        if (!c) return
        const urls = await makeReport.mutateAsync({
          caseId: c.id,
          mapPngDataUrl: mapPng(mapHost.current),
          language: i18n.language === 'en' ? 'en' : 'zh-CN',
          incidentId: c.incidentId
        })
        setReport(urls)
        void message.success(t('lookup.reportReady'))
      })
      .catch(fail)
  }
  const selectPlate = (plate: string) => {
    setSelectedPlate(plate)
    const c = savedCase.data
    if (c && c.selectedPlate !== plate)
      updateCase.mutate({ id: c.id, version: c.version, selectedPlate: plate })
  }

  return (
    <div className={styles.root}>
      <div
        className={styles.mapArea}
        ref={(el) => {
          mapHost.current = el
          if (el !== host) setHost(el)
        }}
        data-testid="lookup-map"
        data-windows={layerData.windows.length}
        data-reach={layerData.reach.length}
        data-trail={layerData.trail.length}
        data-trail-path={layerData.trailPath.length}
        onMouseMove={(e) => {
          const el = mapHost.current
          if (!el) return
          const box = el.getBoundingClientRect()
          const x = e.clientX - box.left
          const y = e.clientY - box.top
          const drawn = JSON.parse(el.dataset.exits ?? '[]') as {
            name: string
            street: string | null
            x: number
            y: number
          }[]
          const hit = drawn.find((d) => Math.abs(d.x - x) <= 9 && Math.abs(d.y - y) <= 9)
          setHoverExit((h) => (hit ? (h?.name === hit.name ? h : hit) : h === null ? h : null))
        }}
        onMouseLeave={() => setHoverExit(null)}
      >
        <SiteMap
          roads={roads.data ?? []}
          cameras={cameras.data ?? []}
          onPick={(p) => {
            if (mode === 'search') {
              if (searchDraft.drawing)
                setSearchDraft((d) => ({ ...d, area: [...d.area, [p.lng, p.lat]] }))
              else if (p.camera?.anpr) {
                const code = p.camera.code
                setSearchDraft((d) => ({
                  ...d,
                  cameraCodes: d.cameraCodes.includes(code)
                    ? d.cameraCodes.filter((c) => c !== code)
                    : [...d.cameraCodes, code]
                }))
              }
              return
            }
            if (p.camera) setDraft((d) => ({ ...d, pick: 'camera', cameraId: p.camera!.id }))
            else
              setDraft((d) => ({
                ...d,
                pick: 'map',
                mapOrigin: { lng: p.lng, lat: p.lat, label: t('lookup.mapPoint'), pick: 'map' }
              }))
          }}
          overlay={(projection) => (
            <LookupLayer projection={projection} data={layerData} host={host} />
          )}
          selectedCameraId={
            selectedWindow !== null && result
              ? (cameraIds.get(result.windows[selectedWindow]?.cameraCode ?? '') ?? null)
              : null
          }
        />
        <MapLegend
          hops={[
            ...layerData.windows.map((w) => w.hops),
            ...layerData.reach.map((r) => r.hops + 1)
          ]}
          show={{
            origin: !!layerData.origin,
            windows: layerData.windows.length > 0,
            exits: layerData.exits.length > 0,
            trail: layerData.trail.length > 0,
            selected: selectedWindow !== null,
            heading: layerData.heading !== null && !!layerData.origin,
            area: (layerData.area?.length ?? 0) > 0
          }}
        />
        {hoverExit && (
          <div
            className={styles.exitTip}
            style={{ left: hoverExit.x, top: hoverExit.y }}
            data-testid="lookup-exit-tip"
          >
            <b>{hoverExit.name}</b>
            <br />
            {hoverExit.street
              ? t('lookup.exitTip', { street: hoverExit.street })
              : t('lookup.exitTipNoStreet')}
          </div>
        )}
      </div>
      <div className={styles.side}>
        <Segmented<'lookup' | 'search'>
          block
          value={mode}
          onChange={setMode}
          options={[
            { value: 'lookup', label: t('lookup.mode.lookup') },
            { value: 'search', label: t('lookup.mode.search') }
          ]}
          data-testid="lookup-mode"
        />
        {mode === 'search' && (
          <Card size="small" className={styles.results} title={t('lookup.mode.search')}>
            <VehicleSearch
              draft={searchDraft}
              onChange={(patch) => setSearchDraft((d) => ({ ...d, ...patch }))}
              submitted={searchInput}
              onSubmit={(input) => {
                setSearchDraft((d) => ({ ...d, drawing: false }))
                setSearchInput(input)
                setSearchHit(null)
              }}
              selection={{ plate: searchHit?.plate ?? null, onSelect: setSearchHit }}
              data={{
                cameras: cameras.data ?? [],
                timeZone,
                cameraName: (code) => cameraName(code) ?? code
              }}
            />
          </Card>
        )}
        {mode === 'lookup' && (
          <Card size="small" title={t('lookup.query')}>
            <QueryPanel
              draft={draft}
              onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))}
              onRun={runQuery}
              onTakeTime={takeTimeFromVideo}
              running={run.isFetching}
              data={{ cameras: cameras.data ?? [], roads: roads.data ?? [], timeZone, origin }}
            />
          </Card>
        )}
        {mode === 'lookup' && run.isError && (
          <Alert type="error" showIcon message={String(run.error)} />
        )}
        {mode === 'lookup' && result && (
          <Card
            size="small"
            className={styles.results}
            title={
              <span
                data-testid="lookup-summary"
                title={t('lookup.summary', {
                  windows: result.windows.length,
                  candidates: result.candidates.length
                })}
              >
                {result.origin.road ?? t('lookup.noRoad')}
              </span>
            }
            extra={
              <Space size={4}>
                <Button
                  size="small"
                  icon={<EyeOutlined />}
                  onClick={openReview}
                  loading={createCase.isPending}
                  data-testid="lookup-review-open"
                >
                  {t('lookup.review')}
                </Button>
                <Button
                  size="small"
                  icon={<HistoryOutlined />}
                  onClick={openPlayback}
                  title={t('lookup.openPlaybackHint')}
                >
                  {t('lookup.openPlayback')}
                </Button>
              </Space>
            }
          >
            <Tabs
              size="small"
              activeKey={tab}
              onChange={setTab}
              items={[
                {
                  key: 'candidates',
                  label: t('lookup.tab.candidates', { count: result.candidates.length })
                },
                {
                  key: 'windows',
                  label: t('lookup.tab.windows', { count: result.windows.length })
                },
                { key: 'case', label: t('lookup.tab.case') }
              ]}
            />
            {/* the pane is ours, not the tabs', so its lists can fill the card */}
            <div className={styles.pane}>
              {tab === 'candidates' && result.candidates.length === 0 && (
                <Empty description={t('lookup.noCandidates')} />
              )}
              {tab === 'candidates' && result.candidates.length > 0 && (
                <>
                  <CandidateList
                    candidates={result.candidates}
                    selected={selectedPlate}
                    onSelect={selectPlate}
                  />
                  {candidate && (
                    <div className={styles.detail}>
                      <CandidateDetail
                        candidate={candidate}
                        best={result.candidates[0]?.score ?? 0}
                        windows={result.windows}
                        trail={trail.data}
                        timeZone={timeZone}
                        cameraName={cameraName}
                      />
                    </div>
                  )}
                </>
              )}
              {tab === 'windows' && (
                <WindowList
                  windows={result.windows}
                  timeZone={timeZone}
                  selected={selectedWindow}
                  onSelect={setSelectedWindow}
                />
              )}
              {tab === 'case' && (
                <CasePanel
                  lookupCase={savedCase.data ?? null}
                  onSave={() => void ensureCase().catch(fail)}
                  onPatch={(patch) =>
                    savedCase.data &&
                    updateCase.mutate(
                      { id: savedCase.data.id, version: savedCase.data.version, ...patch },
                      { onError: fail }
                    )
                  }
                  onReport={exportReport}
                  state={{
                    busy: createCase.isPending || makeReport.isPending,
                    canSave: !!query,
                    report,
                    timeZone
                  }}
                />
              )}
            </div>
            {run.data && (
              <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                {t('lookup.stats', {
                  sightings: run.data.stats.sightingsScanned,
                  ms: Math.round(run.data.stats.elapsedMs)
                })}
              </Typography.Text>
            )}
          </Card>
        )}
      </div>
      <Drawer
        open={reviewOpen && !!savedCase.data}
        onClose={() => setReviewOpen(false)}
        placement="bottom"
        height="88%"
        title={t('lookup.reviewTitle', { id: savedCase.data?.id ?? '' })}
        destroyOnHidden
      >
        {savedCase.data && (
          <ReviewGrid lookupCase={savedCase.data} cameraIds={cameraIds} plate={selectedPlate} />
        )}
      </Drawer>
    </div>
  )
}
