// Shared by the host-mode latency benches (server, dbworker): a logged-in
// client, a live fragment to fetch, samplers that time requests while load
// runs, and the figures printed against a target with the machine's load.
import os from 'node:os'

export type HostClient = {
  url: string
  cookie: string
  api(channel: string, body: unknown): Promise<{ res: Response; json: ApiReply }>
}
export type ApiReply = {
  ok: boolean
  result?: unknown
  error?: { code: string; message: string; details?: unknown }
}

export async function loginAsAdmin(url: string): Promise<HostClient> {
  const login = await fetch(`${url}api/auth:login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'demo1234' })
  })
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  if (!cookie) throw new Error(`login failed: ${login.status}`)
  return {
    url,
    cookie,
    api: async (channel, body) => {
      const res = await fetch(`${url}api/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
        body: typeof body === 'string' ? body : JSON.stringify(body)
      })
      return { res, json: (await res.json()) as ApiReply }
    }
  }
}

export type DemoCamera = { code: string; lat: number; lng: number; streams: { url: string }[] }

/**
 * A live HLS fragment of the first demo camera, from the demo source's media route (the wall
 * takes the same pictures over the live socket; a fragment over HTTP is what a request measures).
 * Waits for the demo source to render.
 */
export async function liveFragment(
  client: HostClient
): Promise<{ fragmentUrl: URL; cameras: DemoCamera[] }> {
  const cameras = (await client.api('cameras:list', {})).json.result as DemoCamera[]
  const code = encodeURIComponent(cameras[0]?.code ?? '')
  const playlistUrl = new URL(`/media/demo/${code}/sub/index.m3u8`, client.url)
  for (let i = 0; i < 120; i++) {
    const text = await (await fetch(playlistUrl, { headers: { Cookie: client.cookie } })).text()
    const seg = text.split('\n').find((l) => l && !l.startsWith('#'))
    if (seg) return { fragmentUrl: new URL(seg, playlistUrl), cameras }
    await new Promise((r) => setTimeout(r, 1000))
  }
  throw new Error('no live fragment from the demo source')
}

export const percentile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN
}

/**
 * Times `run` back to back (20 ms apart) until `stop()` says so. A request
 * that fails (a keep-alive socket dropped after a stall) counts, at its time.
 */
export function sampler(
  run: () => Promise<unknown>,
  stop: () => boolean
): { times: number[]; failures: () => number; done: Promise<void> } {
  const times: number[] = []
  let failures = 0
  const done = (async () => {
    while (!stop()) {
      const t0 = performance.now()
      await run().catch(() => failures++)
      times.push(performance.now() - t0)
      await new Promise((r) => setTimeout(r, 20))
    }
  })()
  return { times, failures: () => failures, done }
}

/** A fragment fetch, body read to the end. */
export const fetchFragment = (client: HostClient, url: URL) => async () => {
  const res = await fetch(url, { headers: { Cookie: client.cookie } })
  await res.arrayBuffer()
}

export function printRow(name: string, xs: number[], targetMs: number): void {
  const p99 = percentile(xs, 0.99)
  console.log(
    `${name.padEnd(24)} n=${String(xs.length).padStart(4)}  p50 ${percentile(xs, 0.5)
      .toFixed(1)
      .padStart(7)} ms  p99 ${p99.toFixed(1).padStart(7)} ms  max ${Math.max(...xs)
      .toFixed(1)
      .padStart(7)} ms  p99/target ${(p99 / targetMs).toFixed(2)}`
  )
}

/** The machine's load beside the figures: 2 shared cores make quiet-machine numbers rare. */
export function printLoad(when: string): void {
  const [l1, l5, l15] = os.loadavg()
  console.log(
    `machine load ${when}: ${l1.toFixed(2)} ${l5.toFixed(2)} ${l15.toFixed(2)} (1/5/15 min) on ${os.cpus().length} cores`
  )
}

/**
 * The same two samplers with nothing else running, for `seconds`: on a
 * shared machine this is the floor the figures under load compare with.
 */
export async function printIdleBaseline(
  client: HostClient,
  fragmentUrl: URL,
  seconds: number,
  targetMs: number
): Promise<void> {
  if (seconds <= 0) return
  let idle = true
  const counts = sampler(
    () => client.api('app:counts', {}),
    () => !idle
  )
  const fragments = sampler(fetchFragment(client, fragmentUrl), () => !idle)
  await new Promise((r) => setTimeout(r, seconds * 1000))
  idle = false
  await Promise.all([counts.done, fragments.done])
  printLoad(`during the idle ${seconds} s`)
  printRow('idle app:counts', counts.times, targetMs)
  printRow('idle live-video fragment', fragments.times, targetMs)
}
