import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import yauzl from 'yauzl'
import { createTestDb } from '../../../helpers/db'
import { addCamera, ffmpegPath, indexClip, makeClip } from '../../../helpers/recording'
import { createExporter } from '../../../../src/main/export/exporter'
import { createFootageReader } from '../../../../src/main/playback/footage'
import { createSigner } from '../../../../src/main/playback/tokens'
import { createPlaybackServer } from '../../../../src/main/playback/server'
import { createEventBus } from '../../../../src/main/app/bus'
import type { WritableDb } from '../../../../src/main/db/database'
import { sqliteSql } from '../../../../src/main/db/sqliteSql'
import type { Session } from '../../../../src/main/users/sessions'
import type { ExportManifest } from '../../../../src/shared/domain/recording'
import { roomStamp } from '../../../../src/shared/domain/roomTime'

let tmp = ''
let db: WritableDb
let server: Server
let origin = ''
let exporter: ReturnType<typeof createExporter>
const cams: number[] = []
const T = Math.floor(Date.now() / 1000) * 1000 - 3_600_000
const viewers = new Map<string, Session>()
const viewer = (id: string): Session => ({
  token: `token-${id}`,
  id,
  user: {
    id: 1,
    username: 'supervisor',
    displayName: '值班长',
    role: 'supervisor',
    disabled: false,
    createdAt: 0
  },
  demo: false,
  mustChangePassword: false,
  locked: false,
  createdAt: 0,
  expiresAt: Infinity,
  lastActiveAt: 0,
  lastInputAt: 0
})

type Entry = { name: string; method: number; data: Buffer }

/** Every entry of a zip, read with an independent reader (CRC checked by it). */
function readZip(bytes: Buffer): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err)
      const out: Entry[] = []
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, stream) => {
          if (err2) return reject(err2)
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('error', reject)
          stream.on('end', () => {
            out.push({ name: e.fileName, method: e.compressionMethod, data: Buffer.concat(chunks) })
            zip.readEntry()
          })
        })
      })
      zip.on('end', () => resolve(out))
      zip.on('error', reject)
      zip.readEntry()
    })
  })
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'wr-zip-'))
  const clip = await makeClip(path.join(tmp, 'clip'), 8)
  db = createTestDb()
  const sql = sqliteSql(db)
  const store = path.join(tmp, 'recordings')
  for (const code of ['Z-1', 'Z-2']) {
    const id = await addCamera(sql, code, null)
    await indexClip(sql, store, id, clip, T)
    cams.push(id)
  }
  const signer = createSigner()
  const footage = createFootageReader(store, null)
  exporter = createExporter({
    sql,
    bus: createEventBus(),
    now: Date.now,
    exportsDir: path.join(tmp, 'exports'),
    footage,
    signer,
    mediaBase: '/media',
    ffmpegPath
  })
  const pb = createPlaybackServer({
    sql,
    signer,
    footage,
    now: Date.now,
    exportFile: (id, name) => exporter.fileFor(id, name),
    exportZip: (id, name) => exporter.zipFor(id, name),
    sessionById: (id) => viewers.get(id) ?? null
  })
  viewers.set('sess-a', viewer('sess-a'))
  viewers.set('sess-b', viewer('sess-b'))
  server = createServer((req, res) => {
    const sub = (req.url ?? '').replace(/^\/media\//, '')
    void pb.handle(req, res, sub).then((handled) => {
      if (!handled) res.writeHead(405).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await exporter.close()
  await new Promise<void>((r) => server.close(() => r()))
  rmSync(tmp, { recursive: true, force: true })
})

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

describe('evidence export as one zip', () => {
  it('holds every file and the manifest, stored, each matching its SHA-256 in the manifest', async () => {
    const from = T + 1000
    const to = T + 6000
    const job = await exporter.create(
      { cameraIds: cams, from, to, snapshots: [T + 2000] },
      { username: 'supervisor', displayName: '值班长' },
      'sess-a'
    )
    // nothing to download before the export is done
    expect(job.zip).toBeNull()
    const done = await exporter.wait(job.id, 'sess-a')
    expect(done.status).toBe('done')
    const zip = done.zip
    if (!zip) throw new Error('a finished export has a zip link')
    const tz = 'Asia/Shanghai'
    expect(zip.name).toBe(`evidence-${job.id}_${roomStamp(from, tz)}_${roomStamp(to, tz)}.zip`)

    const res = await fetch(origin + zip.url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${zip.name}"`)
    const body = Buffer.from(await res.arrayBuffer())
    // stored entries: the length is known before the first byte is sent
    expect(Number(res.headers.get('content-length'))).toBe(body.length)

    const entries = await readZip(body)
    const byName = new Map(entries.map((e) => [e.name, e]))
    const manifestEntry = byName.get('manifest.json')
    if (!manifestEntry) throw new Error('the zip lists manifest.json')
    expect(sha(manifestEntry.data)).toBe(done.manifestSha256)
    const manifest = JSON.parse(manifestEntry.data.toString('utf8')) as ExportManifest
    // two clips and two snapshots, all listed in the manifest and nothing else in the zip
    expect(manifest.files.map((f) => f.kind).sort()).toEqual([
      'snapshot',
      'snapshot',
      'video',
      'video'
    ])
    expect([...byName.keys()].sort()).toEqual(
      [...manifest.files.map((f) => f.name), 'manifest.json'].sort()
    )
    for (const f of manifest.files) {
      const e = byName.get(f.name)
      expect(e?.method, f.name).toBe(0)
      expect(e?.data.length, f.name).toBe(f.bytes)
      expect(sha(e?.data ?? Buffer.alloc(0)), f.name).toBe(f.sha256)
    }
    // the same bytes as the separate downloads
    for (const f of done.files) {
      const separate = Buffer.from(await (await fetch(origin + f.url)).arrayBuffer())
      expect(byName.get(f.name)?.data.equals(separate), f.name).toBe(true)
    }

    const audits = db
      .prepare(
        `SELECT actor, after FROM audit_log WHERE action = 'export.download' AND entity_id = ?`
      )
      .all(String(job.id)) as { actor: string; after: string }[]
    const zipAudit = audits.find((a) => (JSON.parse(a.after) as { file: string }).file === zip.name)
    expect(zipAudit?.actor).toBe('supervisor')
    expect((JSON.parse(zipAudit?.after ?? '{}') as { files: string[] }).files.sort()).toEqual(
      [...byName.keys()].sort()
    )
  })

  it('opens only for the session it was signed for and only under its own name', async () => {
    const job = await exporter.create(
      { cameraIds: [cams[0] ?? 0], from: T, to: T + 3000 },
      null,
      'sess-a'
    )
    const done = await exporter.wait(job.id, 'sess-a')
    const zip = done.zip
    if (!zip) throw new Error('a finished export has a zip link')
    const other = (await exporter.wait(job.id, 'sess-b')).zip
    expect(other?.name).toBe(zip.name)
    viewers.delete('sess-b')
    expect((await fetch(origin + (other?.url ?? ''))).status).toBe(403)
    // another export's zip name under this grant is not found
    const wrong = zip.url.replace(`evidence-${job.id}_`, `evidence-${job.id + 1}_`)
    expect((await fetch(origin + wrong)).status).toBe(404)
    expect(await exporter.zipFor(job.id, '../manifest.json')).toBeUndefined()
  })
})
