import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { openDatabase, type WritableDb } from '../db/database'
import { migrate } from '../db/migrate'
import { createDispatcher, type Dispatch, type Handlers } from '../api/dispatch'
import { createEventBus, type EventBus } from './bus'
import type { AppDeps } from './deps'
import { createSessionStore } from '../users/sessions'
import { appHandlers } from './handlers'
import { authHandlers } from '../users/handlers'
import { camerasHandlers } from '../cameras/handlers'
import { layoutsHandlers } from '../layouts/handlers'
import { eventsHandlers } from '../events/handlers'
import { demoHandlers } from '../demo/handlers'
import { windowsHandlers } from '../windows/handlers'
import { listCameras } from '../cameras/repository'
import { streamOrigins } from '../security/csp'
import { seedDemoSite, ensureInitialAdmin } from '../demo/site'
import { createDemoSource } from '../media/demo/source'
import { resolveStreams } from '../cameras/streams'
import { appendSystemEvent } from '../events/repository'
import { appendAudit } from '../audit/repository'

export type CreateAppOptions = {
  dataDir: string
  /** folder with demo/ (roads, cameras, sightings of the demo district) */
  resourcesDir: string
  transport: 'ipc' | 'http'
  /** base URL under which handleMedia is reachable from the renderer */
  mediaBase: string
  version: string
  /** create the demo district in an empty database (default true) */
  demo?: boolean
  nativeBinding?: string
  ffmpegPath?: string
  /** where rendered demo loops are cached (shared across data dirs) */
  demoCacheDir?: string
  now?: () => number
  log?: (msg: string) => void
  /** the desktop shell opens further wall windows (on other displays) through this */
  openWindow?: (req: { windowId: string; layoutId?: number }) => void
}

export type WatchRoomApp = {
  deps: AppDeps
  dispatch: Dispatch
  bus: EventBus
  /** Serves media below the media mount (`subPath` has no leading slash). */
  handleMedia: (req: IncomingMessage, res: ServerResponse, subPath: string) => Promise<boolean>
  /** http(s) origins of configured camera streams, for the CSP */
  streamOrigins: () => string[]
  close: () => Promise<void>
}

/**
 * The composition root shared by the desktop app and host mode: opens and
 * migrates the database, creates the demo site on first start, starts the
 * media services and builds the one handler map. Knows nothing of Electron.
 */
export async function createApp(opts: CreateAppOptions): Promise<WatchRoomApp> {
  const now = opts.now ?? Date.now
  const log = opts.log ?? ((m: string) => console.log(m))
  mkdirSync(opts.dataDir, { recursive: true })
  const db: WritableDb = openDatabase(path.join(opts.dataDir, 'watchroom.db'), { nativeBinding: opts.nativeBinding })
  try {
    migrate(db)
  } catch (err) {
    db.close()
    throw err
  }

  const demoEnabled = opts.demo ?? true
  if (demoEnabled) await seedDemoSite(db, { resourcesDir: opts.resourcesDir, now: now() })
  await ensureInitialAdmin(db, { dataDir: opts.dataDir, now: now(), log })

  const bus = createEventBus()
  const demoCameras = listCameras(db).filter((c) => c.streamUrl?.startsWith('demo://'))
  const demoSource =
    demoCameras.length > 0
      ? createDemoSource({
          cacheDir: opts.demoCacheDir ?? path.join(opts.dataDir, 'demo-cache'),
          ffmpegPath: opts.ffmpegPath,
          cameras: demoCameras.map((c) => ({ code: c.code, name: c.name })),
          now
        })
      : null

  const deps: AppDeps = {
    db,
    bus,
    sessions: createSessionStore({ ttlMs: 12 * 3600 * 1000, now }),
    now,
    info: {
      name: 'WatchRoom',
      version: opts.version,
      transport: opts.transport,
      demo: demoEnabled,
      timeZone: process.env.WATCHROOM_TZ ?? 'Asia/Shanghai',
      mediaBase: opts.mediaBase
    },
    resolveStreams: (camera) => resolveStreams(camera, { mediaBase: opts.mediaBase, demoVariants: (demoSource?.listVariants() ?? []).map((v) => ({ id: v.name, width: v.width, height: v.height })) }),
    demo: demoSource,
    openWindow: opts.openWindow
  }

  const handlers = {
    ...appHandlers(deps),
    ...authHandlers(deps),
    ...camerasHandlers(deps),
    ...layoutsHandlers(deps),
    ...eventsHandlers(deps),
    ...demoHandlers(deps),
    ...windowsHandlers(deps)
  } satisfies Handlers

  const dispatch = createDispatcher(handlers, {
    // every permission denial is in the audit trail (who tried what)
    onDenied: (d) =>
      appendAudit(db, {
        at: now(),
        actor: d.session?.user.username ?? null,
        action: 'access.denied',
        entity: 'channel',
        entityId: d.channel,
        before: null,
        after: { reason: d.reason, permission: d.permission }
      }),
    onError: (channel, err) => console.error(`handler ${channel} failed`, err)
  })

  // The wall opens on the default layout: render its cameras first.
  if (demoSource) void demoSource.ensure(demoCameras.slice(0, 4).map((c) => c.code)).then(() => demoSource.ensureAll())

  bus.emit('event:appended', appendSystemEvent(db, { at: now(), kind: 'app.started', cameraId: null, actor: null, data: { version: opts.version, transport: opts.transport } }))

  return {
    deps,
    dispatch,
    bus,
    handleMedia: async (req, res, subPath) => {
      if (subPath.startsWith('demo/') && demoSource) return demoSource.handle(req, res, subPath.slice('demo/'.length))
      return false
    },
    streamOrigins: () => streamOrigins(listCameras(db).flatMap((c) => [c.streamUrl, c.subStreamUrl])),
    close: async () => {
      await demoSource?.close()
      db.close()
    }
  }
}
