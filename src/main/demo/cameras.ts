/**
 * The demo camera source as the rest of main sees it: `demo://CODE` cameras
 * played from pre-rendered loops. The composition root creates it when the
 * room has such cameras and plugs each part into the module that needs it
 * (stream URLs, the media route, health, recording, playback); nothing
 * outside src/main/demo/ knows a demo camera exists.
 */
import type { Sql } from '../db/sql'
import type { Camera } from '../../shared/domain/camera'
import type { MediaRoute } from '../media/routes'
import type { InProcessProbe } from '../health/prober'
import type { LiveReader } from '../recording/sources'
import type { FootageRefs } from '../playback/footage'
import { createDemoSource, type DemoFailure, type DemoSource } from './source'
import { defaultDemoCacheDir } from './render/cache'
import {
  DEMO_RECORD_VARIANT,
  demoFootageRefs,
  demoRecordingReader,
  seedDemoFootage
} from './footage'

const SCHEME = 'demo://'

export function isDemoCamera(camera: Pick<Camera, 'streamUrl'>): boolean {
  return camera.streamUrl?.startsWith(SCHEME) ?? false
}

/** The loop a demo camera plays: the code in its URL, or its own code. */
function codeOf(camera: Pick<Camera, 'code' | 'streamUrl'>): string {
  return (camera.streamUrl ?? '').slice(SCHEME.length).split('/')[0] || camera.code
}

/** What the health prober asks of the demo source (no HTTP round trip to ourselves). */
export type DemoProbeSource = Pick<DemoSource, 'livePlaylist'> & {
  status(code: string): string
  listVariants(): { name: string; width: number; height: number }[]
}

const smallestFirst = <T extends { width: number; height: number }>(list: T[]): T[] =>
  list.sort((a, b) => a.width * a.height - b.width * b.height)

/** Health of a demo camera: its smallest variant's live playlist, judged like any HLS camera's. */
export function demoProbe(source: DemoProbeSource): InProcessProbe {
  return (camera) => {
    if (!isDemoCamera(camera)) return undefined
    const code = codeOf(camera)
    // a loop still rendering has nothing to say yet
    if (source.status(code) !== 'ready') return null
    const variant = smallestFirst(source.listVariants())[0]?.name
    const playlist = variant ? source.livePlaylist(code, variant) : undefined
    return playlist ? { playlist } : { status: 'offline', detail: 'demo stream not served' }
  }
}

export type DemoCameras = {
  /** the live HLS source itself (the live service and benches call it directly) */
  source: DemoSource
  /** `<media base>/demo/…`: live playlists and segments, served while a workstation is locked */
  mediaRoute: MediaRoute
  probe: InProcessProbe
  readerFor: (camera: Camera) => LiveReader | undefined
  footageRefs: FootageRefs
  /** make a demo camera fail on purpose (tests, demonstrations of the tile states) */
  setFailure(code: string, failure: DemoFailure | null): void
  /** first start only: an hour of past footage per demo camera. Returns index rows added. */
  seedPastFootage(sql: Sql, run: number, room?: string): Promise<number>
  /** render the wall's first cameras, then the rest in the background */
  warmUp(): void
  close(): Promise<void>
}

export function createDemoCameras(opts: {
  cameras: readonly Camera[]
  mediaBase: string
  /** rendered loops are content-keyed and safe to share: a fresh data dir need not re-render */
  cacheDir?: string
  ffmpegPath?: string
  now: () => number
  log: (msg: string) => void
}): DemoCameras {
  const source = createDemoSource({
    cacheDir: opts.cacheDir ?? defaultDemoCacheDir(),
    ffmpegPath: opts.ffmpegPath,
    cameras: opts.cameras.map((c) => ({ code: c.code, name: c.name })),
    now: opts.now
  })
  return {
    source,
    mediaRoute: {
      prefix: 'demo/',
      permission: 'watch',
      whileLocked: true,
      handle: (req, res, sub) => source.handle(req, res, sub.slice('demo/'.length))
    },
    probe: demoProbe(source),
    readerFor: (camera) => demoRecordingReader(source, camera),
    footageRefs: demoFootageRefs(source),
    setFailure: (code, failure) => source.setFailure(code, failure),
    async seedPastFootage(sql, run, room) {
      const t0 = performance.now()
      const rows = await seedDemoFootage(sql, {
        cameras: opts.cameras,
        now: opts.now(),
        segmentMs: source.segmentSeconds * 1000,
        variant: DEMO_RECORD_VARIANT,
        run,
        room
      })
      if (rows > 0)
        opts.log(
          `recording: indexed ${rows} segments of demo footage in ${Math.round(performance.now() - t0)} ms`
        )
      return rows
    },
    warmUp() {
      // the wall opens on the default layout: its cameras first
      source
        .ensure(opts.cameras.slice(0, 4).map((c) => c.code))
        .then(() => source.ensureAll())
        // a failed render (no ffmpeg, full disk) is retried on demand; it must not end the app
        .catch((err: unknown) =>
          opts.log(`demo render failed: ${err instanceof Error ? err.message : String(err)}`)
        )
    },
    close: () => source.close()
  }
}
