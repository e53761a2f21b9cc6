import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import pg from 'pg'
import { z } from 'zod'
import { CAMERA_STATUSES } from '../../../shared/domain/camera'
import { INCIDENT_STATUSES, SEVERITIES } from '../../../shared/domain/incident'
import { SYSTEM_EVENT_KINDS, type SystemEvent } from '../../../shared/domain/systemEvent'
import type { ServerEventMessage, ServerEventName, ServerEvents } from '../../../shared/ipc/events'
import { districtTypes, redactUrl } from './connect'

/** The channel the district's triggers announce on (migrations/0012-change-notify.sql). */
export const CHANGES_CHANNEL = 'watchroom_changes'

const id = z.number().int().positive()

/**
 * What the triggers send, checked as any input from outside main is: a
 * notification that does not parse (another program on the channel, a
 * newer schema) is logged and dropped, never passed to the screens.
 */
const notification = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('incident:changed'),
    payload: z.object({
      id,
      version: z.number().int(),
      status: z.enum(INCIDENT_STATUSES),
      severity: z.enum(SEVERITIES),
      change: z.string(),
      at: z.number(),
      actor: z.string().nullable()
    })
  }),
  z.object({
    event: z.literal('registry:changed'),
    payload: z.object({ what: z.enum(['cameras', 'roads', 'groups']) })
  }),
  z.object({
    event: z.literal('camera:status'),
    payload: z.object({
      cameraId: id,
      code: z.string(),
      status: z.enum(CAMERA_STATUSES),
      at: z.number(),
      reason: z.null()
    })
  }),
  z.object({
    event: z.literal('duty:changed'),
    payload: z.object({ what: z.enum(['shift', 'entry']), id })
  }),
  z.object({
    event: z.literal('layouts:changed'),
    payload: z.object({ id: id.nullable() })
  }),
  // the event's data may be too large for a notification: only its id travels
  z.object({ event: z.literal('event:appended'), payload: z.object({ id }) })
])
const envelope = z.object({ origin: z.string() }).and(notification)

export type DistrictListener = {
  /** resolves once the first LISTEN is in place */
  ready: Promise<void>
  close(): Promise<void>
}

export type DistrictListenerOptions = {
  /** each change another room made, in the shape of the app's server events */
  onEvent(msg: ServerEventMessage): void
  /**
   * this room's application_name: its own changes are skipped (its own bus
   * announced them already)
   */
  skipOrigin?: string
  /**
   * the connection was lost and is back: changes made in between were not
   * announced, so whatever the screens show must be fetched again
   * (`client`: the listening connection, for reading what is there now)
   */
  onGap?(client: pg.Client): void
  log?(msg: string): void
  /** first reconnection delay; doubles up to 10 s */
  retryMs?: number
}

type SystemEventRow = {
  id: number
  at: number
  kind: string
  camera_id: number | null
  actor: string | null
  data: string
}

/** One row of the system log as the app's event, or undefined (none, or a kind this app does not know). */
async function readSystemEvent(
  c: pg.Client,
  where: string,
  params: unknown[]
): Promise<SystemEvent | undefined> {
  const r = await c.query<SystemEventRow>(
    `SELECT id, at, kind, camera_id, actor, data FROM system_events ${where}`,
    params
  )
  const row = r.rows[0]
  const kind = z.enum(SYSTEM_EVENT_KINDS).safeParse(row?.kind)
  if (!row || !kind.success) return undefined
  return {
    id: row.id,
    at: row.at,
    kind: kind.data,
    cameraId: row.camera_id,
    actor: row.actor,
    data: JSON.parse(row.data) as Record<string, unknown>
  }
}

/**
 * The other rooms' changes, as server events: LISTEN on the district's
 * change channel on a connection of its own, reconnecting with back-off
 * when the connection drops (and then reporting the gap).
 */
