import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'

/**
 * A simulated ONVIF PTZ camera for tests and benchmarks: a SOAP server that
 * answers the device, media, PTZ and event calls the app makes (with
 * WS-UsernameToken checked), and a real H.264 stream (RTSP through GStreamer,
 * or HLS through ffmpeg) whose picture is a crop of a larger image at the
 * current pan/tilt/zoom, so a pan shows in the decoded frame. The large image is a gradient: red grows left → right,
 * green top → bottom, with a blue grid; a pan right makes the picture redder.
 */
export type SimPosition = { pan: number; tilt: number; zoom: number }
export type SimRequest = { action: string; at: number; body: string }
export type SimEventKind = 'motion' | 'line' | 'intrusion' | 'tamper'

export type SimCamera = {
  /** device service address (what a technician types) */
  xaddr: string
  hlsUrl: string
  snapshotUrl: string
  username: string
  password: string
  position(): SimPosition
  moving(): boolean
  requests: SimRequest[]
  /** called on every authenticated SOAP request as it arrives */
  onRequest: ((r: SimRequest) => void) | null
  /** publish an event to every pull-point subscription */
  raise(kind?: SimEventKind, state?: boolean): void
  /** end every pull-point subscription (a camera reboot): clients must resubscribe */
  dropSubscriptions(): void
  stop(): Promise<void>
}

// the system ffmpeg (the e2e runner cannot load main's resolver, which mixes module formats)
const FFMPEG = process.env.WATCHROOM_FFMPEG ?? 'ffmpeg'
const RTSP_SCRIPT = path.join(__dirname, 'onvif-rtsp.py')
const SRC_W = 1920
const SRC_H = 1080
const OUT_W = 640
const OUT_H = 360
const FPS = 10
/** position units per second at velocity 1 */
const SPEED = 0.5

const TOPICS: Record<SimEventKind, { topic: string; item: string }> = {
  motion: { topic: 'tns1:RuleEngine/CellMotionDetector/Motion', item: 'IsMotion' },
  line: { topic: 'tns1:RuleEngine/LineDetector/Crossed', item: 'State' },
  intrusion: { topic: 'tns1:RuleEngine/FieldDetector/ObjectsInside', item: 'IsInside' },
  tamper: { topic: 'tns1:VideoSource/GlobalSceneChange/ImagingService', item: 'State' }
}

function makeImage(): Buffer {
  const img = Buffer.alloc(SRC_W * SRC_H * 3)
  for (let y = 0; y < SRC_H; y++) {
    for (let x = 0; x < SRC_W; x++) {
      const i = (y * SRC_W + x) * 3
      const grid = x % 160 < 6 || y % 120 < 6
      img[i] = Math.round((x / (SRC_W - 1)) * 255)
      img[i + 1] = Math.round((y / (SRC_H - 1)) * 255)
      img[i + 2] = grid ? 255 : 40
    }
  }
  return img
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))

/** The crop of the source image at a PTZ position, scaled to the output size (nearest neighbour). */
function renderFrame(src: Buffer, p: SimPosition, out: Buffer): void {
  const cw = Math.round(1280 - p.zoom * 960)
  const ch = Math.round((cw * OUT_H) / OUT_W)
  const cx = SRC_W / 2 + (p.pan * (SRC_W - cw)) / 2
  const cy = SRC_H / 2 - (p.tilt * (SRC_H - ch)) / 2
  const x0 = cx - cw / 2
  const y0 = cy - ch / 2
  const xs = new Int32Array(OUT_W)
  for (let ox = 0; ox < OUT_W; ox++)
    xs[ox] = Math.min(SRC_W - 1, Math.floor(x0 + (ox * cw) / OUT_W)) * 3
  for (let oy = 0; oy < OUT_H; oy++) {
    const row = Math.min(SRC_H - 1, Math.floor(y0 + (oy * ch) / OUT_H)) * SRC_W * 3
    let o = oy * OUT_W * 3
    for (let ox = 0; ox < OUT_W; ox++) {
      const s = row + xs[ox]
      out[o++] = src[s]!
      out[o++] = src[s + 1]!
      out[o++] = src[s + 2]!
    }
  }
}

