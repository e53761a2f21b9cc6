import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import type { IncomingMessage } from 'node:http'
import { openDatabase, type WritableDb } from '../db/database'
import { sqliteSql } from '../db/sqliteSql'
import type { Sql } from '../db/sql'
import { openPgSql } from '../db/postgres/pgSql'
import { migratePg } from '../db/postgres/migrate'
import { PG_MIGRATIONS } from '../db/postgres/migrations'
import { bridgeDistrictChanges, districtOrigin } from '../db/postgres/notify'
import { redactUrl } from '../db/postgres/connect'
import { formatSlowQuery } from '../db/slowQueries'
import { checkpointTruncate, countSchemaObjects } from '../db/repository'
import { migrate } from '../db/migrate'
import { createDispatcher, type Denial, type Dispatch, type Handlers } from '../api/dispatch'
import { createEventBus, type EventBus } from './bus'
import type { AppDeps } from './deps'
import { createSessionStore } from '../users/sessions'
import { appHandlers } from './handlers'
import { authHandlers, createAuthThrottle, usersHandlers } from '../users/handlers'
import { settingsHandlers } from '../settings/handlers'
import { lookupHandlers } from '../lookup/handlers'
import { sightingsHandlers } from '../sightings/handlers'
import { roadsHandlers } from '../roads/handlers'
import { createLookupServices } from '../lookup/services'
import { serveLookupMedia } from '../reports/files'
import { camerasHandlers } from '../cameras/handlers'
import { layoutsHandlers } from '../layouts/handlers'
import { eventsHandlers } from '../events/handlers'
import { demoHandlers } from '../demo/handlers'
import { incidentsHandlers } from '../incidents/handlers'
import { dutyHandlers } from '../duty/handlers'
import { statsHandlers } from '../stats/handlers'
import { auditHandlers } from '../audit/handlers'
import { groupsHandlers, registryHandlers } from '../registry/handlers'
import { healthHandlers } from '../health/handlers'
import { createHealthProber } from '../health/prober'
import { windowsHandlers } from '../windows/handlers'
import { createRecordingServices } from '../recording/service'
import { loadOrCreateRoomId } from '../recording/roomId'
import { recordingHandlers } from '../recording/handlers'
import { playbackHandlers } from '../playback/handlers'
import { exportHandlers } from '../export/handlers'
import { listCameras } from '../cameras/repository'
import { DEMO_PASSWORD, seedDemoSite } from '../demo/site'
import { createDemoCameras, isDemoCamera } from '../demo/cameras'
import { ensureInitialAdmin } from '../users/initialAdmin'
import { resolveStreams } from '../cameras/streams'
import { appendSystemEvent } from '../events/repository'
import { appendAudit } from '../audit/repository'
import { DatabaseCorruptError, isCorruptionError } from '../db/corruption'
import { DB_FILE, listBackups, restoreNewestBackup } from '../backup/backups'
import { startBackupScheduler } from '../backup/scheduler'
import { getRoomSettings } from '../settings/handlers'
import { getSetting } from '../settings/repository'
import { setupHandlers } from '../users/setup'
import { createDenialLog } from '../audit/denials'
import { useAuditKey } from '../audit/repository'
import {
  anchorsFor,
  createAuditAnchoring,
  loadDistrictAuditKey,
  loadOrCreateAuditKey,
  setAsideAuditHead
} from '../audit/anchor'
import { createMediaRouter, type MediaHandler } from '../media/routes'
import { findUserById } from '../users/repository'
import { createOnvifDevices } from '../onvif/devices'
import { sealClearOnvifPasswords } from '../onvif/repository'
import { createPtzService } from '../ptz/service'
import { createAlarmService } from '../alarms/service'
import { ptzHandlers } from '../ptz/handlers'
import { createLiveService, type LiveService } from '../live/service'
import { createLiveSocketServer } from '../live/socket'
import { createRoomLink, type RoomLink } from '../district/link'
import { districtHandlers } from '../district/handlers'
import { upstreamUrl } from '../live/upstream'
import { getCamera } from '../cameras/repository'
import { resolveFfmpeg } from '../media/ffmpeg'
import { createKeyFileSecretBox, type SecretBox } from '../security/secretBox'
import { credentialsFor, moveUrlCredentials, withUrlCredentials } from '../cameras/credentials'
import { cameraCredentialsHandlers } from '../cameras/credentialsHandlers'
import type { Duplex } from 'node:stream'
import { DEFAULT_ROOM_ZONE } from '../../shared/domain/roomTime'
import { createDbWorker, inlineDbWorker, type DbWorker } from '../db/dbWorker'
import { createImportUploads } from '../registry/uploads'