export function listenForDistrictChanges(
  url: string,
  opts: DistrictListenerOptions
): DistrictListener {
  const log = (m: string) => (opts.log ? opts.log(m) : console.warn(m))
  let client: pg.Client | null = null
  let closed = false
  let retry = opts.retryMs ?? 500
  let timer: NodeJS.Timeout | null = null
  let everConnected = false
  let resolveReady!: () => void
  let rejectReady!: (err: Error) => void
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve
    rejectReady = reject
  })

  const deliver = async (c: pg.Client, raw: string | undefined): Promise<void> => {
    let parsed: z.infer<typeof envelope>
    try {
      parsed = envelope.parse(JSON.parse(raw ?? ''))
    } catch {
      log(`district change notification dropped: not one WatchRoom sends (${raw?.slice(0, 200)})`)
      return
    }
    if (opts.skipOrigin !== undefined && parsed.origin === opts.skipOrigin) return
    if (parsed.event !== 'event:appended') {
      const { origin: _origin, ...msg } = parsed
      opts.onEvent(msg satisfies ServerEventMessage)
      return
    }
    const e = await readSystemEvent(c, 'WHERE id = $1', [parsed.payload.id])
    if (e) opts.onEvent({ event: 'event:appended', payload: e })
  }

  const connect = async (): Promise<void> => {
    timer = null
    const c = new pg.Client({
      connectionString: url,
      types: districtTypes,
      application_name: `${opts.skipOrigin ?? 'watchroom'} listener`
    })
    let lost = false
    const onLost = (err?: Error) => {
      if (lost) return
      lost = true
      if (client === c) client = null
      c.removeAllListeners('notification')
      void c.end().catch(() => undefined)
      if (closed) return
      log(
        `district change channel lost (${err?.message ?? 'connection ended'}); reconnecting in ${retry} ms`
      )
      timer = setTimeout(() => void connect(), retry)
      retry = Math.min(retry * 2, 10_000)
    }
    c.on('error', onLost)
    c.on('end', () => onLost())
    // one at a time, in the order they came: an event:appended read must not overtake
    let queue = Promise.resolve()
    c.on('notification', (n) => {
      if (n.channel !== CHANGES_CHANNEL) return
      queue = queue
        .then(() => deliver(c, n.payload))
        .catch((err: unknown) => log(`district change not delivered: ${String(err)}`))
    })
    try {
      await c.connect()
      await c.query(`LISTEN ${CHANGES_CHANNEL}`)
    } catch (err) {
      if (!everConnected && !lost) {
        lost = true
        void c.end().catch(() => undefined)
        rejectReady(
          new Error(
            `cannot listen to the district database ${redactUrl(url)}: ${err instanceof Error ? err.message : String(err)}`
          )
        )
        return
      }
      onLost(err instanceof Error ? err : new Error(String(err)))
      return
    }
    if (closed) {
      await c.end()
      return
    }
    client = c
    retry = opts.retryMs ?? 500
    if (everConnected) opts.onGap?.(c)
    everConnected = true
    resolveReady()
  }
  void connect()

  return {
    ready,
    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      const c = client
      client = null
      if (c) {
        c.removeAllListeners('notification')
        await c.end().catch(() => undefined)
      }
    }
  }
}

/**
 * This room server's name on the district, unique per process: its pool's
 * application_name, which the triggers stamp on every change as `origin`.
 * PostgreSQL keeps 63 bytes of it and shows it in pg_stat_activity, so it
 * says which machine a connection belongs to.
 */
export function districtOrigin(): string {
  const host = hostname()
    .replace(/[^A-Za-z0-9.-]/g, '')
    .slice(0, 32)
  return `watchroom ${host || 'room'} ${process.pid} ${randomBytes(3).toString('hex')}`
}

/** The newest incident and system log row, as the events the screens refetch on. */
async function resync(c: pg.Client): Promise<ServerEventMessage[]> {
  const msgs: ServerEventMessage[] = []
  const r = await c.query<{
    id: number
    version: number
    status: (typeof INCIDENT_STATUSES)[number]
    severity: (typeof SEVERITIES)[number]
    updated_at: number
    updated_by: string | null
  }>(
    'SELECT id, version, status, severity, updated_at, updated_by FROM incidents ORDER BY updated_at DESC, id DESC LIMIT 1'
  )
  const i = r.rows[0]
  if (i)
    msgs.push({
      event: 'incident:changed',
      payload: {
        id: i.id,
        version: i.version,
        status: i.status,
        severity: i.severity,
        change: 'update',
        at: i.updated_at,
        actor: i.updated_by
      }
    })
  const e = await readSystemEvent(c, 'ORDER BY id DESC LIMIT 1', [])
  if (e) msgs.push({ event: 'event:appended', payload: e })
  return msgs
}

type Emitter = { emit<K extends ServerEventName>(event: K, payload: ServerEvents[K]): void }

/**
 * The other rooms' changes on this room's event bus, so its screens redraw
 * as they do for its own: the room's own changes are skipped (its handlers
 * emitted them already), the others' emitted once each. After a lost
 * connection what changed in between is unknown: the registry and the
 * layouts are announced as changed, and the newest incident and system log
 * row as they are now (the screens refetch their lists on any of these).
 */
export function bridgeDistrictChanges(opts: {
  url: string
  bus: Emitter
  /** the application_name of this room's pool (`districtOrigin()`) */
  origin: string
  log?: (msg: string) => void
  retryMs?: number
}): DistrictListener {
  const emit = (msg: ServerEventMessage) => opts.bus.emit(msg.event, msg.payload)
  return listenForDistrictChanges(opts.url, {
    skipOrigin: opts.origin,
    log: opts.log,
    retryMs: opts.retryMs,
    onEvent: emit,
    onGap: (c) => {
      opts.log?.('district change channel back: announcing what may have changed meanwhile')
      for (const what of ['cameras', 'roads', 'groups'] as const)
        emit({ event: 'registry:changed', payload: { what } })
      emit({ event: 'layouts:changed', payload: { id: null } })
      void resync(c)
        .then((msgs) => msgs.forEach(emit))
        .catch((err: unknown) => opts.log?.(`district resync failed: ${String(err)}`))
    }
  })
}