const env = (body: string) =>
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema"' +
  ' xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:trt="http://www.onvif.org/ver10/media/wsdl"' +
  ' xmlns:tptz="http://www.onvif.org/ver20/ptz/wsdl" xmlns:tev="http://www.onvif.org/ver10/events/wsdl"' +
  ' xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2" xmlns:wsa="http://www.w3.org/2005/08/addressing"' +
  ' xmlns:tns1="http://www.onvif.org/ver10/topics">' +
  `<s:Body>${body}</s:Body></s:Envelope>`

const fault = (code: string, reason: string) =>
  env(
    `<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>${code}</s:Value></s:Subcode></s:Code>` +
      `<s:Reason><s:Text xml:lang="en">${reason}</s:Text></s:Reason></s:Fault>`
  )

const tag = (body: string, name: string) =>
  new RegExp(`<(?:\\w+:)?${name}[^>]*>([^<]*)</(?:\\w+:)?${name}>`).exec(body)?.[1]
const attr = (body: string, el: string, a: string) =>
  new RegExp(`<(?:\\w+:)?${el}\\b[^>]*\\b${a}="([^"]*)"`).exec(body)?.[1]

function actionOf(body: string): string {
  const b = /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(body)
  return b?.[1] ?? ''
}

/** WS-UsernameToken PasswordDigest = Base64(SHA-1(nonce + created + password)). */
function authorized(body: string, username: string, password: string): boolean {
  const user = tag(body, 'Username')
  const digest = tag(body, 'Password')
  const nonce = tag(body, 'Nonce')
  const created = tag(body, 'Created')
  if (!user || !digest || !nonce || !created || user !== username) return false
  const expect = createHash('sha1')
    .update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created + password)]))
    .digest('base64')
  return expect === digest
}

type Preset = { token: string; name: string } & SimPosition
type Subscription = { id: string; queue: string[]; waiter: (() => void) | null }

