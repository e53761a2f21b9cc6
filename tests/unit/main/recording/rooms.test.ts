import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeBackends, type Backend } from '../../../helpers/backends'
import {
  addCamera,
  indexClip,
  makeClip,
  startFakeCamera,
  until,
  type Clip
} from '../../../helpers/recording'
import { createRecorder } from '../../../../src/main/recording/recorder'
import {
  availability,
  getSegment,
  lastSegment,
  listSegments,
  setQuotaBytes,
  type SegmentRow
} from '../../../../src/main/recording/repository'
import { resolveInStore } from '../../../../src/main/recording/store'
import type { Sql } from '../../../../src/main/db/sql'
import { openPgSql } from '../../../../src/main/db/postgres/pgSql'

/*
 * Room servers of one district share the recording index but each records
 * into its own data directory: two room ids on one database, each room with
 * its own connection (its own pool on PostgreSQL, as two processes have).
 */

let tmp = ''
let clip: Clip
const DAY = 86_400_000
// recent, so retention (30 days) keeps it
const BASE = Math.floor(Date.now() / 1000) * 1000 - 600_000

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'wr-rooms-'))
  clip = await makeClip(path.join(tmp, 'clip'), 8)
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const ROOM_A = 'a'.repeat(32)
const ROOM_B = 'b'.repeat(32)

/** The second room's connection: a pool of its own on PostgreSQL. */
function secondRoom(b: Backend): { sql: Sql; close(): Promise<void> } {
  if (b.dialect === 'sqlite') return { sql: b.sql(), close: () => Promise.resolve() }
  const sql = openPgSql(b.url, { max: 2 })
  return { sql, close: () => sql.end() }
}

const everything = (sql: Sql, id: number, room: string): Promise<SegmentRow[]> =>
  listSegments(sql, id, 0, 8.64e15, room)

describeBackends('recording rooms of one district', (b) => {
  it('two rooms record the same camera from the same start: no path collision, each lists only its own', async () => {
    const sqlA = b.sql()
    const roomB = secondRoom(b)
    const sqlB = roomB.sql
    const cam = await startFakeCamera(clip, { baseMs: BASE })
    const id = await addCamera(sqlA, 'R1', cam.url)
    const storeA = path.join(tmp, `${b.dialect}-a`)
    const storeB = path.join(tmp, `${b.dialect}-b`)
    const recA = createRecorder({ sql: sqlA, room: ROOM_A, storeDir: storeA, pollMs: 30 })
    const recB = createRecorder({ sql: sqlB, room: ROOM_B, storeDir: storeB, pollMs: 30 })
    try {
      // neither room has footage yet: both start run 1 and name their files alike
      expect(await recA.nextRun()).toBe(await recB.nextRun())
      cam.state.head = 3
      await Promise.all([recA.start(), recB.start()])
      const [a, b2] = await until(
        async () => {
          const a = await everything(sqlA, id, ROOM_A)
          const b2 = await everything(sqlB, id, ROOM_B)
          return a.length >= 4 && b2.length >= 4 ? [a, b2] : null
        },
        15_000,
        '4 segments in each room'
      )
      expect(a.map((s) => s.startMs)).toEqual([0, 1, 2, 3].map((n) => BASE + n * 1000))
      expect(b2.map((s) => s.startMs)).toEqual(a.map((s) => s.startMs))
      // the same relative paths, each in its own store: the index keeps both
      expect(b2.map((s) => s.path)).toEqual(a.map((s) => s.path))
      for (const s of a) expect(existsSync(resolveInStore(storeA, s.path) ?? '')).toBe(true)
      for (const s of b2) expect(existsSync(resolveInStore(storeB, s.path) ?? '')).toBe(true)
      expect(new Set([...a, ...b2].map((s) => s.id)).size).toBe(8)

      // a room never reaches the other's rows, by listing, availability, id or newest
      expect(await getSegment(sqlA, b2[0]?.id ?? 0, ROOM_A)).toBeUndefined()
      expect(await getSegment(sqlB, b2[0]?.id ?? 0, ROOM_B)).toEqual(b2[0])
      expect(await everything(sqlA, id, '')).toEqual([])
      expect(await availability(sqlA, id, BASE - 1000, BASE + 10_000, 0, ROOM_A)).toEqual([
        { from: BASE, to: a.at(-1)?.endMs ?? 0 }
      ])
      expect((await lastSegment(sqlB, id, ROOM_B))?.id).toBe(b2.at(-1)?.id)
      // each room counts its own disk
      const sum = (rows: SegmentRow[]) => rows.reduce((n, r) => n + r.bytes, 0)
      expect(await recA.usedBytes()).toBe(sum(await everything(sqlA, id, ROOM_A)))
      expect(await recB.usedBytes()).toBe(sum(await everything(sqlB, id, ROOM_B)))
    } finally {
      await recA.stop()
      await recB.stop()
      await cam.close()
      await roomB.close()
    }
  })

  it("retention and quota in one room leave the other room's rows and files", async () => {
    const sqlA = b.sql()
    const roomB = secondRoom(b)
    const sqlB = roomB.sql
    try {
      const now = Date.now()
      const id = await addCamera(sqlA, 'R2', null, 'off', 7)
      const storeA = path.join(tmp, `${b.dialect}-ret-a`)
      const storeB = path.join(tmp, `${b.dialect}-ret-b`)
      // the same old hour in both rooms, then recent footage in room B only
      const oldA = await indexClip(sqlA, storeA, id, clip, now - 10 * DAY, { room: ROOM_A })
      const oldB = await indexClip(sqlB, storeB, id, clip, now - 10 * DAY, { room: ROOM_B })
      const recentB = await indexClip(sqlB, storeB, id, clip, now - 3_600_000, {
        room: ROOM_B,
        run: 2
      })

      const recA = createRecorder({ sql: sqlA, room: ROOM_A, storeDir: storeA, now: () => now })
      const swept = await recA.sweep()
      expect(swept.deleted).toBe(oldA.length)
      expect(await everything(sqlA, id, ROOM_A)).toEqual([])
      for (const s of oldA) expect(existsSync(resolveInStore(storeA, s.path) ?? '')).toBe(false)
      expect(await everything(sqlB, id, ROOM_B)).toEqual([...oldB, ...recentB])
      for (const s of oldB) expect(existsSync(resolveInStore(storeB, s.path) ?? '')).toBe(true)
      await recA.stop()

      // a quota that room B's disk alone exceeds: B deletes its oldest, room A's new footage stays
      const newA = await indexClip(sqlA, storeA, id, clip, now - 1_800_000, { room: ROOM_A })
      const bytes = (rows: SegmentRow[]) => rows.reduce((n, r) => n + r.bytes, 0)
      await setQuotaBytes(sqlA, bytes(recentB) + 1)
      const recB = createRecorder({ sql: sqlB, room: ROOM_B, storeDir: storeB, now: () => now })
      const r = await recB.sweep()
      // retention first (B's old hour), and then B is under the quota with its recent footage
      expect(r.deleted).toBe(oldB.length)
      expect(await everything(sqlB, id, ROOM_B)).toEqual(recentB)
      expect(await everything(sqlA, id, ROOM_A)).toEqual(newA)
      await recB.stop()
      const recA2 = createRecorder({ sql: sqlA, room: ROOM_A, storeDir: storeA, now: () => now })
      expect((await recA2.sweep()).deleted).toBe(0)
      expect(await recA2.usedBytes()).toBe(bytes(newA))
      await recA2.stop()
    } finally {
      await roomB.close()
    }
  })
})
