import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { startHost, type RunningHost } from '../helpers/hostServer'
import { startPgCluster, type PgCluster } from '../helpers/pgCluster'
import type { AuditCheck } from '../../src/shared/domain/audit'

const ADMIN_PASSWORD = 'room-kill-admin-2026'
const TRIALS = 3
/** Room A's writers at once, so that the kill always finds requests in flight. */
const A_WRITERS = 3

type Answer<T> = { ok: true; result: T } | { ok: false; error: { code: string; message: string } }

/** A logged-in API client of one room server. */
async function login(host: RunningHost) {
  const res = await fetch(`${host.url}api/auth:login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD })
  })
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`)
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  return async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await fetch(`${host.url}api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify(input)
    })
    const body = (await r.json()) as Answer<T>
    if (!body.ok) throw new Error(`${channel}: ${body.error.code} ${body.error.message}`)
    return body.result
  }
}

const incident = (description: string) => ({
  fields: {
    type: 'theft',
    at: Date.now(),
    severity: 'medium',
    placeKind: 'point',
    cameraId: null,
    roadId: null,
    placeName: '金城路',
    lat: 30.27,
    lng: 120.15,
    description,
    linkedCameras: []
  }
})

/**
 * Issue #17: two room servers (host mode) on one district database. Room A
 * is killed with SIGKILL while it logs incidents through its API, three
 * times, and started again on its data directory. Every incident A
 * answered for is in the district with its audit row, the audit chain
 * verifies from either room, and room B logs and lists incidents all along
 * without one failure.
 */
describe('kill -9 of a room server on the district', () => {
  let cluster: PgCluster
  let url: string
  let dir: string
  const env = () => ({
    WATCHROOM_DATABASE_URL: url,
    WATCHROOM_DEMO: '0',
    WATCHROOM_ADMIN_PASSWORD: ADMIN_PASSWORD
  })
  const hosts: RunningHost[] = []
  const start = async (name: string) => {
    const h = await startHost({ dataDir: path.join(dir, name), env: env() })
    hosts.push(h)
    return h
  }

  beforeAll(async () => {
    cluster = await startPgCluster()
    url = cluster.createDatabase('district')
    dir = mkdtempSync(path.join(os.tmpdir(), 'wr-room-kill-'))
  }, 60_000)
  afterAll(async () => {
    for (const h of hosts) await h.stop().catch(() => undefined)
    cluster?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it(`${TRIALS} kills of room A mid-write: every answered incident stored and audited, the chain whole, room B unharmed`, async () => {
    let a = await start('room-a')
    mkdirSync(path.join(dir, 'room-b'), { mode: 0o700 })
    copyFileSync(path.join(dir, 'room-a', 'audit.key'), path.join(dir, 'room-b', 'audit.key'))
    const b = await start('room-b')
    const apiB = await login(b)

    // room B: an incident and a read of the list a round, until told to stop
    const fromB: number[] = []
    let bError: unknown = null
    let bRounds = 0
    let slowestB = 0
    let stopB = false
    const roomB = (async () => {
      while (!stopB) {
        const t0 = performance.now()
        try {
          const inc = await apiB<{ id: number }>('incidents:create', incident(`B-${bRounds}`))
          fromB.push(inc.id)
          const list = await apiB<{ id: number }[]>('incidents:list', { limit: 5 })
          if (!list.some((x) => x.id === inc.id))
            throw new Error(`B's incident ${inc.id} not listed`)
        } catch (err) {
          bError = err
          return
        }
        bRounds++
        slowestB = Math.max(slowestB, performance.now() - t0)
      }
    })()

    const answered = new Map<number, string>()
    const bRoundsWhileADown: number[] = []
    const inFlightAtKill: number[] = []
    try {
      for (let trial = 1; trial <= TRIALS; trial++) {
        const apiA = await login(a)
        let n = 0
        let killed = false
        let inFlight = 0
        const writer = async (w: number) => {
          while (!killed) {
            const description = `A-${trial}-${w}-${n++}`
            inFlight++
            try {
              const inc = await apiA<{ id: number }>('incidents:create', incident(description))
              inFlight--
              answered.set(inc.id, description)
            } catch (err) {
              // the one request in flight when the server died has no answer; anything else is a failure
              if (killed) return
              throw err
            }
          }
        }
        const writers = Array.from({ length: A_WRITERS }, (_, w) => writer(w))
        const before = answered.size
        // a different moment each trial, once A is well into its writes
        const target = before + 15 + trial * 10
        while (answered.size < target && !bError) await new Promise((r) => setTimeout(r, 5))
        const exited = new Promise((r) => a.process.once('exit', r))
        inFlightAtKill.push(inFlight)
        a.process.kill('SIGKILL')
        killed = true
        await exited
        await Promise.all(writers)
        expect(a.process.signalCode).toBe('SIGKILL')
        // room B keeps writing while A is down
        const downAt = bRounds
        while (bRounds < downAt + 5 && !bError) await new Promise((r) => setTimeout(r, 5))
        bRoundsWhileADown.push(bRounds - downAt)
        hosts.splice(hosts.indexOf(a), 1)
        a = await start('room-a')
      }
    } finally {
      stopB = true
      await roomB
    }
    expect(bError).toBeNull()
    // each kill cut requests room A had not answered yet
    expect(inFlightAtKill.every((k) => k > 0)).toBe(true)
    expect(bRoundsWhileADown.every((r) => r >= 5)).toBe(true)

    // checked in the district itself, not through either room
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    try {
      const ids = [...answered.keys()]
      const stored = await c.query<{ id: string; description: string; audited: boolean }>(
        `SELECT i.id, i.description,
           EXISTS (SELECT 1 FROM audit_log l WHERE l.entity = 'incident' AND l.entity_id = i.id::text
                     AND l.action = 'incident.create') AS audited
         FROM incidents i WHERE i.id = ANY($1::bigint[])`,
        [ids]
      )
      const byId = new Map(stored.rows.map((r) => [Number(r.id), r]))
      expect(ids.filter((id) => byId.get(id)?.description !== answered.get(id))).toEqual([])
      expect(stored.rows.filter((r) => !r.audited).map((r) => r.id)).toEqual([])
      const fromBStored = await c.query<{ n: string }>(
        'SELECT count(*) AS n FROM incidents WHERE id = ANY($1::bigint[])',
        [fromB]
      )
      expect(Number(fromBStored.rows[0].n)).toBe(fromB.length)
    } finally {
      await c.end()
    }

    const apiA = await login(a)
    for (const api of [apiA, apiB]) {
      const v = await api<AuditCheck>('audit:verify', {})
      expect(v).toMatchObject({ ok: true })
    }
    const load = execFileSync('uptime', { encoding: 'utf8' }).trim()
    console.log(
      `room kill: ${TRIALS} kills, ${answered.size} incidents answered by room A (all stored and audited), ${inFlightAtKill.join('/')} unanswered at the kills; room B ${bRounds} rounds (create + list), slowest ${slowestB.toFixed(0)} ms, ${bRoundsWhileADown.join('/')} rounds while A was down; ${load}`
    )
  }, 300_000)
})
