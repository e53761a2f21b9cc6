import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../../helpers/db'
import { addCamera, ffmpegPath, indexClip, makeClip, type Clip } from '../../../helpers/recording'
import { createPlaybackServer, parsePlaybackPath } from '../../../../src/main/playback/server'
import { createSigner } from '../../../../src/main/playback/tokens'
import { createFootageReader } from '../../../../src/main/playback/footage'
import { insertSegment } from '../../../../src/main/recording/repository'
import { resolveInStore } from '../../../../src/main/recording/store'
import { parseMediaPlaylist } from '../../../../src/main/media/hls/playlist'
import { probeMedia } from '../../../../src/main/media/ffmpeg'
import type { WritableDb } from '../../../../src/main/db/database'
import type { Sql } from '../../../../src/main/db/sql'
import { sqliteSql } from '../../../../src/main/db/sqliteSql'
import type { Session } from '../../../../src/main/users/sessions'
import type { Role } from '../../../../src/shared/auth/roles'

let tmp = ''
let clip: Clip
let db: WritableDb
let sql: Sql
let server: Server
let base = ''
let store = ''
const signer = createSigner()
const T = Math.floor(Date.now() / 1000) * 1000 - 3_600_000
let cam = 0
let otherCam = 0
let otherSegId = 0
/** The live sessions the desktop's media server would find by a link's session id. */
const viewers = new Map<string, Session>()
const viewer = (id: string, role: Role, locked = false): Session => ({
  token: `token-${id}`,
  id,
  user: { id: 1, username: `${role}-user`, displayName: role, role, disabled: false, createdAt: 0 },
  demo: false,
  mustChangePassword: false,
  locked,
  createdAt: 0,
  expiresAt: Infinity,
  lastActiveAt: 0,
  lastInputAt: 0
})
viewers.set('sess-sup', viewer('sess-sup', 'supervisor'))

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'wr-pb-'))
  store = path.join(tmp, 'recordings')
  clip = await makeClip(path.join(tmp, 'clip'), 8)
  db = createTestDb()
  sql = sqliteSql(db)
  cam = await addCamera(sql, 'P1', null)
  otherCam = await addCamera(sql, 'P2', null)
  // 4 s of footage, a 20 s gap, 4 s more
  await indexClip(sql, store, cam, clip, T, { gapAfter: 3, gapMs: 20_000 })
  otherSegId = (await indexClip(sql, store, otherCam, clip, T))[0]?.id ?? 0
  const pb = createPlaybackServer({
    sql,
    signer,
    footage: createFootageReader(store, null),
    now: Date.now,
    exportFile: () => Promise.resolve(undefined),
    exportZip: () => Promise.resolve(undefined),
    sessionById: (id) => viewers.get(id) ?? null
  })
  server = createServer((req, res) => {
    const sub = (req.url ?? '').replace(/^\/media\//, '')
    void pb.handle(req, res, sub).then((handled) => {
      if (!handled) res.writeHead(405).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/media/`
})
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()))
  rmSync(tmp, { recursive: true, force: true })
})

const grant = (c: number, f: number, t: number, e = Date.now() + 60_000, s = 'sess-sup') =>
  signer.sign({ k: 'vod', c, f, t, s, e })

/** GET with the path sent verbatim (fetch would normalise `..`). */
function rawGet(p: string): Promise<{ status: number; body: Buffer }> {
  const url = new URL(base)
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + p, method: 'GET' },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }))
      }
    )
    req.on('error', reject)
    req.end()
  })
}

describe('playback server', () => {
  it('serves a VOD playlist across a gap (discontinuity, times right) and its segments', async () => {
    const token = grant(cam, T - 10_000, T + 60_000)
    const res = await rawGet(`vod/${token}/index.m3u8`)
    expect(res.status).toBe(200)
    const pl = parseMediaPlaylist(res.body.toString('utf8'))
    expect(pl.endList).toBe(true)
    expect(pl.segments).toHaveLength(8)
    expect(pl.segments.map((s) => s.programDateTime)).toEqual(
      [0, 1, 2, 3, 24, 25, 26, 27].map((n) => T + n * 1000)
    )
    expect(pl.segments.map((s) => !!s.discontinuity)).toEqual([
      false,
      false,
      false,
      false,
      true,
      false,
      false,
      false
    ])
    const seg = await rawGet(`vod/${token}/${pl.segments[5]?.uri ?? ''}`)
    expect(seg.status).toBe(200)
    expect(seg.body.equals(readFileSync(clip.files[5] ?? ''))).toBe(true)
    // the playlist plays: ffmpeg reads it end to end over HTTP
    const info = await probeMedia(`${base}vod/${token}/index.m3u8`, { ffmpegPath })
    expect(info.streams.some((s) => s.type === 'video')).toBe(true)
  })

  it('audits each viewing once as playback.view with camera and range', async () => {
    const token = grant(cam, T, T + 5000)
    await rawGet(`vod/${token}/index.m3u8`)
    await rawGet(`vod/${token}/index.m3u8`)
    const rows = db
      .prepare(
        "SELECT actor, entity_id, after FROM audit_log WHERE action = 'playback.view' AND after = ?"
      )
      .all(JSON.stringify({ from: T, to: T + 5000 }))
    expect(rows).toEqual([
      {
        actor: 'supervisor-user',
        entity_id: String(cam),
        after: JSON.stringify({ from: T, to: T + 5000 })
      }
    ])
  })

  it('honours a link only for the session it was issued to, while its role may play', async () => {
    // issue #15: duty played a supervisor's playback link
    const token = grant(cam, T, T + 5000, Date.now() + 60_000, 'sess-sup')
    viewers.set('sess-duty', viewer('sess-duty', 'duty'))
    expect((await rawGet(`vod/${token}/index.m3u8`)).status).toBe(200)
    // a link of a session that has ended, or that never existed
    expect(
      (await rawGet(`vod/${grant(cam, T, T + 5000, Date.now() + 60_000, 'gone')}/index.m3u8`))
        .status
    ).toBe(403)
    // a duty session's own link plays: duty replays recordings (issue #18)
    expect(
      (await rawGet(`vod/${grant(cam, T, T + 5000, Date.now() + 60_000, 'sess-duty')}/index.m3u8`))
        .status
    ).toBe(200)
    // the supervisor locked the workstation: the same link stops
    viewers.set('sess-sup', viewer('sess-sup', 'supervisor', true))
    expect((await rawGet(`vod/${token}/index.m3u8`)).status).toBe(423)
    viewers.set('sess-sup', viewer('sess-sup', 'supervisor'))
  })

  it('narrows the playlist to the granted range', async () => {
    const pl = parseMediaPlaylist(
      (await rawGet(`vod/${grant(cam, T + 1500, T + 2500)}/index.m3u8`)).body.toString('utf8')
    )
    expect(pl.segments.map((s) => s.programDateTime)).toEqual([T + 1000, T + 2000])
  })

  it('refuses traversal, foreign segments, forged and expired grants', async () => {
    const token = grant(cam, T, T + 60_000)
    const attempts = [
      `vod/../../../../etc/passwd`,
      `vod/${token}/../../../etc/passwd`,
      `vod/${token}/..%2f..%2fetc%2fpasswd`,
      `vod/${token}/%2e%2e/index.m3u8`,
      `vod/${token}/1.ts/../../x`,
      `vod/${token}//etc/passwd`,
      `vod/${token}/-1.ts`,
      `vod/${token}/0x1.ts`,
      `export/${token}/../../watchroom.db`,
      `vod/${token}/index.m3u8/..`
    ]
    for (const p of attempts) expect((await rawGet(p)).status, p).toBe(404)
    // a segment of another camera through this camera's grant
    expect((await rawGet(`vod/${token}/${otherSegId}.ts`)).status).toBe(404)
    // a segment of this camera outside the granted range
    const narrow = grant(cam, T, T + 1000)
    const outside = db
      .prepare('SELECT id FROM recording_segments WHERE camera_id = ? AND start_ms = ?')
      .pluck()
      .get(cam, T + 25_000) as number
    expect((await rawGet(`vod/${narrow}/${outside}.ts`)).status).toBe(404)
    // forged: signature of another key; tampered payload; expired
    const forged = createSigner().sign({
      k: 'vod',
      c: cam,
      f: T,
      t: T + 60_000,
      s: 'sess-sup',
      e: Date.now() + 60_000
    })
    expect((await rawGet(`vod/${forged}/index.m3u8`)).status).toBe(403)
    const [payload, sig] = token.split('.')
    const tampered = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()),
        c: otherCam
      })
    ).toString('base64url')
    expect((await rawGet(`vod/${tampered}.${sig ?? ''}/index.m3u8`)).status).toBe(403)
    expect((await rawGet(`vod/${grant(cam, T, T + 1000, Date.now() - 1)}/index.m3u8`)).status).toBe(
      403
    )
    // an export grant does not open footage
    expect(
      (
        await rawGet(
          `vod/${signer.sign({ k: 'exp', x: 1, s: 'sess-sup', e: Date.now() + 60_000 })}/index.m3u8`
        )
      ).status
    ).toBe(403)
  })

  it('never reads outside the store, even when an index row is tampered with', async () => {
    writeFileSync(path.join(tmp, 'secret.ts'), 'not footage')
    for (const bad of [
      '../secret.ts',
      '/etc/passwd',
      `${cam}/20260601/../../../secret.ts`,
      `${cam}\\20260601\\1-1.ts`
    ]) {
      const row = await insertSegment(sql, {
        cameraId: cam,
        startMs: T + 100_000,
        endMs: T + 101_000,
        durationMs: 1000,
        bytes: 1,
        path: bad,
        run: 9,
        timeSource: 'pdt',
        createdAt: 0
      })
      expect((await rawGet(`vod/${grant(cam, T, T + 200_000)}/${row.id}.ts`)).status, bad).toBe(404)
      db.prepare('DELETE FROM recording_segments WHERE id = ?').run(row.id)
    }
    // a symlink inside the store that points out of it
    const rel = `${cam}/20260601/123-7.ts`
    mkdirSync(path.join(store, `${cam}`, '20260601'), { recursive: true })
    symlinkSync(path.join(tmp, 'secret.ts'), path.join(store, rel))
    expect(resolveInStore(store, rel)).toBeUndefined()
    const row = await insertSegment(sql, {
      cameraId: cam,
      startMs: T + 100_000,
      endMs: T + 101_000,
      durationMs: 1000,
      bytes: 1,
      path: rel,
      run: 9,
      timeSource: 'pdt',
      createdAt: 0
    })
    expect((await rawGet(`vod/${grant(cam, T, T + 200_000)}/${row.id}.ts`)).status).toBe(404)
  })

  it('parses only its exact grammar', () => {
    const token = grant(cam, T, T + 1)
    expect(parsePlaybackPath(`vod/${token}/index.m3u8`)).toEqual({ kind: 'playlist', token })
    expect(parsePlaybackPath(`vod/${token}/12.ts`)).toEqual({
      kind: 'segment',
      token,
      segmentId: 12
    })
    expect(parsePlaybackPath(`export/${token}/a..b.mp4`)).toBeUndefined()
    expect(parsePlaybackPath(`export/${token}/.hidden`)).toBeUndefined()
    expect(parsePlaybackPath(`vod/${token}/index.m3u8x`)).toBeUndefined()
  })
})
