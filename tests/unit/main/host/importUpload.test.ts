import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createApp, type WatchRoomApp } from '../../../../src/main/app/createApp'
import { startHostServer, type HostServer } from '../../../../src/main/host/server'
import { appRoot } from '../../../../src/main/app/paths'
import type { ImportSummary } from '../../../../src/shared/domain/import'
import type { ImportUploadState } from '../../../../src/shared/ipc/contracts/registry'

type Reply<T = unknown> = {
  ok: boolean
  result?: T
  error?: { code: string; message: string; details?: unknown }
}

/** A cameras.csv of `n` rows (about 70 bytes each), the last one bad when asked. */
function camerasCsv(n: number, prefix: string, badLast = false): Buffer {
  const lines = ['code,name,lat,lng,block,community']
  for (let i = 0; i < n; i++)
    lines.push(
      `${prefix}-${i},金城路${i}号,${30 + (i % 1000) / 1e4},${120 + (i % 777) / 1e4},第一片区,荣星社区`
    )
  if (badLast) lines.push(`${prefix}-bad,坏行,north,120.25,第一片区,荣星社区`)
  return Buffer.from(lines.join('\n'))
}

/**
 * Issue #15 point 8 / #16 point 3 against a real host server: a large
 * registry import goes up in chunks and runs on the database worker, so the
 * server answers other requests meanwhile; it stays all-or-nothing.
 */
