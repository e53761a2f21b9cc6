import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  credentialsFor,
  moveUrlCredentials,
  splitUrlCredentials,
  takeUrlCredentials,
  withUrlCredentials
} from '../../../../src/main/cameras/credentials'
import { createKeyFileSecretBox, SEALED_BY } from '../../../../src/main/security/secretBox'
import {
  getOnvifLink,
  listOnvifLinks,
  sealClearOnvifPasswords,
  upsertOnvifLink
} from '../../../../src/main/onvif/repository'
import { describeBackends } from '../../../helpers/backends'
import { column } from '../../../../src/main/db/sql'
import type { Sql } from '../../../../src/main/db/sql'
import { getCamera } from '../../../../src/main/cameras/repository'

const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'wr-secrets-'))
  dirs.push(d)
  return d
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('credentials in stream URLs', () => {
  it('come off whole, and nothing else of the URL changes', () => {
    expect(splitUrlCredentials('rtsp://10.0.0.5:554/Streaming/Channels/101')).toEqual({
      url: 'rtsp://10.0.0.5:554/Streaming/Channels/101',
      credentials: null
    })
    expect(splitUrlCredentials('rtsp://admin:12345@10.0.0.5:554/Streaming/Channels/101')).toEqual({
      url: 'rtsp://10.0.0.5:554/Streaming/Channels/101',
      credentials: { user: 'admin', password: '12345' }
    })
    // a bare @ or : in a password (as cameras let you set them), and the encoded forms
    expect(
      splitUrlCredentials('rtsp://admin:p@ss:w0rd@cam.local/cam/realmonitor?channel=1&subtype=0')
    ).toEqual({
      url: 'rtsp://cam.local/cam/realmonitor?channel=1&subtype=0',
      credentials: { user: 'admin', password: 'p@ss:w0rd' }
    })
    expect(splitUrlCredentials('rtsp://op%40room:a%2Fb%25c@[::1]:8554/live').credentials).toEqual({
      user: 'op@room',
      password: 'a/b%c'
    })
    // an @ after the authority is part of the path, not user info
    expect(splitUrlCredentials('http://host/path@x/index.m3u8').credentials).toBeNull()
    expect(splitUrlCredentials('rtsp://viewer@host/live').credentials).toEqual({
      user: 'viewer',
      password: ''
    })
  })

  it('go back percent-encoded into the URL main opens, replacing any there', () => {
    const c = { user: 'op@room', password: 'p@ss:w/rd%1' }
    const url = withUrlCredentials('rtsp://old:x@10.0.0.5:554/live?x=1', c)
    expect(url).toBe('rtsp://op%40room:p%40ss%3Aw%2Frd%251@10.0.0.5:554/live?x=1')
    expect(splitUrlCredentials(url)).toEqual({
      url: 'rtsp://10.0.0.5:554/live?x=1',
      credentials: c
    })
    expect(withUrlCredentials('rtsp://h/live', null)).toBe('rtsp://h/live')
  })

  it('of the sub-stream count when the main stream has none', () => {
    const t = takeUrlCredentials({
      streamUrl: 'rtsp://10.0.0.5/main',
      subStreamUrl: 'rtsp://u:p@10.0.0.5/sub',
      name: 'x'
    })
    expect(t).toEqual({
      fields: { streamUrl: 'rtsp://10.0.0.5/main', subStreamUrl: 'rtsp://10.0.0.5/sub', name: 'x' },
      credentials: { user: 'u', password: 'p' }
    })
  })
})

describe('the key file secret box', () => {
  it('seals with AES-256-GCM under a 0600 key file that never leaves the data directory', () => {
    const dir = tmp()
    const box = createKeyFileSecretBox(dir)
    const sealed = box.seal('cam-pass-1')
    expect(statSync(path.join(dir, 'secrets.key')).mode & 0o777).toBe(0o600)
    expect(sealed[0]).toBe(SEALED_BY.keyFile)
    expect(sealed.includes(Buffer.from('cam-pass-1'))).toBe(false)
    // a fresh nonce each time: equal passwords do not look equal
    expect(box.seal('cam-pass-1').equals(sealed)).toBe(false)
    expect(box.open(sealed)).toBe('cam-pass-1')
    // another process on the same data directory reads the same key
    expect(createKeyFileSecretBox(dir).open(sealed)).toBe('cam-pass-1')
  })

  it('refuses tampered bytes, another room key and what the keychain sealed', () => {
    const box = createKeyFileSecretBox(tmp())
    const sealed = box.seal('cam-pass-1')
    const flipped = Buffer.from(sealed)
    flipped[20] = (flipped[20] ?? 0) ^ 1
    expect(() => box.open(flipped)).toThrow()
    const other = createKeyFileSecretBox(tmp())
    other.seal('x')
    expect(() => other.open(sealed)).toThrow()
    expect(() => box.open(Buffer.from([SEALED_BY.safeStorage, 1, 2, 3]))).toThrow(/keychain/)
    expect(() => createKeyFileSecretBox(tmp()).open(sealed)).toThrow(/secrets\.key/)
  })
})

