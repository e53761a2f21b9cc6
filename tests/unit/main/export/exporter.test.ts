import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { roomIso, roomStamp } from '../../../../src/shared/domain/roomTime'
import { createHash } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeBackends } from '../../../helpers/backends'
import { column, value, type Sql } from '../../../../src/main/db/sql'
import { addCamera, ffmpegPath, indexClip, makeClip, type Clip } from '../../../helpers/recording'
import { createExporter } from '../../../../src/main/export/exporter'
import { createFootageReader } from '../../../../src/main/playback/footage'
import { createSigner } from '../../../../src/main/playback/tokens'
import { createEventBus } from '../../../../src/main/app/bus'
import { listEvidenceLocks } from '../../../../src/main/recording/repository'
import { verifyAuditChain } from '../../../../src/main/audit/repository'
import { probeMedia } from '../../../../src/main/media/ffmpeg'
import type { ExportJob, ExportManifest } from '../../../../src/shared/domain/recording'
import type { ServerEventMessage } from '../../../../src/shared/ipc/events'

let tmp = ''
let clip: Clip
const T = Math.floor(Date.now() / 1000) * 1000 - 3_600_000
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'wr-exp-'))
  // 20 one-second segments from one ffmpeg run: continuous timestamps
  clip = await makeClip(path.join(tmp, 'clip'), 20)
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

async function setup(sql: Sql, name: string, footage: Clip = clip) {
  const store = path.join(tmp, `${name}-${sql.dialect}`, 'recordings')
  const a = await addCamera(sql, 'E-1', null)
  const b = await addCamera(sql, 'E-2', null)
  await indexClip(sql, store, a, footage, T)
  await indexClip(sql, store, b, footage, T)
  const bus = createEventBus()
  const events: ServerEventMessage[] = []
  bus.subscribe((m) => events.push(m))
  const signer = createSigner()
  const exporter = createExporter({
    sql,
    bus,
    now: Date.now,
    exportsDir: path.join(tmp, `${name}-${sql.dialect}`, 'exports'),
    footage: createFootageReader(store, null),
    signer,
    mediaBase: '/media',
    ffmpegPath
  })
  return {
    a,
    b,
    exporter,
    events,
    signer,
    dir: path.join(tmp, `${name}-${sql.dialect}`, 'exports')
  }
}

