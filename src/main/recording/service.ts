/**
 * Recording, playback and export wired together for the composition root:
 * the recorder, the demo district's past footage, the signed media routes
 * (`vod/…`, `export/…`) and the exporter.
 */
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { WritableDb } from '../db/database'
import type { EventBus } from '../app/bus'
import type { Camera } from '../../shared/domain/camera'
import { createRecorder, DEMO_RECORD_VARIANT, type Recorder } from './recorder'
import { seedDemoFootage } from './demoFootage'
import { appendSystemEvent } from '../events/repository'
import type { DemoFootageSource } from './sources'
import { createFootageReader } from '../playback/footage'
import { createPlaybackServer, type MediaViewer } from '../playback/server'
import type { Session } from '../users/sessions'
import { createSigner, type Signer } from '../playback/tokens'
import type { LiveService } from '../live/service'
import { createExporter, type Exporter } from '../export/exporter'

export type RecordingServices = {
  recorder: Recorder
  exporter: Exporter
  signer: Signer
  mediaBase: string
  /** Serves `vod/…` and `export/…` below the media mount; false for other paths. */
  handleMedia(
    req: IncomingMessage,
    res: ServerResponse,
    subPath: string,
    viewer?: MediaViewer
  ): Promise<boolean>
  /** Seed demo footage (first start only), then start recording. */
  start(): Promise<void>
  close(): Promise<void>
}

export function createRecordingServices(o: {
  db: WritableDb
  bus: EventBus
  dataDir: string
  mediaBase: string
  demo: (DemoFootageSource & { status?(code: string): string }) | null
  demoCameras: readonly Camera[]
  ffmpegPath?: string
  /** the room's zone (export file names and manifests) */
  timeZone?: string
  now: () => number
  log: (msg: string) => void
  /** the live session a signed link names (null when none) */
  sessionById?: (id: string) => Session | null
  live?: Pick<LiveService, 'attach'>
}): RecordingServices {
  const storeDir = path.join(o.dataDir, 'recordings')
  const signer = createSigner()
  const footage = createFootageReader(storeDir, o.demo)
  const systemEvent = (
    kind: 'recording.diskFull' | 'recording.resumed',
    data: Record<string, unknown>
  ) =>
    o.bus.emit(
      'event:appended',
      appendSystemEvent(o.db, { at: o.now(), kind, cameraId: null, actor: null, data })
    )
  const recorder = createRecorder({
    db: o.db,
    storeDir,
    now: o.now,
    log: o.log,
    demo: o.demo,
    ffmpegPath: o.ffmpegPath,
    live: o.live,
    onDiskFull: (err) => systemEvent('recording.diskFull', { store: storeDir, error: err.message }),
    onDiskRecovered: () => systemEvent('recording.resumed', { store: storeDir })
  })
  const exporter = createExporter({
    db: o.db,
    bus: o.bus,
    now: o.now,
    exportsDir: path.join(o.dataDir, 'exports'),
    footage,
    signer,
    mediaBase: o.mediaBase,
    ffmpegPath: o.ffmpegPath,
    timeZone: o.timeZone,
    log: o.log
  })
  const server = createPlaybackServer({
    db: o.db,
    signer,
    footage,
    now: o.now,
    exportFile: (id, name) => exporter.fileFor(id, name),
    exportZip: (id, name) => exporter.zipFor(id, name),
    sessionById: (id) => o.sessionById?.(id) ?? null
  })

  return {
    recorder,
    exporter,
    signer,
    mediaBase: o.mediaBase,
    handleMedia: (req, res, subPath, viewer) =>
      subPath.startsWith('vod/') || subPath.startsWith('export/')
        ? server.handle(req, res, subPath, viewer)
        : Promise.resolve(false),
    async start() {
      if (o.demo && o.demoCameras.length > 0) {
        const t0 = performance.now()
        const rows = seedDemoFootage(o.db, {
          cameras: o.demoCameras,
          now: o.now(),
          segmentMs: o.demo.segmentSeconds * 1000,
          variant: DEMO_RECORD_VARIANT,
          run: recorder.nextRun()
        })
        if (rows > 0)
          o.log(
            `recording: indexed ${rows} segments of demo footage in ${Math.round(performance.now() - t0)} ms`
          )
      }
      await recorder.start()
    },
    async close() {
      await exporter.close()
      await recorder.stop()
    }
  }
}
