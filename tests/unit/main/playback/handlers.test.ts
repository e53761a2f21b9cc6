import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { describeBackends } from '../../../helpers/backends'
import { createTestDeps } from '../../../helpers/appDeps'
import { dispatchAs } from '../../../helpers/dispatchAs'
import { addCamera } from '../../../helpers/recording'
import { createDispatcher, type Handlers } from '../../../../src/main/api/dispatch'
import { listAudit } from '../../../../src/main/audit/repository'
import type { Sql } from '../../../../src/main/db/sql'
import { playbackHandlers } from '../../../../src/main/playback/handlers'
import { recordingHandlers } from '../../../../src/main/recording/handlers'
import { insertSegment, recordingSettingOf } from '../../../../src/main/recording/repository'
import { createRecordingServices } from '../../../../src/main/recording/service'
import type { Bookmark, RecordingOverview } from '../../../../src/shared/domain/recording'

const T = Date.UTC(2026, 5, 1, 6, 0)
const dirs: string[] = []
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of closers.splice(0)) await c()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** The recording, playback and bookmark channels through the real pipeline, on one backend. */
function harness(sql: Sql) {
  const { deps, events } = createTestDeps(sql, T, { mediaBase: '/media' })
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wr-pbh-'))
  dirs.push(dataDir)
  const services = createRecordingServices({
    sql,
    bus: deps.bus,
    dataDir,
    mediaBase: '/media',
    now: deps.now,
    log: () => undefined
  })
  closers.push(() => services.close())
  const handlers = {
    ...recordingHandlers(deps, services),
    ...playbackHandlers(deps, services)
  } as unknown as Handlers
  return { ...dispatchAs(createDispatcher(handlers, deps)), events }
}

const segment = (cameraId: number, startMs: number) => ({
  cameraId,
  startMs,
  endMs: startMs + 2000,
  durationMs: 2000,
  bytes: 100,
  path: `${cameraId}/20260601/${startMs}-1.ts`,
  run: 1,
  timeSource: 'pdt' as const,
  createdAt: 0
})

describeBackends('recording, playback and bookmark channels', (b) => {
  it('sets recording modes and the quota in audited writes, refusing unknown cameras whole', async () => {
    const sql = b.sql()
    const h = harness(sql)
    const admin = h.as('admin', 'wang')
    const a = await addCamera(sql, 'H1', null, 'off')
    const c = await addCamera(sql, 'H2', null, 'off')

    const bad = await admin('recording:setCameras', {
      cameraIds: [a, 9999],
      mode: 'continuous',
      retentionDays: 9
    })
    expect(bad.ok ? null : bad.error.code).toBe('not_found')
    expect((await recordingSettingOf(sql, a)).mode).toBe('off')

    const set = await h.ok(
      admin<{ cameraId: number }[]>('recording:setCameras', {
        cameraIds: [a, c],
        mode: 'continuous',
        retentionDays: 9
      })
    )
    expect(set.map((s) => s.cameraId)).toEqual([a, c])
    expect(await recordingSettingOf(sql, c)).toMatchObject({
      mode: 'continuous',
      retentionDays: 9,
      updatedBy: 'wang'
    })
    await h.ok(admin('recording:setQuota', { quotaBytes: 128 * 1024 ** 2 }))
    const overview = await h.ok(admin<RecordingOverview>('recording:overview', {}))
    expect(overview.quotaBytes).toBe(128 * 1024 ** 2)
    expect(overview.usedBytes).toBe(0)
    expect(overview.cameras.filter((s) => s.mode === 'continuous').map((s) => s.cameraId)).toEqual([
      a,
      c
    ])
    const audit = await listAudit(sql, { limit: 20 })
    expect(audit.filter((r) => r.action === 'recording.update').map((r) => r.entityId)).toEqual(
      expect.arrayContaining([String(a), String(c)])
    )
    expect(audit.filter((r) => r.action === 'recording.update')).toHaveLength(2)
    expect(audit.some((r) => r.action === 'recording.quota' && r.actor === 'wang')).toBe(true)
    expect(h.events.filter((e) => e.event === 'recording:changed')).toHaveLength(2)
  })

  it('answers availability and signed playlists only where footage is', async () => {
    const sql = b.sql()
    const h = harness(sql)
    const sup = h.as('supervisor')
    const a = await addCamera(sql, 'H3', null)
    const empty = await addCamera(sql, 'H4', null)
    for (const s of [0, 2000, 10_000]) await insertSegment(sql, segment(a, T + s))
    const avail = await h.ok(
      sup<{ cameraId: number; ranges: { from: number; to: number }[] }[]>('playback:availability', {
        cameraIds: [a, empty],
        from: T,
        to: T + 60_000
      })
    )
    expect(avail).toEqual([
      {
        cameraId: a,
        ranges: [
          { from: T, to: T + 4000 },
          { from: T + 10_000, to: T + 12_000 }
        ]
      },
      { cameraId: empty, ranges: [] }
    ])
    const open = await h.ok(
      sup<{ cameraId: number; url: string | null }[]>('playback:open', {
        cameraIds: [a, empty],
        from: T,
        to: T + 60_000
      })
    )
    expect(open[0].url).toMatch(/^\/media\/vod\/[A-Za-z0-9_.-]+\/index\.m3u8$/)
    expect(open[1].url).toBeNull()
    const unknown = await sup('playback:open', { cameraIds: [9999], from: T, to: T + 1000 })
    expect(unknown.ok ? null : unknown.error.code).toBe('not_found')
  })

  it('keeps bookmarks, audits a deletion, and leaves no audit row for a bookmark that is not there', async () => {
    const sql = b.sql()
    const h = harness(sql)
    const duty = h.as('duty', 'li')
    const added = await h.ok(
      duty<Bookmark>('bookmarks:add', { at: T + 5000, note: '可疑车辆', cameraIds: [1] })
    )
    expect(added).toMatchObject({ note: '可疑车辆', cameraIds: [1], createdBy: 'li' })
    const list = await h.ok(duty<Bookmark[]>('bookmarks:list', { from: T, to: T + 60_000 }))
    expect(list).toEqual([added])
    await h.ok(duty('bookmarks:delete', { id: added.id }))
    expect(await h.ok(duty<Bookmark[]>('bookmarks:list', { from: T, to: T + 60_000 }))).toEqual([])
    const again = await duty('bookmarks:delete', { id: added.id })
    expect(again.ok ? null : again.error.code).toBe('not_found')
    const rows = (await listAudit(sql, { limit: 20 })).filter((r) => r.action === 'bookmark.delete')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ actor: 'li', entityId: String(added.id) })
    expect(h.events.filter((e) => e.event === 'bookmarks:changed')).toHaveLength(2)
  })
})
