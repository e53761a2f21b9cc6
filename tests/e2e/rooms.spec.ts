import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync
} from 'node:fs'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { WebSocket } from 'ws'
import type { Browser, Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { startHost, type RunningHost } from '../helpers/hostServer'
import { startPgCluster, type PgCluster } from '../helpers/pgCluster'
import { startRtspCamera, type RtspCamera } from '../helpers/rtspCamera'
import { ShellPage } from './pages/ShellPage'
import { WallPage } from './pages/WallPage'
import {
  ROOM_CREDENTIAL_HEADER,
  roomCredential,
  roomLinkKey
} from '../../src/main/district/credential'

const ADMIN_PASSWORD = 'district-admin-2026'
const CODE = 'RM-01'
/** a 1×1 PNG: the incident photo */
const PHOTO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

type Rooms = {
  cluster: PgCluster
  cam: RtspCamera
  a: RunningHost
  b: RunningHost
  /** the room-to-room key every room of this district derives from its audit.key */
  linkKey: Buffer
}

/**
 * Two rooms on one district PostgreSQL (a throwaway cluster) and a real RTSP
 * camera that room A serves. Room B starts with a copy of A's audit key, as
 * every room of a district does.
 */
const roomsTest = test.extend<object, { rooms: Rooms }>({
  rooms: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const cluster = await startPgCluster()
      const cam = await startRtspCamera({ user: '', fps: 10 })
      const url = cluster.createDatabase('district')
      const dir = mkdtempSync(path.join(os.tmpdir(), 'wr-rooms-'))
      const env = {
        WATCHROOM_DATABASE_URL: url,
        WATCHROOM_DEMO: '0',
        WATCHROOM_ADMIN_PASSWORD: ADMIN_PASSWORD,
        // one probe cycle at start only: connections counted below are the wall's
        WATCHROOM_PROBE_INTERVAL_MS: '600000'
      }
      const a = await startHost({ dataDir: path.join(dir, 'room-a'), env })
      mkdirSync(path.join(dir, 'room-b'), { mode: 0o700 })
      const keyFile = path.join(dir, 'room-a', 'audit.key')
      copyFileSync(keyFile, path.join(dir, 'room-b', 'audit.key'))
      const b = await startHost({ dataDir: path.join(dir, 'room-b'), env }).catch(
        async (err: unknown) => {
          await a.stop()
          throw err
        }
      )
      const { key } = JSON.parse(readFileSync(keyFile, 'utf8')) as { key: string }
      await use({ cluster, cam, a, b, linkKey: roomLinkKey(Buffer.from(key, 'base64')) })
      await b.stop()
      await a.stop()
      await cam.stop()
      cluster.stop()
      rmSync(dir, { recursive: true, force: true })
    },
    { scope: 'worker', timeout: 120_000 }
  ]
})

/** A browser of its own logged in to one room, with its console errors. */
async function openRoom(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext()).newPage()
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(String(e)))
  const shell = new ShellPage(page, url)
  await shell.open()
  await shell.login('admin', ADMIN_PASSWORD)
  return { page, errors }
}