describeBackends('evidence export', (backend) => {
  it('remuxes each camera to an MP4 matching the range within one segment, hashed in the manifest, locked and audited', async () => {
    const sql = backend.sql()
    const { a, b, exporter, events, dir } = await setup(sql, 'ok')
    const from = T + 2500
    const to = T + 14_200
    const job = await exporter.create(
      { cameraIds: [a, b], from, to, snapshots: [T + 5000] },
      { username: 'supervisor', displayName: '值班长' }
    )
    expect(job.status).toBe('running')
    // the range is locked from the start
    expect((await listEvidenceLocks(sql, a)).map((l) => [l.from, l.to, l.exportId])).toEqual([
      [from, to, job.id]
    ])
    const done: ExportJob = await exporter.wait(job.id)
    expect(done.status).toBe('done')
    expect(done.progress).toBe(1)
    const exportDir = (await exporter.dirOf(job.id)) ?? ''
    expect(exportDir.startsWith(dir)).toBe(true)
    const manifest = JSON.parse(
      readFileSync(path.join(exportDir, 'manifest.json'), 'utf8')
    ) as ExportManifest
    expect(manifest.exporter).toEqual({ username: 'supervisor', displayName: '值班长' })
    // room time with its offset (the room is in Asia/Shanghai), the same instants
    expect(manifest.timeZone).toBe('Asia/Shanghai')
    expect(manifest.range).toEqual({
      from: roomIso(from, 'Asia/Shanghai'),
      to: roomIso(to, 'Asia/Shanghai'),
      fromMs: from,
      toMs: to
    })
    expect(manifest.range.from).toMatch(/\+08:00$/)
    expect(Date.parse(manifest.range.from)).toBe(from)
    const stamp = roomStamp(from, 'Asia/Shanghai')
    expect(stamp).toMatch(/^\d{8}T\d{6}\+0800$/)
    expect(manifest.files.filter((f) => f.kind === 'video').map((f) => f.name)).toEqual([
      `E-1_${stamp}_${roomStamp(to, 'Asia/Shanghai')}.mp4`,
      `E-2_${stamp}_${roomStamp(to, 'Asia/Shanghai')}.mp4`
    ])
    expect(manifest.cameras.map((c) => c.code)).toEqual(['E-1', 'E-2'])
    expect(Date.parse(manifest.exportedAt)).toBeGreaterThan(Date.now() - 60_000)
    const videos = manifest.files.filter((f) => f.kind === 'video')
    expect(videos).toHaveLength(2)
    for (const f of manifest.files) {
      const file = path.join(exportDir, f.name)
      expect(sha(file), f.name).toBe(f.sha256)
      expect(readFileSync(file).length).toBe(f.bytes)
    }
    for (const v of videos) {
      const info = await probeMedia(path.join(exportDir, v.name), { ffmpegPath })
      expect(Math.abs((info.durationSec ?? 0) * 1000 - (to - from)), v.name).toBeLessThanOrEqual(
        1000
      )
      // remuxed, not re-encoded: still the clip's H.264 at its size
      expect(info.streams[0]).toMatchObject({
        type: 'video',
        codec: 'h264',
        width: 160,
        height: 90
      })
      expect(v.segments).toBe(13)
    }
    const png = manifest.files.filter((f) => f.kind === 'snapshot')
    expect(png).toHaveLength(2)
    expect(
      readFileSync(path.join(exportDir, png[0]?.name ?? ''))
        .subarray(1, 4)
        .toString()
    ).toBe('PNG')
    // the manifest's own hash is kept in the database and listed
    expect(done.manifestSha256).toBe(sha(path.join(exportDir, 'manifest.json')))
    expect(done.files.map((f) => f.name)).toContain('manifest.json')
    expect(done.files.every((f) => f.url.startsWith(`/media/export/`))).toBe(true)
    // audit and event log
    const actions = await sql.all(
      "SELECT action, actor FROM audit_log WHERE entity = 'export' AND entity_id = ? ORDER BY id",
      [String(job.id)]
    )
    expect(actions).toEqual([
      { action: 'export.create', actor: 'supervisor' },
      { action: 'export.complete', actor: 'supervisor' }
    ])
    expect(
      Number(await value(sql, "SELECT COUNT(*) FROM system_events WHERE kind = 'export.created'"))
    ).toBe(1)
    expect(events.filter((e) => e.event === 'export:progress').length).toBeGreaterThanOrEqual(2)
    // files are served only by their listed names
    expect((await exporter.fileFor(job.id, videos[0]?.name ?? ''))?.type).toBe('video/mp4')
    expect(await exporter.fileFor(job.id, '../../recordings')).toBeUndefined()
    expect(await exporter.fileFor(job.id, 'other.mp4')).toBeUndefined()
  })

  it('takes a snapshot from inside a 2-s segment, and a snapshot that fails keeps the clip', async () => {
    // issue #15 9: `-ss 0.5` before `-i` on a 2-s segment wrote nothing and the export failed whole
    const twoSec = await makeClip(path.join(tmp, 'clip2'), 6, { segSec: 2 })
    const sql = backend.sql()
    const { a, exporter } = await setup(sql, 'snap2', twoSec)
    const job = await exporter.create(
      { cameraIds: [a], from: T, to: T + 6000, snapshots: [T + 2500, T + 5900, T + 60_000] },
      { username: 'supervisor', displayName: 'S' }
    )
    const done = await exporter.wait(job.id)
    expect(done.status, done.error ?? '').toBe('done')
    const exportDir = (await exporter.dirOf(job.id)) ?? ''
    const manifest = JSON.parse(
      readFileSync(path.join(exportDir, 'manifest.json'), 'utf8')
    ) as ExportManifest
    expect(manifest.files.filter((f) => f.kind === 'video')).toHaveLength(1)
    const snaps = manifest.files.filter((f) => f.kind === 'snapshot')
    // room time with its offset (issue #18), the same instants
    expect(snaps.map((f) => Date.parse(f.from ?? ''))).toEqual([T + 2500, T + 5900])
    expect(snaps[0]?.from).toMatch(/\+08:00$/)
    for (const f of snaps) {
      const bytes = readFileSync(path.join(exportDir, f.name))
      expect(bytes.subarray(1, 4).toString()).toBe('PNG')
    }
    // the moment with no footage is listed, not fatal
    expect(manifest.missing).toEqual([
      {
        kind: 'snapshot',
        cameraCode: 'E-1',
        at: roomIso(T + 60_000, 'Asia/Shanghai'),
        reason: 'no recording at that moment'
      }
    ])
    expect((await verifyAuditChain(sql)).ok).toBe(true)
  })

  it('records the gaps of the footage in the manifest', async () => {
    const sql = backend.sql()
    const { exporter } = await setup(sql, 'gap')
    const c = await addCamera(sql, 'E-3', null)
    await indexClip(sql, path.join(tmp, `gap-${sql.dialect}`, 'recordings'), c, clip, T + 100_000, {
      gapAfter: 4,
      gapMs: 30_000
    })
    const job = await exporter.wait(
      (await exporter.create({ cameraIds: [c], from: T + 100_000, to: T + 150_000 }, null)).id
    )
    const manifest = JSON.parse(
      readFileSync(path.join((await exporter.dirOf(job.id)) ?? '', 'manifest.json'), 'utf8')
    ) as ExportManifest
    expect(manifest.files[0]?.gaps).toEqual([{ from: T + 105_000, to: T + 135_000 }])
  })

  it('announces progress in order, the last event the finished job with links for the asking session', async () => {
    const sql = backend.sql()
    const { a, exporter, events, signer } = await setup(sql, 'events')
    const job = await exporter.create(
      { cameraIds: [a], from: T, to: T + 4000, snapshots: [T + 1000, T + 2000] },
      { username: 'supervisor', displayName: 'S' },
      'sess-1'
    )
    await exporter.wait(job.id)
    await exporter.close()
    const mine = events
      .filter((e) => e.event === 'export:progress')
      .map((e) => e.payload)
      .filter((j) => j.id === job.id)
    expect(mine.length).toBeGreaterThanOrEqual(3)
    const progress = mine.map((j) => (j.status === 'done' ? 1 : j.progress))
    expect(progress).toEqual([...progress].sort((x, y) => x - y))
    const last = mine[mine.length - 1]
    expect(last.status).toBe('done')
    expect(last.files.length).toBeGreaterThan(0)
    for (const f of last.files) {
      const token = /\/export\/([^/]+)\//.exec(f.url)?.[1] ?? ''
      expect(signer.verify(token, Date.now()), f.name).toMatchObject({
        k: 'exp',
        x: job.id,
        s: 'sess-1'
      })
    }
  })

  it('cancels: files removed, locks released, recorded', async () => {
    const sql = backend.sql()
    const { a, exporter } = await setup(sql, 'cancel')
    const job = await exporter.create(
      { cameraIds: [a], from: T, to: T + 20_000 },
      { username: 'admin', displayName: 'A' }
    )
    const cancelled = await exporter.cancel(job.id, 'admin')
    expect(cancelled.status).toBe('cancelled')
    expect(existsSync((await exporter.dirOf(job.id)) ?? '')).toBe(false)
    expect(await listEvidenceLocks(sql, a)).toEqual([])
    expect(
      await column(sql, "SELECT action FROM audit_log WHERE entity = 'export' ORDER BY id")
    ).toEqual(['export.create', 'export.cancel'])
    expect(
      Number(await value(sql, "SELECT COUNT(*) FROM system_events WHERE kind = 'export.cancelled'"))
    ).toBe(1)
  })
})
