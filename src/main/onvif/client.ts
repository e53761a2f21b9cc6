import { get as httpGet } from 'node:http'
import { get as httpsGet } from 'node:https'
import { Cam, Discovery } from 'onvif'
import type { PtzVector } from '../../shared/domain/ptz'
import type { OnvifProbe, OnvifEventKind } from '../../shared/domain/onvif'

/**
 * The ONVIF client main uses, over the `onvif` package (Profile S device,
 * media, PTZ and event services with WS-UsernameToken). Everything the app
 * needs from a device goes through this one type, so the PTZ service and the
 * alarm watcher never see SOAP.
 */
export type OnvifAddress = { xaddr: string; username: string; password: string }

export type OnvifPreset = { token: string; name: string }

export type OnvifDeviceEvent = { kind: OnvifEventKind; topic: string; active: boolean; at: number }

export type OnvifDevice = {
  probe(): Promise<OnvifProbe>
  continuousMove(profile: string, v: PtzVector): Promise<void>
  stop(profile: string): Promise<void>
  presets(profile: string): Promise<OnvifPreset[]>
  gotoPreset(profile: string, token: string): Promise<void>
  /** saves the current position as a new preset, or renames `token` (position kept by the device) */
  setPreset(profile: string, name: string, token?: string): Promise<string>
  removePreset(profile: string, token: string): Promise<void>
  home(profile: string): Promise<void>
  snapshot(uri: string): Promise<{ bytes: Buffer; contentType: string }>
  /** PullPoint: resolves with the next batch of events (waits up to the device's timeout) */
  subscribe(): Promise<void>
  pull(): Promise<OnvifDeviceEvent[]>
  close(): void
}

type Cb<T> = (err: Error | null, data?: T) => void

function call<T>(fn: (cb: Cb<T>) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    fn((err, data) => (err ? reject(err) : resolve(data as T)))
  )
}

/** ONVIF topics (tns1:…) → the event kinds alarm rules speak of. */
export function eventKindOf(topic: string): OnvifEventKind | null {
  const t = topic.replace(/^[\w-]+:/, '')
  if (/MotionDetector|MotionAlarm|Motion$/i.test(t)) return 'motion'
  if (/LineDetector|LineCross/i.test(t)) return 'line'
  if (/FieldDetector|Intrusion|ObjectsInside/i.test(t)) return 'intrusion'
  if (/GlobalSceneChange|Tamper/i.test(t)) return 'tamper'
  return null
}

const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : ''

type SimpleItem = { $?: { Name?: unknown; Value?: unknown } }
const items = (x: unknown): SimpleItem[] =>
  x === undefined || x === null ? [] : Array.isArray(x) ? (x as SimpleItem[]) : [x]

type RawMessage = {
  topic?: { _?: string } | string
  message?: { message?: { $?: { UtcTime?: unknown }; data?: { simpleItem?: unknown } } }
}

/** One PullMessages notification → an event, or null for topics the app does not use. */
export function parseNotification(m: RawMessage): OnvifDeviceEvent | null {
  const topic = typeof m.topic === 'string' ? m.topic : (m.topic?._ ?? '')
  const kind = eventKindOf(topic)
  if (!kind) return null
  const inner = m.message?.message
  const values = items(inner?.data?.simpleItem).map((i) => i.$?.Value)
  // a state item (IsMotion, State, IsInside) of false is the end of the condition
  const active = values.length === 0 || values.some((v) => v === true || v === 'true')
  const utc = inner?.$?.UtcTime
  const at = utc instanceof Date ? utc.getTime() : Date.parse(str(utc))
  return { kind, topic, active, at: Number.isFinite(at) ? at : Date.now() }
}

/** What the library keeps on its Cam after connect (untyped there). */
type CamState = {
  profiles?: {
    $: { token: string }
    name?: unknown
    videoEncoderConfiguration?: { resolution?: { width?: number; height?: number } }
    PTZConfiguration?: unknown
  }[]
  uri?: Record<string, unknown>
}