export type CreateAppOptions = {
  dataDir: string
  /** folder with demo/ (roads, cameras, sightings of the demo district) */
  resourcesDir: string
  transport: 'ipc' | 'http'
  /** base URL under which handleMedia is reachable from the renderer */
  mediaBase: string
  /**
   * absolute ws:// base that stands for mediaBase in live socket URLs, when the
   * page cannot reach the socket on its own origin (the desktop's app scheme)
   */
  liveSocketBase?: string
  version: string
  /**
   * create the demo district in an empty database (default false: a real
   * room). `npm start` and `npm run serve` pass true; a demo listens on
   * loopback only.
   */
  demo?: boolean
  /**
   * A fresh real room without `adminPassword`: `ask` leaves it to the
   * first-start setup screen (demo or real, the admin's password);
   * `generate` writes a one-time password file that must be changed at the
   * first login. Default: ask on the desktop, generate in host mode.
   */
  firstStart?: 'ask' | 'generate'
  /** The tunables below come from the environment at the entry points (app/environment.ts). */
  adminPassword?: string
  /** the room's zone (default DEFAULT_ROOM_ZONE, shared/domain/roomTime.ts) */
  timeZone?: string
  transcodeBudget?: number
  probeIntervalMs?: number
  ptzIdleReleaseMs?: number
  alarmThrottleMs?: number
  /** log SQL statements slower than this, with their plan (absent or 0: off) */
  slowQueryMs?: number
  nativeBinding?: string
  ffmpegPath?: string
  /** where rendered demo loops are cached (shared across data dirs) */
  demoCacheDir?: string
  now?: () => number
  log?: (msg: string) => void
  /** put the newest backup in place of the database before opening it (after a corruption report) */
  restoreBackup?: boolean
  /**
   * seals camera stream passwords: the desktop passes one backed by the OS
   * keychain (src/main/electron/secretBox.ts); default a 0600 key file in the data directory
   */
  secretBox?: SecretBox
  /** the desktop shell opens further wall windows (on other displays) through this */
  openWindow?: (req: { windowId: string; layoutId?: number }) => void
  /**
   * a district's PostgreSQL (postgres://…) instead of the room's own SQLite
   * file; recordings, exports, attachments and keys stay in `dataDir`
   */
  databaseUrl?: string
}