/** Calls the API as the logged-in page does. */
async function api<T>(page: Page, channel: string, input: unknown): Promise<T> {
  const res = await page.evaluate(
    async ([c, body]) => {
      const r = await fetch(`/api/${c}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
      })
      return (await r.json()) as { ok: boolean; result?: unknown; error?: unknown }
    },
    [channel, input] as const
  )
  if (!res.ok) throw new Error(`${channel}: ${JSON.stringify(res.error)}`)
  return res.result as T
}

const roomId = (host: RunningHost) =>
  readFileSync(path.join(host.dataDir, 'room.id'), 'utf8').trim()

/** GET /district/relays on a room server, as another room (or anyone) asks for it. */
async function relaysOf(host: RunningHost, credential?: string) {
  const res = await fetch(new URL('/district/relays', host.url), {
    headers: credential ? { [ROOM_CREDENTIAL_HEADER]: credential } : {}
  })
  return {
    status: res.status,
    body: (await res.json()) as { room?: string; relays?: { room: string; camera: number }[] }
  }
}

/** The status a WebSocket upgrade to a room's relay path is answered with. */
function upgradeStatus(host: RunningHost, cameraId: number, headers: Record<string, string>) {
  return new Promise<number>((resolve) => {
    const u = new URL(`/district/live/ws?camera=${cameraId}&stream=sub`, host.url)
    u.protocol = 'ws:'
    const ws = new WebSocket(u, { headers })
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      ws.terminate()
    })
    ws.on('open', () => {
      resolve(101)
      ws.terminate()
    })
    ws.on('error', () => resolve(0))
  })
}

roomsTest(
  "a camera served by room A plays on room B's wall over one connection from B to A; other requests are refused",
  async ({ rooms, browser }) => {
    const a = await openRoom(browser, rooms.a.url)
    // registered through room A's server: room A serves it (the district's default)
    const camera = await api<{ id: number }>(a.page, 'cameras:create', {
      code: CODE,
      fields: {
        name: '跨室摄像机',
        lat: 30.18,
        lng: 120.26,
        streamUrl: rooms.cam.url('main', CODE, false),
        subStreamUrl: rooms.cam.url('sub', CODE, false)
      }
    })

    const b = await openRoom(browser, rooms.b.url)
    const wall = new WallPage(b.page)
    await wall.choosePreset(4)
    await expect.poll(async () => (await wall.cameraCodes())[0]).toBe(CODE)
    await expect.poll(async () => (await wall.states())[0], { timeout: 40_000 }).toBe('playing')
    const first = (await wall.presentedFrames())[0] ?? 0
    await expect
      .poll(async () => (await wall.presentedFrames())[0] ?? 0, { timeout: 40_000 })
      .toBeGreaterThanOrEqual(first + 10)

    // a second screen in room B watches the same camera: still one relay from B at A
    const b2 = await openRoom(browser, rooms.b.url)
    const wall2 = new WallPage(b2.page)
    await wall2.choosePreset(4)
    await expect.poll(async () => (await wall2.states())[0], { timeout: 40_000 }).toBe('playing')
    const asB = () => roomCredential(rooms.linkKey, roomId(rooms.b), Date.now())
    await expect
      .poll(
        async () => {
          const { body } = await relaysOf(rooms.a, asB())
          return { room: body.room, relays: body.relays?.map((r) => [r.room, r.camera]) }
        },
        { timeout: 20_000 }
      )
      .toEqual({ room: roomId(rooms.a), relays: [[roomId(rooms.b), camera.id]] })
    // room B never connects to the camera itself: the camera holds room A's one connection
    await expect
      .poll(async () => Object.values((await rooms.cam.stats()).byPath), { timeout: 20_000 })
      .toEqual([1])

    // without the room credential, or with one made with another key, room A says no
    expect((await relaysOf(rooms.a)).status).toBe(401)
    const forged = roomCredential(roomLinkKey(randomBytes(32)), roomId(rooms.b), Date.now())
    expect((await relaysOf(rooms.a, forged)).status).toBe(401)
    const stale = roomCredential(rooms.linkKey, roomId(rooms.b), Date.now() - 3600_000)
    expect((await relaysOf(rooms.a, stale)).status).toBe(401)
    expect(await upgradeStatus(rooms.a, camera.id, {})).toBe(401)
    expect(await upgradeStatus(rooms.a, camera.id, { [ROOM_CREDENTIAL_HEADER]: forged })).toBe(401)
    expect(await upgradeStatus(rooms.a, camera.id, { [ROOM_CREDENTIAL_HEADER]: asB() })).toBe(101)

    console.log(
      `rooms e2e: B's wall played A's camera; ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`
    )
    expect(a.errors, 'room A console errors').toEqual([])
    expect(b.errors, 'room B console errors').toEqual([])
    expect(b2.errors, 'room B second screen console errors').toEqual([])
  }
)

roomsTest(
  'an incident photo attached in room A opens in room B; the file is not handed out without a room credential',
  async ({ rooms, browser }) => {
    const a = await openRoom(browser, rooms.a.url)
    const b = await openRoom(browser, rooms.b.url)
    const incident = await api<{ id: number }>(a.page, 'incidents:create', {
      fields: {
        type: 'traffic',
        at: Date.now() - 60_000,
        severity: 'medium',
        placeKind: 'point',
        cameraId: null,
        roadId: null,
        placeName: '育才路口',
        lat: 30.18,
        lng: 120.26,
        description: '跨室附件测试',
        linkedCameras: []
      }
    })
    const att = await api<{ id: number }>(a.page, 'incidents:attach', {
      id: incident.id,
      kind: 'snapshot',
      fileName: 'photo.png',
      dataUrl: PHOTO
    })
    // the file is in room A's data directory only
    expect(readdirRecursive(path.join(rooms.b.dataDir, 'attachments'))).toEqual([])

    const opened = await api<{ dataUrl: string; attachment: { fileName: string } }>(
      b.page,
      'incidents:attachment',
      { id: att.id }
    )
    expect(opened.dataUrl).toBe(PHOTO)
    expect(opened.attachment.fileName).toBe('photo.png')

    const fileUrl = new URL(`/district/attachments/${att.id}`, rooms.a.url)
    expect((await fetch(fileUrl)).status).toBe(401)
    const forged = roomCredential(roomLinkKey(randomBytes(32)), roomId(rooms.b), Date.now())
    expect((await fetch(fileUrl, { headers: { [ROOM_CREDENTIAL_HEADER]: forged } })).status).toBe(
      401
    )
    expect(a.errors, 'room A console errors').toEqual([])
    expect(b.errors, 'room B console errors').toEqual([])
  }
)

/** Files below a folder (none when it does not exist). */
function readdirRecursive(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
}