export function connectOnvif(addr: OnvifAddress, opts: { timeoutMs?: number } = {}): OnvifDevice {
  const u = new URL(addr.xaddr)
  const cam = new Cam({
    hostname: u.hostname,
    port: Number(u.port) || (u.protocol === 'https:' ? 443 : 80),
    path: u.pathname || '/onvif/device_service',
    useSecure: u.protocol === 'https:',
    username: addr.username,
    password: addr.password,
    timeout: opts.timeoutMs ?? 8000,
    autoconnect: false,
    preserveAddress: true
  })
  const state = cam as unknown as CamState
  let connected: Promise<void> | null = null
  const ready = () => {
    connected ??= call<void>((cb) => cam.connect(cb)).catch((err: unknown) => {
      connected = null
      throw err
    })
    return connected
  }

  const device: OnvifDevice = {
    async probe() {
      await ready()
      const profiles = []
      for (const p of state.profiles ?? []) {
        const token = String(p.$.token)
        const stream = await call<{ uri: string }>((cb) =>
          cam.getStreamUri({ protocol: 'RTSP', profileToken: token }, cb)
        )
        const res = p.videoEncoderConfiguration?.resolution
        profiles.push({
          token,
          name: str(p.name) || token,
          streamUri: str(stream.uri),
          width: Number(res?.width) || null,
          height: Number(res?.height) || null,
          ptz: !!p.PTZConfiguration
        })
      }
      profiles.sort((a, b) => (b.width ?? 0) * (b.height ?? 0) - (a.width ?? 0) * (a.height ?? 0))
      const main = profiles[0]
      let snapshotUri: string | null = null
      if (main) {
        snapshotUri = await call<{ uri: string }>((cb) =>
          cam.getSnapshotUri({ profileToken: main.token }, cb)
        ).then(
          (r) => str(r.uri) || null,
          () => null
        )
      }
      return {
        profiles,
        ptz: !!state.uri?.ptz && profiles.some((p) => p.ptz),
        snapshotUri
      }
    },
    async continuousMove(profile, v) {
      await ready()
      await call((cb) =>
        cam.continuousMove({ profileToken: profile, x: v.pan, y: v.tilt, zoom: v.zoom }, cb)
      )
    },
    async stop(profile) {
      await ready()
      await call((cb) => cam.stop({ profileToken: profile, panTilt: true, zoom: true }, cb))
    },
    async presets(profile) {
      await ready()
      const r = await call<Record<string, { $: { token: unknown }; name?: unknown }>>((cb) =>
        cam.getPresets({ profileToken: profile }, cb)
      )
      return Object.values(r).map((p) => ({
        token: str(p.$.token),
        name: str(p.name) || str(p.$.token)
      }))
    },
    async gotoPreset(profile, token) {
      await ready()
      await call((cb) => cam.gotoPreset({ profileToken: profile, preset: token }, cb))
    },
    async setPreset(profile, name, token) {
      await ready()
      // the library writes the name into the SOAP body as is
      const r = await call<{ setPresetResponse?: { presetToken?: unknown[] }[] }[] | undefined>(
        (cb) =>
          cam.setPreset(
            { profileToken: profile, presetName: xmlEscape(name), presetToken: token },
            cb
          )
      )
      return str(r?.[0]?.setPresetResponse?.[0]?.presetToken?.[0]) || token || ''
    },
    async removePreset(profile, token) {
      await ready()
      await call((cb) => cam.removePreset({ profileToken: profile, presetToken: token }, cb))
    },
    async home(profile) {
      await ready()
      await call((cb) => cam.gotoHomePosition({ profileToken: profile }, cb))
    },
    snapshot(uri) {
      return fetchSnapshot(uri, addr)
    },
    async subscribe() {
      await ready()
      await call((cb) => cam.createPullPointSubscription(cb))
    },
    async pull() {
      const r = await call<{ notificationMessage?: RawMessage | RawMessage[] } | undefined>((cb) =>
        cam.pullMessages({ messageLimit: 100 }, cb)
      )
      const raw = r?.notificationMessage
      const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
      return list.map(parseNotification).filter((e): e is OnvifDeviceEvent => e !== null)
    },
    close() {
      cam.removeAllListeners()
    }
  }
  return device
}

const xmlEscape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const MAX_SNAPSHOT_BYTES = 10 * 1024 * 1024

/** Snapshot URIs commonly take HTTP basic auth with the device's account. */
function fetchSnapshot(
  uri: string,
  addr: OnvifAddress
): Promise<{ bytes: Buffer; contentType: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(uri)
    const get = u.protocol === 'https:' ? httpsGet : httpGet
    const auth = Buffer.from(`${addr.username}:${addr.password}`).toString('base64')
    const req = get(u, { headers: { authorization: `Basic ${auth}` }, timeout: 8000 }, (res) => {
      if (res.statusCode !== 200) {
        res.resume()
        return reject(new Error(`snapshot HTTP ${res.statusCode}`))
      }
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size > MAX_SNAPSHOT_BYTES) req.destroy(new Error('snapshot too large'))
        else chunks.push(c)
      })
      res.on('end', () =>
        resolve({
          bytes: Buffer.concat(chunks),
          contentType: String(res.headers['content-type'] ?? 'image/jpeg').split(';')[0] ?? ''
        })
      )
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error('snapshot timed out')))
    req.on('error', reject)
  })
}

/** WS-Discovery on the local network: the device service addresses that answered. */
export async function discoverOnvif(timeoutMs = 3000): Promise<{ xaddr: string; name: string }[]> {
  const found = await new Promise<unknown[]>((resolve, reject) =>
    Discovery.probe({ timeout: timeoutMs, resolve: false }, (err, cams) =>
      err ? reject(err instanceof Error ? err : new Error(str(err))) : resolve(cams ?? [])
    )
  )
  const out: { xaddr: string; name: string }[] = []
  for (const c of found) {
    const probe = (c as { probeMatches?: { probeMatch?: { XAddrs?: unknown; scopes?: unknown } } })
      .probeMatches?.probeMatch
    const xaddr = str(probe?.XAddrs).split(/\s+/)[0] ?? ''
    if (!xaddr) continue
    const name = /onvif:\/\/www\.onvif\.org\/name\/(\S+)/.exec(str(probe?.scopes))?.[1]
    out.push({ xaddr, name: name ? decodeURIComponent(name) : xaddr })
  }
  return out
}
