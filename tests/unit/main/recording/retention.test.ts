import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeBackends } from '../../../helpers/backends'
import { addCamera, indexClip, makeClip, type Clip } from '../../../helpers/recording'
import { createRecorder } from '../../../../src/main/recording/recorder'
import {
  addEvidenceLock,
  listSegments,
  setQuotaBytes
} from '../../../../src/main/recording/repository'
import { resolveInStore } from '../../../../src/main/recording/store'

let tmp = ''
let clip: Clip
const DAY = 86_400_000

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'wr-ret-'))
  clip = await makeClip(path.join(tmp, 'clip'), 10)
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describeBackends('retention and quota', (backend) => {
  it('delete footage older than the retention, except a range under an evidence lock', async () => {
    const db = backend.sql()
    const store = path.join(tmp, 'store-retention')
    const now = Date.UTC(2026, 5, 20)
    const id = await addCamera(db, 'K1', null, 'off', 7)
    const other = await addCamera(db, 'K2', null, 'off', 30)
    const old = await indexClip(db, store, id, clip, now - 10 * DAY)
    const recent = await indexClip(db, store, id, clip, now - 1 * DAY, { run: 2 })
    const otherOld = await indexClip(db, store, other, clip, now - 10 * DAY)
    // lock seconds 3.5..5.2 of the old footage: segments 3, 4 and 5 overlap it
    await addEvidenceLock(db, {
      cameraId: id,
      from: now - 10 * DAY + 3500,
      to: now - 10 * DAY + 5200,
      reason: 'case 1',
      exportId: null,
      at: now,
      actor: 'x'
    })
    const rec = createRecorder({ sql: db, storeDir: store, now: () => now })
    const r = await rec.sweep()
    const left = await listSegments(db, id, 0, now)
    expect(
      left.filter((s) => s.startMs < now - 5 * DAY).map((s) => s.startMs - (now - 10 * DAY))
    ).toEqual([3000, 4000, 5000])
    expect(left.filter((s) => s.startMs >= now - 5 * DAY)).toHaveLength(recent.length)
    expect(r.deleted).toBe(old.length - 3)
    for (const s of old)
      expect(existsSync(resolveInStore(store, s.path) ?? ''), s.path).toBe(
        [3, 4, 5].includes(old.indexOf(s))
      )
    // the other camera keeps 30 days
    expect(await listSegments(db, other, 0, now)).toHaveLength(otherOld.length)
    // the database itself refuses to drop locked rows, whatever code path tries
    await expect(
      db.run('DELETE FROM recording_segments WHERE camera_id = ?', [id])
    ).rejects.toThrow(/evidence lock/)
  })

  it('delete oldest first over the disk quota, skipping locked ranges, until under it', async () => {
    const db = backend.sql()
    const store = path.join(tmp, 'store-quota')
    const now = Date.now()
    const a = await addCamera(db, 'Q1', null)
    const b = await addCamera(db, 'Q2', null)
    const segA = await indexClip(db, store, a, clip, now - 3_600_000)
    const segB = await indexClip(db, store, b, clip, now - 1_800_000)
    // camera A's first two segments are evidence
    await addEvidenceLock(db, {
      cameraId: a,
      from: now - 3_600_000,
      to: now - 3_600_000 + 2000,
      reason: 'case 2',
      exportId: null,
      at: now,
      actor: 'x'
    })
    const total = [...segA, ...segB].reduce((n, s) => n + s.bytes, 0)
    const rec = createRecorder({ sql: db, storeDir: store, now: () => now })
    expect(await rec.usedBytes()).toBe(total)
    const quota = Math.floor(total * 0.6)
    await setQuotaBytes(db, quota)
    await rec.sweep()
    expect(await rec.usedBytes()).toBeLessThanOrEqual(quota)
    const leftA = await listSegments(db, a, 0, now)
    const leftB = await listSegments(db, b, 0, now)
    // locked ones stay; the rest of A (older) goes before any of B
    expect(leftA.slice(0, 2).map((s) => s.id)).toEqual(segA.slice(0, 2).map((s) => s.id))
    expect(leftA.length).toBe(2)
    expect(leftB.length).toBeGreaterThan(0)
    const deletedB = segB.length - leftB.length
    expect(leftB.map((s) => s.id)).toEqual(segB.slice(deletedB).map((s) => s.id))
    for (const s of [...segA.slice(2), ...segB.slice(0, deletedB)])
      expect(existsSync(resolveInStore(store, s.path) ?? '')).toBe(false)

    // everything locked: the quota cannot be met, nothing locked is touched
    await addEvidenceLock(db, {
      cameraId: b,
      from: 0,
      to: now,
      reason: 'case 3',
      exportId: null,
      at: now,
      actor: 'x'
    })
    await setQuotaBytes(db, 1)
    const r = await rec.sweep()
    expect(r.deleted).toBe(0)
    expect(await listSegments(db, b, 0, now)).toHaveLength(leftB.length)
  })
})
