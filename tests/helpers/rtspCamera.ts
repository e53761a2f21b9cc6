import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import path from 'node:path'

/** Upstream connections the camera server holds right now, by request path. */
export type RtspCameraStats = { clients: number; total: number; byPath: Record<string, number> }

export type RtspCamera = {
  port: number
  user: string
  password: string
  /** `rtsp://user:pass@127.0.0.1:PORT/<stream>/<name>`; `creds: false` leaves them out */
  url(stream: 'main' | 'sub' | 'h265', name: string, creds?: boolean | { password: string }): string
  stats(): Promise<RtspCameraStats>
  /** kills the server (every client connection drops) */
  stop(): Promise<void>
  /** starts it again on the same port */
  start(): Promise<void>
  /** freezes the server (SIGSTOP): connections stay open, no frames arrive; `resume` thaws it */
  pause(): void
  resume(): void
}

const SCRIPT = path.join(__dirname, 'rtsp-camera.py')

/**
 * A real RTSP camera (Debian's GStreamer RTSP server; apt: python3-gi,
 * gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-ugly/-bad) with H.264
 * main (640x360) and sub (320x180) streams and an H.265 main stream, behind
 * user/password. Any path below a stream (`/sub/cam07`) is a camera of its
 * own to clients, fed by the stream's one encoder. Frames carry their
 * capture time: see tests/e2e/pages/captureTime.ts.
 */
export async function startRtspCamera(
  opts: { user?: string; password?: string; auth?: 'basic' | 'digest'; fps?: number } = {}
): Promise<RtspCamera> {
  const user = opts.user ?? 'admin'
  const password = opts.password ?? 'cam-pass-1'
  let port = 0
  let statsPort = 0
  let child: ChildProcess | null = null

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const args = [
        SCRIPT,
        '--port',
        String(port),
        '--stats-port',
        String(statsPort),
        '--fps',
        String(opts.fps ?? 10),
        '--auth',
        opts.auth ?? 'digest'
      ]
      if (user) args.push('--user', user, '--password', password)
      const proc = spawn('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'pipe'] })
      child = proc
      let out = ''
      const timer = setTimeout(
        () => reject(new Error(`RTSP camera did not start:\n${out}`)),
        20_000
      )
      const onData = (b: Buffer) => {
        out += b.toString()
        const m = /READY (\d+) (\d+)/.exec(out)
        if (m) {
          clearTimeout(timer)
          port = Number(m[1])
          statsPort = Number(m[2])
          resolve()
        }
      }
      proc.stdout.on('data', onData)
      proc.stderr.on('data', onData)
      proc.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`RTSP camera exited with ${code}:\n${out}`))
      })
    })

  // a restart on the same port can race the old socket's release: retry briefly
  const startOnce = async () => {
    for (let i = 0; ; i++) {
      try {
        return await launch()
      } catch (err) {
        if (i >= 10 || port === 0) throw err
        await new Promise((r) => setTimeout(r, 200))
      }
    }
  }
  await startOnce()

  return {
    get port() {
      return port
    },
    user,
    password,
    url: (stream, name, creds = true) => {
      const auth =
        creds === false
          ? ''
          : `${encodeURIComponent(user)}:${encodeURIComponent(creds === true ? password : creds.password)}@`
      return `rtsp://${auth}127.0.0.1:${port}/${stream}/${name}`
    },
    stats: () =>
      new Promise((resolve, reject) => {
        http
          .get(`http://127.0.0.1:${statsPort}/`, (res) => {
            let body = ''
            res.setEncoding('utf8')
            res.on('data', (d: string) => (body += d))
            res.on('end', () => resolve(JSON.parse(body) as RtspCameraStats))
          })
          .on('error', reject)
      }),
    stop: async () => {
      const proc = child
      child = null
      if (!proc || proc.exitCode !== null) return
      const exited = new Promise((r) => proc.once('exit', r))
      proc.kill('SIGKILL')
      await exited
    },
    start: startOnce,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT')
  }
}

/** now − capture time in ms, for times modulo 2^32. */
export function latencyMs(captureMod: number, now = Date.now()): number {
  const m = 2 ** 32
  return ((((now % m) - captureMod) % m) + m) % m
}