export type WatchRoomApp = {
  deps: AppDeps
  /** the room's SQLite file, for what only it has (backups, integrity checks); null on a district */
  db: WritableDb | null
  dispatch: Dispatch
  bus: EventBus
  /**
   * Serves media below the media mount (`subPath` has no leading slash).
   * `viewer`: the caller's session where the transport has one (host mode);
   * omitted by the desktop's media server, whose links name their session.
   */
  handleMedia: MediaHandler
  /** the live service (one upstream per camera stream) */
  live: LiveService
  /**
   * Takes over a WebSocket upgrade for the live route (`<media base>/live/ws`)
   * once the transport has authenticated it; `alive` says whether the session holds.
   */
  handleLiveUpgrade: (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    alive: () => boolean
  ) => void
  /** http(s) origins of configured camera streams, for the CSP */
  streamOrigins: () => string[]
  /** this room's part in its district (room directory, video between rooms); null on a room's own file */
  room: RoomLink | null
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
  // the room's data (database, backups, recordings, exports, keys) is the owner's alone
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 })
  chmodSync(opts.dataDir, 0o700)
  const roomId = loadOrCreateRoomId(opts.dataDir)
  const store = opts.databaseUrl ? await openDistrict(opts.databaseUrl, log) : openRoom(opts, now)
  const { sql, db } = store
  // on a district the rooms share the recording index; each room's rows name it
  const recordingRoom = store.district ? roomId : ''
  const auditKey = await (
    store.district
      ? loadDistrictAuditKey(opts.dataDir, sql)
      : loadOrCreateAuditKey(opts.dataDir, sql)
  ).catch(async (err: unknown) => {
    await store.close()
    throw err
  })
  useAuditKey(sql, auditKey)
  const anchor = createAuditAnchoring(sql, opts.dataDir, now, opts.nativeBinding)
  const secrets = opts.secretBox ?? createKeyFileSecretBox(opts.dataDir)
  const moved =
    (await moveUrlCredentials(sql, secrets)) + (await sealClearOnvifPasswords(sql, secrets))
  if (moved > 0) {
    // the pages holding the old URLs are rewritten in the file now, not at some later checkpoint
    if (db) checkpointTruncate(db)
    log(`Sealed ${moved} camera passwords stored in clear (stream URLs, ONVIF devices)`)
  }

  const demoEnabled = opts.demo ?? false
  if (demoEnabled) await seedDemoSite(sql, { resourcesDir: opts.resourcesDir, now: now() })
  // an admin password given by the environment (provisioning, tests) needs no setup screen
  const firstStart =
    opts.firstStart ?? (opts.transport === 'ipc' && !opts.adminPassword ? 'ask' : 'generate')
  if (firstStart === 'generate')
    await ensureInitialAdmin(sql, {
      dataDir: opts.dataDir,
      now: now(),
      log,
      adminPassword: opts.adminPassword
    })
  // the demo's accounts are known to everyone; anywhere else a known password must go first.
  // Read once: a room becomes the demo only through the setup screen below, which reads it again
  let demoRoom = (await getSetting<boolean>(sql, 'demo.seeded')) === true

  const bus = createEventBus()
  // on a district, the other rooms' changes reach this room's screens as its own do
  const bridge = store.district
    ? bridgeDistrictChanges({ url: store.district.url, bus, origin: store.district.origin, log })
    : null
  // the room serves once it hears the other rooms; a district it cannot listen to is not opened
  if (bridge)
    await bridge.ready.catch(async (err: unknown) => {
      await bridge.close()
      await anchor.stop()
      await store.close()
      throw err
    })
  // one binary for the live service, the recorder, the prober and the demo renders
  const ffmpegPath = opts.ffmpegPath ?? resolveFfmpeg().path
  // The one place demo code is chosen: the demo camera source runs only for a room that has demo://
  // cameras (the demo district, or a test room with a few); every module below gets its parts
  // through the same hooks any source inside main would use, and none of them when it is null.
  const demoCameras = (await listCameras(sql)).filter(isDemoCamera)
  const demo =
    demoCameras.length > 0
      ? createDemoCameras({
          cameras: demoCameras,
          mediaBase: opts.mediaBase,
          cacheDir: opts.demoCacheDir,
          ffmpegPath,
          now,
          log
        })
      : null

  const live = createLiveService({
    ffmpegPath,
    sourceOf: async (cameraId, kind) => {
      // a camera another room of the district serves is read from that room's server
      const relayed = await room?.sourceOf(cameraId, kind)
      if (relayed) return relayed
      const c = await getCamera(sql, cameraId)
      const url = c ? upstreamUrl(c, kind) : null
      // the stored credentials go into the URL ffmpeg opens, and nowhere else
      return url
        ? { url: withUrlCredentials(url, await credentialsFor(sql, secrets, cameraId, log)) }
        : null
    },
    demo: demo?.source,
    // 0 turns transcoding off
    transcodeBudget: () => opts.transcodeBudget ?? 2,
    now,
    log,
    // health follows what the live service sees, within seconds (the prober fills in between)
    onState: (cameraId, _kind, state) => {
      if (state.status === 'playing')
        void prober.report(cameraId, { status: 'online', detail: null })
      else if (state.status === 'stalled')
        void prober.report(cameraId, { status: 'degraded', detail: 'stalled', reason: 'stalled' })
      // a full transcode budget says nothing about the camera
      else if (state.status === 'failed' && state.reason !== 'budget')
        void prober.report(cameraId, {
          status: 'offline',
          detail: state.detail ? `${state.reason}: ${state.detail}` : state.reason,
          reason: state.reason
        })
    }
  })
  const liveSockets = createLiveSocketServer(live)
  const room: RoomLink | null = store.district
    ? createRoomLink({
        sql,
        roomId,
        auditKey: auditKey.key,
        origin: store.district.origin,
        sockets: () => liveSockets,
        attachmentsDir: path.join(opts.dataDir, 'attachments'),
        now,
        log
      })
    : null

  const deps: AppDeps = {
    sql,
    bus,
    sessions: createSessionStore({
      ttlMs: 12 * 3600_000,
      maxAgeMs: 24 * 3600_000,
      now,
      // sessions carry the account as stored now: a demotion or a disabled account applies at the next call
      loadAccount: (id) => findUserById(sql, id),
      idleLockMs: async () => (await getRoomSettings(sql)).lockIdleMinutes * 60_000,
      passwordChangeRequired: (account) => account.demo && !demoRoom
    }),
    now,
    info: {
      name: 'WatchRoom',
      version: opts.version,
      transport: opts.transport,
      demo: demoEnabled || demoRoom,
      timeZone: opts.timeZone ?? DEFAULT_ROOM_ZONE,
      mediaBase: opts.mediaBase,
      liveSocketBase: opts.liveSocketBase ?? null
    },
    resolveStreams: (camera) =>
      resolveStreams(camera, {
        mediaBase: opts.mediaBase,
        demoVariants: (demo?.source.listVariants() ?? []).map((v) => ({
          id: v.name,
          width: v.width,
          height: v.height
        }))
      }),
    liveReason: (cameraId) => live.reasonOf(cameraId),
    secrets,
    openWindow: opts.openWindow
  }

  const recording = createRecordingServices({
    sql,
    room: recordingRoom,
    bus,
    dataDir: opts.dataDir,
    mediaBase: opts.mediaBase,
    readerFor: demo?.readerFor,
    footageRefs: demo?.footageRefs,
    ffmpegPath,
    timeZone: deps.info.timeZone,
    now,
    log,
    sessionById: (id) => deps.sessions.byId(id),
    live
  })

  const prober = createHealthProber({
    sql,
    bus,
    now,
    inProcess: demo?.probe,
    ffmpegPath,
    intervalMs: opts.probeIntervalMs ?? 15_000,
    log,
    live
  })

  const onvifDevices = createOnvifDevices(sql, secrets)
  const ptz = createPtzService({
    sql,
    bus,
    now,
    devices: onvifDevices,
    idleReleaseMs: opts.ptzIdleReleaseMs ?? 60_000,
    log
  })
  const alarms = createAlarmService({
    sql,
    bus,
    now,
    timeZone: deps.info.timeZone,
    devices: onvifDevices,
    ptz,
    attachmentsDir: path.join(opts.dataDir, 'attachments'),
    log,
    // the alarm latency bench needs many fresh alarms from one camera
    throttleMs: opts.alarmThrottleMs
  })

  const authThrottle = createAuthThrottle(now)
  const lookup = createLookupServices({
    sql,
    bus,
    dataDir: opts.dataDir,
    mediaBase: opts.mediaBase,
    timeZone: deps.info.timeZone,
    now,
    nativeBinding: opts.nativeBinding
  })
  // statistics, audit verification and imports run off the thread that serves media and calls: on
  // the room's file in a worker thread; on a district the server does the work and main awaits it
  const dbWorker: DbWorker = db
    ? createDbWorker(db, { nativeBinding: opts.nativeBinding })
    : inlineDbWorker(sql)
  const importUploads = createImportUploads({ dir: path.join(opts.dataDir, 'imports'), now })
  const handlers = {
    ...appHandlers(deps),
    ...authHandlers(deps, authThrottle),
    ...usersHandlers(deps, authThrottle, { publicPasswords: [DEMO_PASSWORD] }),
    ...settingsHandlers(deps),
    ...lookupHandlers(deps, lookup),
    ...camerasHandlers(deps),
    ...cameraCredentialsHandlers(deps),
    ...districtHandlers(deps),
    ...layoutsHandlers(deps),
    ...eventsHandlers(deps),
    ...demoHandlers(demo),
    ...incidentsHandlers(deps, {
      attachmentsDir: path.join(opts.dataDir, 'attachments'),
      fromOtherRoom: (id) => room?.fetchAttachment(id) ?? Promise.resolve(null)
    }),
    ...dutyHandlers(deps),
    ...statsHandlers(deps, { worker: dbWorker }),
    ...auditHandlers(deps, { anchors: () => anchorsFor(opts.dataDir), worker: dbWorker }),
    ...windowsHandlers(deps),
    ...registryHandlers(deps, {
      worker: dbWorker,
      uploads: importUploads,
      secretsDir: opts.dataDir
    }),
    ...groupsHandlers(deps),
    ...roadsHandlers(deps),
    ...sightingsHandlers(deps, { runner: lookup.runner }),
    ...healthHandlers(deps, prober),
    ...recordingHandlers(deps, recording),
    ...playbackHandlers(deps, recording),
    ...exportHandlers(deps, recording),
    ...setupHandlers(deps, {
      seedDemo: async () => {
        await seedDemoSite(sql, { resourcesDir: opts.resourcesDir, now: now() })
        demoRoom = (await getSetting<boolean>(sql, 'demo.seeded')) === true
      }
    }),
    ...ptzHandlers(deps, { ptz, alarms, devices: onvifDevices })
  } satisfies Handlers

  // every permission denial is in the audit trail (who tried what, from where); repeats are counted
  const denials = createDenialLog({
    now,
    write: (r) =>
      appendAudit(sql, {
        at: r.at,
        actor: r.actor,
        action: r.repeated ? 'access.denied.repeated' : 'access.denied',
        entity: 'channel',
        entityId: r.channel,
        before: null,
        after: {
          reason: r.reason,
          permission: r.permission,
          client: r.client,
          ...(r.repeated ? { repeated: r.repeated, since: r.since } : {})
        }
      })
  })
  const onDenied = (d: Denial) => denials.record(d)
  const dispatch = createDispatcher(handlers, {
    sql,
    now,
    onDenied,
    onError: (channel, err) => console.error(`handler ${channel} failed`, err),
    // the user's change is done; the pipeline has written a row naming the channel in its place
    unaudited: 'record',
    onUnaudited: (channel) => log(`${channel} wrote no audit row of its own`)
  })

  const handleMedia = createMediaRouter(
    [
      ...(demo ? [demo.mediaRoute] : []),
      {
        prefix: 'vod/',
        permission: 'playback',
        handle: (req, res, sub, viewer) => recording.handleMedia(req, res, sub, viewer)
      },
      {
        prefix: 'export/',
        permission: 'export',
        handle: (req, res, sub, viewer) => recording.handleMedia(req, res, sub, viewer)
      },
      {
        prefix: 'reports/',
        permission: 'lookup',
        handle: (req, res, sub) => serveLookupMedia(req, res, sub, opts.dataDir)
      },
      {
        prefix: 'lookup-cases/',
        permission: 'lookup',
        handle: (req, res, sub) => serveLookupMedia(req, res, sub, opts.dataDir)
      }
    ],
    { onDenied }
  )

  demo?.warmUp()

  prober.start()
  // past footage is indexed before the recorder resumes after the newest indexed segment
  if (demo) await demo.seedPastFootage(sql, await recording.recorder.nextRun(), recordingRoom)
  await recording.start()
  await alarms.refresh()

  const emitEvent = async (e: Parameters<typeof appendSystemEvent>[1]): Promise<void> => {
    bus.emit('event:appended', await appendSystemEvent(sql, e))
  }
  // the room's file is copied by the room; a district's PostgreSQL is backed up by its server
  const backups = db
    ? startBackupScheduler({
        db,
        dataDir: opts.dataDir,
        now,
        settings: () => getRoomSettings(sql),
        onBackup: async (file) => {
          await anchor.backup(file)
          await emitEvent({
            at: now(),
            kind: 'backup.created',
            cameraId: null,
            actor: null,
            data: { file: path.basename(file) }
          })
        },
        onError: (err) => console.error('scheduled backup failed', err)
      })
    : null

  await emitEvent({
    at: now(),
    kind: 'app.started',
    cameraId: null,
    actor: null,
    data: { version: opts.version, transport: opts.transport }
  })

  return {
    deps,
    db,
    dispatch,
    bus,
    handleMedia,
    live,
    handleLiveUpgrade: (req, socket, head, alive) =>
      liveSockets.handleUpgrade(req, socket, head, alive),
    // every camera stream is relayed through main's live service: the renderer contacts no camera
    streamOrigins: () => [],
    room,
    close: async () => {
      room?.close()
      await denials.close()
      await anchor.stop()
      alarms.close()
      await ptz.close()
      onvifDevices.close()
      backups?.stop()
      // no new probe may start while the streams below close (each one can spawn an ffmpeg)
      await prober.stop()
      liveSockets.close()
      await live.close()
      await recording.close()
      await demo?.close()
      await lookup.close()
      await dbWorker.close()
      await importUploads.close()
      await bridge?.close()
      await store.close()
    }
  }
}

