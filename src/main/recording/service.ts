/**
 * Recording, playback and export wired together for the composition root:
 * the recorder, the signed media routes
 * (`vod/…`, `export/…`) and the exporter.
 */
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Sql } from '../db/sql'
import type { EventBus } from '../app/bus'
import type { Camera } from '../../shared/domain/camera'
import { createRecorder, type Recorder } from './recorder'
import { appendSystemEvent } from '../events/repository'
import type { LiveReader } from './sources'
import { createFootageReader, type FootageRefs } from '../playback/footage'
import { createPlaybackServer, type MediaViewer } from '../playback/server'
import type { Session } from '../users/sessions'
import { createSigner, type Signer } from '../playback/tokens'
import type { LiveService } from '../live/service'
import { createExporter, type Exporter } from '../export/exporter'

export type RecordingServices = {
  /** the room whose store these serve (see createRecordingServices) */
  room: string
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
  /** Reconcile the store with the index, then start recording. */
  start(): Promise<void>
  close(): Promise<void>
}

export function createRecordingServices(o: {
  sql: Sql
  /**
   * the room server these record for: its room.id on a district (where rooms
   * share the index but each keeps its media in its own data directory), ''
   * on a room's own file
   */
  room?: string
  bus: EventBus
  dataDir: string
  mediaBase: string
  /** cameras served by a source inside main: what the recorder reads (undefined: not one of them) */
  readerFor?: (camera: Camera) => LiveReader | undefined
  /** footage such a source produces on request instead of a store file */
  footageRefs?: FootageRefs | null
  ffmpegPath?: string
  /** the room's zone (export file names and manifests) */
  timeZone?: string
  now: () => number
  log: (msg: string) => void
  /** the live session a signed link names (null when none) */
  sessionById?: (id: string) => Session | null
  live?: Pick<LiveService, 'attach'>
}): RecordingServices {
  const room = o.room ?? ''
  const storeDir = path.join(o.dataDir, 'recordings')
  const signer = createSigner()
  const footage = createFootageReader(storeDir, o.footageRefs ?? null)
  const systemEvent = (
    kind: 'recording.diskFull' | 'recording.resumed',
    data: Record<string, unknown>
  ): void => {
    appendSystemEvent(o.sql, { at: o.now(), kind, cameraId: null, actor: null, data }).then(
      (row) => o.bus.emit('event:appended', row),
      (err: unknown) =>
        o.log(
          `recorder: event ${kind} not logged: ${err instanceof Error ? err.message : String(err)}`
        )
    )
  }
  const recorder = createRecorder({
    sql: o.sql,
    room,
    storeDir,
    now: o.now,
    log: o.log,
    readerFor: o.readerFor,
    ffmpegPath: o.ffmpegPath,
    live: o.live,
    onDiskFull: (err) => systemEvent('recording.diskFull', { store: storeDir, error: err.message }),
    onDiskRecovered: () => systemEvent('recording.resumed', { store: storeDir })
  })
  const exporter = createExporter({
    sql: o.sql,
    room,
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
    sql: o.sql,
    room,
    signer,
    footage,
    now: o.now,
    exportFile: (id, name) => exporter.fileFor(id, name),
    exportZip: (id, name) => exporter.zipFor(id, name),
    sessionById: (id) => o.sessionById?.(id) ?? null
  })

  return {
    room,
    recorder,
    exporter,
    signer,
    mediaBase: o.mediaBase,
    handleMedia: (req, res, subPath, viewer) =>
      subPath.startsWith('vod/') || subPath.startsWith('export/')
        ? server.handle(req, res, subPath, viewer)
        : Promise.resolve(false),
    async start() {
      await recorder.start()
    },
    async close() {
      await exporter.close()
      await recorder.stop()
    }
  }
}