const addCamera = async (
  sql: Sql,
  code: string,
  urls: { main?: string; sub?: string } = {}
): Promise<number> =>
  (await sql.get<{ id: number }>(
    `INSERT INTO cameras (code, name, lat, lng, stream_url, sub_stream_url, created_at, updated_at)
     VALUES (?, 'c', 30, 120, ?, ?, 0, 0) RETURNING id`,
    [code, urls.main ?? null, urls.sub ?? null]
  ))!.id

describeBackends('ONVIF device passwords', (b) => {
  it('are sealed in the link, opened only with the box, and old clear ones are sealed at start', async () => {
    const sql = b.sql()
    const box = createKeyFileSecretBox(tmp())
    const link = (cameraId: number, password: string) => ({
      cameraId,
      xaddr: 'http://10.0.0.7/onvif/device_service',
      username: 'onvif-admin',
      password,
      profileToken: 'main',
      ptz: true,
      snapshotUri: null
    })
    const a = await addCamera(sql, 'ONVIF-1')
    expect(
      await upsertOnvifLink(sql, link(a, 'Dome-Pass-1'), { now: 0, actor: 't', secrets: box })
    ).toEqual(link(a, 'Dome-Pass-1'))
    const c = await addCamera(sql, 'ONVIF-2')
    // a link written before passwords were sealed
    await upsertOnvifLink(sql, link(c, 'Dome-Pass-2'), { now: 0, actor: 't' })
    expect(await sealClearOnvifPasswords(sql, box)).toBe(1)
    expect(await sealClearOnvifPasswords(sql, box)).toBe(0)
    const raw = await column<string>(sql, 'SELECT password FROM onvif_links ORDER BY camera_id')
    expect(raw.every((p) => p.startsWith('sealed:'))).toBe(true)
    expect(JSON.stringify(raw)).not.toMatch(/Dome-Pass/)
    expect((await getOnvifLink(sql, a, box))?.password).toBe('Dome-Pass-1')
    expect((await getOnvifLink(sql, c, box))?.password).toBe('Dome-Pass-2')
    expect((await getOnvifLink(sql, a))?.password).toBe('')
    expect(await getOnvifLink(sql, 999, box)).toBeUndefined()
    // a relink replaces the account in place
    await upsertOnvifLink(
      sql,
      { ...link(a, 'New-Pass'), ptz: false },
      { now: 5, actor: 'u', secrets: box }
    )
    expect(await getOnvifLink(sql, a, box)).toMatchObject({ password: 'New-Pass', ptz: false })
    expect((await listOnvifLinks(sql)).map((l) => [l.cameraId, l.ptz])).toEqual([
      [a, false],
      [c, true]
    ])
    await sql.run('UPDATE cameras SET archived = 1 WHERE id = ?', [c])
    expect((await listOnvifLinks(sql)).map((l) => l.cameraId)).toEqual([a])
  })
})

describeBackends('stream accounts kept in the camera record', (b) => {
  it('moves accounts out of old stream URLs, sealed, in one go, and opens them for ffmpeg only', async () => {
    const sql = b.sql()
    const box = createKeyFileSecretBox(tmp())
    const a = await addCamera(sql, 'A', {
      main: 'rtsp://admin:p%40ss@10.0.0.1/main',
      sub: 'rtsp://admin:p%40ss@10.0.0.1/sub'
    })
    const s = await addCamera(sql, 'S', {
      main: 'rtsp://10.0.0.2/main',
      sub: 'rtsp://op@10.0.0.2/sub'
    })
    const n = await addCamera(sql, 'N', { main: 'rtsp://10.0.0.3/main' })
    expect(await moveUrlCredentials(sql, box)).toBe(2)
    expect(await moveUrlCredentials(sql, box)).toBe(0)
    expect(await getCamera(sql, a)).toMatchObject({
      streamUrl: 'rtsp://10.0.0.1/main',
      subStreamUrl: 'rtsp://10.0.0.1/sub',
      streamUser: 'admin',
      streamPasswordSet: true
    })
    expect(await getCamera(sql, s)).toMatchObject({
      subStreamUrl: 'rtsp://10.0.0.2/sub',
      streamUser: 'op',
      streamPasswordSet: false
    })
    expect(JSON.stringify(await sql.all('SELECT * FROM cameras'))).not.toContain('p@ss')
    expect(await credentialsFor(sql, box, a)).toEqual({ user: 'admin', password: 'p@ss' })
    expect(await credentialsFor(sql, box, s)).toEqual({ user: 'op', password: '' })
    expect(await credentialsFor(sql, box, n)).toBeNull()
    // sealed by another room's key: the account stays, the password cannot be opened here
    const logged: string[] = []
    expect(
      await credentialsFor(sql, createKeyFileSecretBox(tmp()), a, (m) => logged.push(m))
    ).toEqual({ user: 'admin', password: '' })
    expect(logged).toHaveLength(1)
  })
})