describe('registry import in chunks, off the main thread', () => {
  let dir: string
  let app: WatchRoomApp
  let server: HostServer

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wr-upload-'))
    const rendererDir = path.join(dir, 'renderer')
    mkdirSync(rendererDir)
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
    app = await createApp({
      dataDir: path.join(dir, 'data'),
      resourcesDir: path.join(appRoot(), 'resources'),
      transport: 'http',
      mediaBase: '/media',
      version: 'test',
      demo: false,
      adminPassword: 'correct horse',
      log: () => undefined
    })
    server = await startHostServer(app, {
      host: '127.0.0.1',
      port: 0,
      rendererDir,
      log: () => undefined
    })
  })

  afterAll(async () => {
    await server.close()
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const call = async <T = unknown>(cookie: string, channel: string, body: unknown = {}) => {
    const res = await fetch(`${server.url}api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify(body)
    })
    return { status: res.status, body: (await res.json()) as Reply<T> }
  }
  const login = async () => {
    const res = await fetch(`${server.url}api/auth:login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'correct horse' })
    })
    expect(res.status).toBe(200)
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  }
  /** Sends a whole file the way the import dialog does; returns the upload id. */
  const upload = async (cookie: string, file: Buffer, fileName = 'cams.csv') => {
    const begin = await call<{ uploadId: string; chunkBytes: number }>(
      cookie,
      'registry:importBegin',
      { kind: 'cameras', fileName, size: file.length }
    )
    expect(begin.body.ok).toBe(true)
    const { uploadId, chunkBytes } = begin.body.result!
    for (let offset = 0; offset < file.length; offset += chunkBytes) {
      const r = await call(cookie, 'registry:importChunk', {
        uploadId,
        offset,
        contentBase64: file.subarray(offset, offset + chunkBytes).toString('base64')
      })
      expect(r.body).toEqual({
        ok: true,
        result: { received: Math.min(file.length, offset + chunkBytes) }
      })
    }
    return uploadId
  }
  const camerasNow = async (cookie: string) =>
    (await call<{ cameras: number }>(cookie, 'app:counts')).body.result!.cameras
  const importsDir = () => path.join(dir, 'data', 'imports')
  const partFiles = () => {
    try {
      return readdirSync(importsDir())
    } catch {
      return []
    }
  }

  it('answers a request made while a big import is written, before the import finishes', async () => {
    const admin = await login()
    const file = camerasCsv(60_000, 'BIG')
    const uploadId = await upload(admin, file, 'big.csv')
    let finished = false
    const run = call<ImportSummary>(admin, 'registry:importRun', { uploadId, dryRun: false }).then(
      (r) => {
        finished = true
        return r
      }
    )
    // progress polls are requests too: they are answered while the worker parses, checks and writes
    const phases = new Set<string>()
    let state: ImportUploadState | undefined
    while (!finished && state?.phase !== 'write') {
      const p = await call<ImportUploadState>(admin, 'registry:importProgress', { uploadId })
      state = p.body.result
      if (!finished && state) phases.add(state.phase)
    }
    // the writer holds SQLite's write lock now; reads on the main thread do not wait for it
    const counts = await call<{ cameras: number }>(admin, 'app:counts')
    const answeredBeforeImportFinished = !finished
    expect(counts.body.ok).toBe(true)
    expect(phases.has('write')).toBe(true)
    expect(answeredBeforeImportFinished).toBe(true)
    const done = await run
    expect(done.body.result).toMatchObject({ added: 60_000, rejected: 0 })
    expect(await camerasNow(admin)).toBe(60_000)
    // a committed upload is gone, file and all
    expect((await call(admin, 'registry:importProgress', { uploadId })).status).toBe(404)
    expect(partFiles()).toEqual([])
  })

  it('refuses a file with one bad row whole, leaving nothing behind', async () => {
    const admin = await login()
    const before = await camerasNow(admin)
    const auditBefore = (await call<unknown[]>(admin, 'audit:list', { limit: 500 })).body.result!
    const uploadId = await upload(admin, camerasCsv(10_000, 'REF', true), 'refused.csv')
    const preview = await call<ImportSummary>(admin, 'registry:importRun', {
      uploadId,
      dryRun: true
    })
    expect(preview.body.result).toMatchObject({ total: 10_001, rejected: 1 })
    const commit = await call(admin, 'registry:importRun', { uploadId, dryRun: false })
    expect(commit.status).toBe(422)
    expect(commit.body.error?.code).toBe('import_rejected')
    expect((commit.body.error?.details as ImportSummary).errors[0]).toMatchObject({
      line: 10_002,
      column: 'lat'
    })
    expect(await camerasNow(admin)).toBe(before)
    const auditAfter = (await call<{ action: string }[]>(admin, 'audit:list', { limit: 500 })).body
      .result!
    expect(auditAfter.filter((a) => a.action.startsWith('registry.import'))).toEqual(
      (auditBefore as { action: string }[]).filter((a) => a.action.startsWith('registry.import'))
    )
    // the refused upload can be dropped by its owner; its file goes with it
    expect((await call(admin, 'registry:importDiscard', { uploadId })).body).toEqual({
      ok: true,
      result: null
    })
    expect(partFiles()).toEqual([])
  })

  it('takes chunks as raw request bodies too, with the same checks', async () => {
    const admin = await login()
    const file = camerasCsv(2_000, 'RAW')
    const begin = await call<{ uploadId: string; chunkBytes: number }>(
      admin,
      'registry:importBegin',
      { kind: 'cameras', fileName: 'raw.csv', size: file.length }
    )
    const { uploadId } = begin.body.result!
    const raw = (cookie: string, input: unknown, bytes: Buffer) =>
      fetch(`${server.url}api/registry:importChunk`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/octet-stream',
          'X-WatchRoom-Input': JSON.stringify(input),
          Cookie: cookie
        },
        body: bytes
      })
    // no session, no byte read; a channel that takes no raw body refuses one
    expect((await raw('', { uploadId, offset: 0 }, file)).status).toBe(401)
    const other = await fetch(`${server.url}api/app:counts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', Cookie: admin },
      body: file
    })
    expect(other.status).toBe(415)
    const badHeader = await fetch(`${server.url}api/registry:importChunk`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/octet-stream',
        'X-WatchRoom-Input': '{"uploadId":',
        Cookie: admin
      },
      body: file
    })
    expect(badHeader.status).toBe(400)
    expect((await raw(admin, { uploadId, offset: '0' }, file)).status).toBe(400)
    const half = Math.floor(file.length / 2)
    expect(
      await (await raw(admin, { uploadId, offset: 0 }, file.subarray(0, half))).json()
    ).toEqual({ ok: true, result: { received: half } })
    expect((await raw(admin, { uploadId, offset: half }, file.subarray(half))).status).toBe(200)
    const preview = await call<ImportSummary>(admin, 'registry:importRun', {
      uploadId,
      dryRun: true
    })
    expect(preview.body.result).toMatchObject({ added: 2_000, rejected: 0 })
    await call(admin, 'registry:importDiscard', { uploadId })
  })

  it('keeps an upload to its own session, in order and within its size', async () => {
    const admin = await login()
    const other = await login()
    const file = camerasCsv(10, 'OWN')
    const begin = await call<{ uploadId: string }>(admin, 'registry:importBegin', {
      kind: 'cameras',
      fileName: 'own.csv',
      size: file.length
    })
    const { uploadId } = begin.body.result!
    const chunk = (cookie: string, offset: number, bytes: Buffer) =>
      call(cookie, 'registry:importChunk', {
        uploadId,
        offset,
        contentBase64: bytes.toString('base64')
      })
    // nobody without a session stores a byte; another session does not even see the upload
    expect((await chunk('', 0, file)).status).toBe(401)
    expect((await chunk(other, 0, file)).status).toBe(404)
    expect((await call(other, 'registry:importRun', { uploadId, dryRun: false })).status).toBe(404)
    // chunks come in order, never past the announced size, and a run waits for the last byte
    expect((await chunk(admin, 5, file.subarray(5))).status).toBe(409)
    expect((await chunk(admin, 0, Buffer.concat([file, Buffer.from('x')]))).status).toBe(400)
    expect((await chunk(admin, 0, file.subarray(0, 10))).body.ok).toBe(true)
    expect((await call(admin, 'registry:importRun', { uploadId, dryRun: true })).status).toBe(409)
    expect(
      (await call(admin, 'registry:importChunk', { uploadId, offset: 10, contentBase64: '@@@@' }))
        .status
    ).toBe(400)
    expect((await chunk(admin, 10, file.subarray(10))).body.ok).toBe(true)
    const preview = await call<ImportSummary>(admin, 'registry:importRun', {
      uploadId,
      dryRun: true
    })
    expect(preview.body.result).toMatchObject({ added: 10, rejected: 0 })
    await call(admin, 'registry:importDiscard', { uploadId })
    expect(partFiles()).toEqual([])
  })
})