export async function startOnvifCamera(
  opts: {
    username?: string
    password?: string
    /** what carries the picture: the wall's live path (rtsp), plain HLS over http, or nothing */
    stream?: 'rtsp' | 'hls' | false
    ptz?: boolean
  } = {}
): Promise<SimCamera> {
  const username = opts.username ?? 'admin'
  const password = opts.password ?? 'cam-secret-1'
  const withPtz = opts.ptz ?? true
  const kind = opts.stream ?? 'rtsp'
  let rtspPort = 0
  const image = makeImage()
  const frame = Buffer.alloc(OUT_W * OUT_H * 3)
  const pos: SimPosition = { pan: 0, tilt: 0, zoom: 0 }
  let velocity: SimPosition = { pan: 0, tilt: 0, zoom: 0 }
  let lastTick = Date.now()
  const presets = new Map<string, Preset>([
    ['1', { token: '1', name: '路口', pan: -0.6, tilt: 0, zoom: 0 }],
    ['2', { token: '2', name: '人行道', pan: 0.8, tilt: -0.5, zoom: 0.5 }]
  ])
  let nextPreset = 3
  const subs = new Map<string, Subscription>()
  const requests: SimRequest[] = []
  const hlsDir = mkdtempSync(path.join(os.tmpdir(), 'wr-onvif-'))

  const advance = () => {
    const t = Date.now()
    const dt = (t - lastTick) / 1000
    lastTick = t
    pos.pan = clamp(pos.pan + velocity.pan * SPEED * dt, -1, 1)
    pos.tilt = clamp(pos.tilt + velocity.tilt * SPEED * dt, -1, 1)
    pos.zoom = clamp(pos.zoom + velocity.zoom * SPEED * dt, 0, 1)
  }

  let base = ''
  const profile = (token: string, name: string, w: number, h: number) =>
    `<trt:Profiles token="${token}" fixed="true"><tt:Name>${name}</tt:Name>` +
    `<tt:VideoSourceConfiguration token="vsc"><tt:Name>vsc</tt:Name><tt:UseCount>2</tt:UseCount>` +
    `<tt:SourceToken>vs0</tt:SourceToken><tt:Bounds x="0" y="0" width="${OUT_W}" height="${OUT_H}"/></tt:VideoSourceConfiguration>` +
    `<tt:VideoEncoderConfiguration token="vec_${token}"><tt:Name>${name}</tt:Name><tt:UseCount>1</tt:UseCount>` +
    `<tt:Encoding>H264</tt:Encoding><tt:Resolution><tt:Width>${w}</tt:Width><tt:Height>${h}</tt:Height></tt:Resolution>` +
    `<tt:Quality>5</tt:Quality><tt:RateControl><tt:FrameRateLimit>${FPS}</tt:FrameRateLimit>` +
    `<tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>1024</tt:BitrateLimit></tt:RateControl></tt:VideoEncoderConfiguration>` +
    (withPtz
      ? `<tt:PTZConfiguration token="ptz0"><tt:Name>ptz</tt:Name><tt:UseCount>2</tt:UseCount><tt:NodeToken>node0</tt:NodeToken></tt:PTZConfiguration>`
      : '') +
    `</trt:Profiles>`

  const respond = (action: string, body: string, reqPath: string): Promise<string> | string => {
    switch (action) {
      case 'GetSystemDateAndTime': {
        const d = new Date()
        return env(
          `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>Manual</tt:DateTimeType>` +
            `<tt:DaylightSavings>false</tt:DaylightSavings><tt:UTCDateTime><tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour>` +
            `<tt:Minute>${d.getUTCMinutes()}</tt:Minute><tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time>` +
            `<tt:Date><tt:Year>${d.getUTCFullYear()}</tt:Year><tt:Month>${d.getUTCMonth() + 1}</tt:Month>` +
            `<tt:Day>${d.getUTCDate()}</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>`
        )
      }
      case 'GetCapabilities':
        return env(
          `<tds:GetCapabilitiesResponse><tds:Capabilities>` +
            `<tt:Device><tt:XAddr>${base}/onvif/device_service</tt:XAddr></tt:Device>` +
            `<tt:Events><tt:XAddr>${base}/onvif/events</tt:XAddr><tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport>` +
            `<tt:WSPullPointSupport>true</tt:WSPullPointSupport></tt:Events>` +
            `<tt:Media><tt:XAddr>${base}/onvif/media</tt:XAddr></tt:Media>` +
            (withPtz ? `<tt:PTZ><tt:XAddr>${base}/onvif/ptz</tt:XAddr></tt:PTZ>` : '') +
            `</tds:Capabilities></tds:GetCapabilitiesResponse>`
        )
      case 'GetDeviceInformation':
        return env(
          `<tds:GetDeviceInformationResponse><tds:Manufacturer>WatchRoom</tds:Manufacturer><tds:Model>SimDome</tds:Model>` +
            `<tds:FirmwareVersion>1.0</tds:FirmwareVersion><tds:SerialNumber>SIM-0001</tds:SerialNumber>` +
            `<tds:HardwareId>sim</tds:HardwareId></tds:GetDeviceInformationResponse>`
        )
      case 'GetProfiles':
        return env(
          `<trt:GetProfilesResponse>${profile('main', 'mainStream', 1920, 1080)}${profile('sub', 'subStream', OUT_W, OUT_H)}</trt:GetProfilesResponse>`
        )
      case 'GetVideoSources':
        return env(
          `<trt:GetVideoSourcesResponse><trt:VideoSources token="vs0"><tt:Framerate>${FPS}</tt:Framerate>` +
            `<tt:Resolution><tt:Width>1920</tt:Width><tt:Height>1080</tt:Height></tt:Resolution></trt:VideoSources></trt:GetVideoSourcesResponse>`
        )
      case 'GetStreamUri': {
        // both profiles are one crop here; the sub profile's URI differs so the app stores two
        const token = tag(body, 'ProfileToken') ?? 'main'
        const uri =
          kind === 'rtsp'
            ? `rtsp://127.0.0.1:${rtspPort}/${token}`
            : kind === 'hls'
              ? `${base}/hls/main.m3u8${token === 'sub' ? '?sub=1' : ''}`
              : `rtsp://127.0.0.1/${token}`
        return env(
          `<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>${uri}</tt:Uri>` +
            `<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot>` +
            `<tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>`
        )
      }
      case 'GetSnapshotUri':
        return env(
          `<trt:GetSnapshotUriResponse><trt:MediaUri><tt:Uri>${base}/snapshot.jpg</tt:Uri>` +
            `<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot>` +
            `<tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetSnapshotUriResponse>`
        )
      case 'ContinuousMove': {
        advance()
        velocity = {
          pan: Number(attr(body, 'PanTilt', 'x') ?? 0),
          tilt: Number(attr(body, 'PanTilt', 'y') ?? 0),
          zoom: Number(attr(body, 'Zoom', 'x') ?? 0)
        }
        return env('<tptz:ContinuousMoveResponse/>')
      }
      case 'Stop':
        advance()
        velocity = { pan: 0, tilt: 0, zoom: 0 }
        return env('<tptz:StopResponse/>')
      case 'GetPresets':
        return env(
          `<tptz:GetPresetsResponse>${[...presets.values()]
            .map(
              (p) =>
                `<tptz:Preset token="${p.token}"><tt:Name>${p.name}</tt:Name><tt:PTZPosition>` +
                `<tt:PanTilt x="${p.pan}" y="${p.tilt}"/><tt:Zoom x="${p.zoom}"/></tt:PTZPosition></tptz:Preset>`
            )
            .join('')}</tptz:GetPresetsResponse>`
        )
      case 'GotoPreset': {
        const p = presets.get(tag(body, 'PresetToken') ?? '')
        if (!p) return fault('ter:InvalidArgVal', 'No such preset')
        velocity = { pan: 0, tilt: 0, zoom: 0 }
        Object.assign(pos, { pan: p.pan, tilt: p.tilt, zoom: p.zoom })
        return env('<tptz:GotoPresetResponse/>')
      }
      case 'SetPreset': {
        advance()
        const token = tag(body, 'PresetToken') ?? String(nextPreset++)
        const name = tag(body, 'PresetName') ?? presets.get(token)?.name ?? `Preset ${token}`
        const old = presets.get(token)
        // renaming keeps the stored position, saving takes the current one
        const at = old && /<(?:\w+:)?PresetToken>/.test(body) ? old : pos
        presets.set(token, { token, name, pan: at.pan, tilt: at.tilt, zoom: at.zoom })
        return env(
          `<tptz:SetPresetResponse><tptz:PresetToken>${token}</tptz:PresetToken></tptz:SetPresetResponse>`
        )
      }
      case 'RemovePreset':
        presets.delete(tag(body, 'PresetToken') ?? '')
        return env('<tptz:RemovePresetResponse/>')
      case 'GotoHomePosition':
        velocity = { pan: 0, tilt: 0, zoom: 0 }
        Object.assign(pos, { pan: 0, tilt: 0, zoom: 0 })
        return env('<tptz:GotoHomePositionResponse/>')
      case 'GetStatus':
        advance()
        return env(
          `<tptz:GetStatusResponse><tptz:PTZStatus><tt:Position><tt:PanTilt x="${pos.pan}" y="${pos.tilt}"/>` +
            `<tt:Zoom x="${pos.zoom}"/></tt:Position></tptz:PTZStatus></tptz:GetStatusResponse>`
        )
      case 'CreatePullPointSubscription': {
        const id = randomUUID()
        subs.set(id, { id, queue: [], waiter: null })
        const now = new Date()
        return env(
          `<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa:Address>${base}/onvif/events/sub/${id}</wsa:Address>` +
            `</tev:SubscriptionReference><wsnt:CurrentTime>${now.toISOString()}</wsnt:CurrentTime>` +
            `<wsnt:TerminationTime>${new Date(now.getTime() + 3600_000).toISOString()}</wsnt:TerminationTime>` +
            `</tev:CreatePullPointSubscriptionResponse>`
        )
      }
      case 'PullMessages': {
        const sub = subs.get(/\/sub\/([\w-]+)/.exec(reqPath)?.[1] ?? '')
        if (!sub) return fault('wsrf-rw:ResourceUnknownFault', 'Unknown subscription')
        const limit = Number(tag(body, 'MessageLimit') ?? 10)
        const waitMs = Math.min(
          10_000,
          Number(/PT(\d+)S/.exec(tag(body, 'Timeout') ?? '')?.[1] ?? 60) * 1000 || 10_000
        )
        const answer = () => {
          const msgs = sub.queue.splice(0, limit)
          const now = new Date()
          return env(
            `<tev:PullMessagesResponse><tev:CurrentTime>${now.toISOString()}</tev:CurrentTime>` +
              `<tev:TerminationTime>${new Date(now.getTime() + 3600_000).toISOString()}</tev:TerminationTime>` +
              `${msgs.join('')}</tev:PullMessagesResponse>`
          )
        }
        if (sub.queue.length > 0) return answer()
        return new Promise<string>((resolve) => {
          const timer = setTimeout(() => {
            sub.waiter = null
            resolve(subs.has(sub.id) ? answer() : fault('wsrf-rw:ResourceUnknownFault', 'Gone'))
          }, waitMs)
          sub.waiter = () => {
            clearTimeout(timer)
            sub.waiter = null
            resolve(subs.has(sub.id) ? answer() : fault('wsrf-rw:ResourceUnknownFault', 'Gone'))
          }
        })
      }
      case 'Renew':
        return env(
          `<wsnt:RenewResponse><wsnt:TerminationTime>${new Date(Date.now() + 3600_000).toISOString()}</wsnt:TerminationTime>` +
            `<wsnt:CurrentTime>${new Date().toISOString()}</wsnt:CurrentTime></wsnt:RenewResponse>`
        )
      case 'Unsubscribe': {
        const id = /\/sub\/([\w-]+)/.exec(reqPath)?.[1] ?? ''
        subs.delete(id)
        return env('<wsnt:UnsubscribeResponse/>')
      }
      default:
        return fault('ter:ActionNotSupported', `Optional action not implemented: ${action}`)
    }
  }

  const snapshot = (): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      advance()
      const still = Buffer.alloc(OUT_W * OUT_H * 3)
      renderFrame(image, pos, still)
      const ff = spawn(FFMPEG, [
        ...['-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24'],
        ...['-s', `${OUT_W}x${OUT_H}`, '-i', 'pipe:0', '-frames:v', '1', '-f', 'mjpeg', 'pipe:1']
      ])
      const chunks: Buffer[] = []
      ff.stdout.on('data', (c: Buffer) => chunks.push(c))
      ff.once('error', reject)
      ff.once('close', (code) =>
        code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`ffmpeg exited ${code}`))
      )
      ff.stdin.end(still)
    })

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (req.method === 'GET' && url.pathname.startsWith('/hls/')) {
      const file = path.join(hlsDir, path.basename(url.pathname))
      if (!existsSync(file)) return void res.writeHead(404).end()
      res.writeHead(200, {
        'content-type': file.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t',
        'access-control-allow-origin': '*',
        'cache-control': 'no-cache'
      })
      return void res.end(readFileSync(file))
    }
    if (req.method === 'GET' && url.pathname === '/snapshot.jpg') {
      snapshot().then(
        (jpg) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpg),
        () => res.writeHead(500).end()
      )
      return
    }
    if (req.method !== 'POST') return void res.writeHead(404).end()
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const action = actionOf(body)
      const send = (status: number, xml: string) =>
        res.writeHead(status, { 'content-type': 'application/soap+xml; charset=utf-8' }).end(xml)
      if (action !== 'GetSystemDateAndTime' && !authorized(body, username, password))
        return send(400, fault('ter:NotAuthorized', 'Sender not Authorized'))
      const r: SimRequest = { action, at: performance.now(), body }
      requests.push(r)
      if (requests.length > 5000) requests.splice(0, 1000)
      sim.onRequest?.(r)
      Promise.resolve(respond(action, body, url.pathname)).then(
        (xml) => send(xml.includes('<s:Fault>') ? 500 : 200, xml),
        () => send(500, fault('ter:Action', 'failed'))
      )
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  let ff: ChildProcess | null = null
  let ticker: NodeJS.Timeout | null = null
  if (kind === 'rtsp') {
    const proc = spawn(
      '/usr/bin/python3',
      [RTSP_SCRIPT, String(OUT_W), String(OUT_H), String(FPS)],
      { stdio: ['pipe', 'pipe', 'pipe'] }
    )
    ff = proc
    rtspPort = await new Promise<number>((resolve, reject) => {
      let out = ''
      const timer = setTimeout(
        () => reject(new Error(`RTSP server did not start:\n${out}`)),
        20_000
      )
      const onData = (b: Buffer) => {
        out += b.toString()
        const m = /READY (\d+)/.exec(out)
        if (m) {
          clearTimeout(timer)
          resolve(Number(m[1]))
        }
      }
      proc.stdout.on('data', onData)
      proc.stderr.on('data', onData)
      proc.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`RTSP server exited with ${code}:\n${out}`))
      })
    })
  } else if (kind === 'hls') {
    ff = spawn(
      FFMPEG,
      [
        ...['-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24'],
        ...['-s', `${OUT_W}x${OUT_H}`, '-framerate', String(FPS), '-i', 'pipe:0'],
        ...[
          '-c:v',
          'libx264',
          '-preset',
          'ultrafast',
          '-tune',
          'zerolatency',
          '-pix_fmt',
          'yuv420p'
        ],
        ...['-g', String(FPS), '-keyint_min', String(FPS), '-sc_threshold', '0'],
        ...['-f', 'hls', '-hls_time', '1', '-hls_list_size', '4'],
        ...['-hls_flags', 'delete_segments+independent_segments'],
        ...[
          '-hls_segment_filename',
          path.join(hlsDir, 'seg%05d.ts'),
          path.join(hlsDir, 'main.m3u8')
        ]
      ],
      { stdio: ['pipe', 'ignore', 'inherit'] }
    )
  }
  if (ff) {
    ff.stdin?.on('error', () => undefined)
    ticker = setInterval(() => {
      advance()
      renderFrame(image, pos, frame)
      if (ff?.stdin?.writable && ff.stdin.writableLength < frame.length * 4)
        ff.stdin.write(Buffer.from(frame))
    }, 1000 / FPS)
  }

  const sim: SimCamera = {
    xaddr: `${base}/onvif/device_service`,
    hlsUrl: `${base}/hls/main.m3u8`,
    snapshotUrl: `${base}/snapshot.jpg`,
    username,
    password,
    position: () => {
      advance()
      return { ...pos }
    },
    moving: () => velocity.pan !== 0 || velocity.tilt !== 0 || velocity.zoom !== 0,
    requests,
    onRequest: null,
    raise(kind = 'motion', state = true) {
      const t = TOPICS[kind]
      const msg =
        `<wsnt:NotificationMessage><wsnt:Topic Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">${t.topic}</wsnt:Topic>` +
        `<wsnt:Message><tt:Message UtcTime="${new Date().toISOString()}" PropertyOperation="Changed">` +
        `<tt:Source><tt:SimpleItem Name="VideoSourceConfigurationToken" Value="vsc"/></tt:Source>` +
        `<tt:Data><tt:SimpleItem Name="${t.item}" Value="${state}"/></tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>`
      for (const s of subs.values()) {
        s.queue.push(msg)
        s.waiter?.()
      }
    },
    dropSubscriptions() {
      const all = [...subs.values()]
      subs.clear()
      for (const s of all) s.waiter?.()
    },
    stop: async () => {
      if (ticker) clearInterval(ticker)
      sim.dropSubscriptions()
      if (ff && ff.exitCode === null) {
        const exited = new Promise((r) => ff?.once('exit', r))
        ff.stdin?.end()
        ff.kill('SIGTERM')
        await exited
      }
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
      rmSync(hlsDir, { recursive: true, force: true })
    }
  }
  return sim
}