type Storage = {
  sql: Sql
  /** the room's own file; null on a district, where SQLite's own work (backups, WAL) is skipped */
  db: WritableDb | null
  district: { url: string; origin: string } | null
  close(): Promise<void>
}

/** The room's SQLite file in the data directory, restored from the newest backup first if asked. */
function openRoom(opts: CreateAppOptions, now: () => number): Storage {
  const log = opts.log ?? ((m: string) => console.log(m))
  if (opts.restoreBackup) {
    const r = restoreNewestBackup(opts.dataDir, now())
    log(`Restored ${r.restored}; the damaged database is kept as ${r.damagedKeptAs}`)
    // the exported head names rows the restored copy never had: keep it aside, not as an anchor
    setAsideAuditHead(opts.dataDir, now())
  }
  const db = openChecked(path.join(opts.dataDir, DB_FILE), opts)
  for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`])
    if (existsSync(path.join(opts.dataDir, f))) chmodSync(path.join(opts.dataDir, f), 0o600)
  return {
    sql: sqliteSql(db),
    db,
    district: null,
    close: () => {
      db.close()
      return Promise.resolve()
    }
  }
}

/**
 * A district's PostgreSQL, migrated to this app's schema (rooms starting
 * together take turns). The pool's application_name is this room's origin,
 * which the change notifications carry so the room skips its own.
 */
async function openDistrict(url: string, log: (m: string) => void): Promise<Storage> {
  const origin = districtOrigin()
  const sql = openPgSql(url, { applicationName: origin })
  try {
    const client = await sql.pool.connect()
    try {
      const m = await migratePg(client, PG_MIGRATIONS)
      if (m.from !== m.to) log(`District database migrated from ${m.from} to ${m.to}`)
    } finally {
      client.release()
    }
  } catch (err) {
    await sql.end()
    throw new Error(
      `cannot open the district database ${redactUrl(url)}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err }
    )
  }
  return { sql, db: null, district: { url, origin }, close: () => sql.end() }
}

/**
 * Opens and migrates the database; a file SQLite cannot read becomes a
 * DatabaseCorruptError that names the backups the user can restore.
 */
function openChecked(file: string, opts: CreateAppOptions): WritableDb {
  let db: WritableDb | null = null
  try {
    db = openDatabase(file, {
      nativeBinding: opts.nativeBinding,
      slowQueryMs: opts.slowQueryMs,
      onSlowQuery: (q) => (opts.log ?? console.warn)(formatSlowQuery(q))
    })
    countSchemaObjects(db)
    migrate(db)
    return db
  } catch (err) {
    db?.close()
    if (isCorruptionError(err)) throw new DatabaseCorruptError(file, listBackups(opts.dataDir), err)
    throw err
  }
}
