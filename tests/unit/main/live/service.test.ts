import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveFfmpeg } from '../../../../src/main/media/ffmpeg'
import { createLiveService, type LiveClient } from '../../../../src/main/live/service'
import type { LiveState } from '../../../../src/shared/domain/live'
import { startRtspCamera, type RtspCamera } from '../../../helpers/rtspCamera'

type Recorder = LiveClient & {
  states: LiveState[]
  inits: { codec: string | null }[]
  fragments: number
  keys: number
}

function recorder(): Recorder {
  const r: Recorder = {
    states: [],
    inits: [],
    fragments: 0,
    keys: 0,
    init: (_d, codec) => r.inits.push({ codec }),
    fragment: (_d, key) => {
      r.fragments++
      if (key) r.keys++
    },
    state: (s) => r.states.push(s)
  }
  return r
}

async function until(cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 100))
  }
}

const last = (r: Recorder) => r.states[r.states.length - 1]

describe('live service against a real RTSP camera', () => {
  let cam: RtspCamera
  const urls = new Map<number, string>()
  let service: ReturnType<typeof createLiveService>

  beforeAll(async () => {
    cam = await startRtspCamera({ fps: 10 })
    urls.set(1, cam.url('sub', 'cam01'))
    urls.set(2, cam.url('sub', 'cam02', { password: 'wrong' }))
    urls.set(3, cam.url('h265', 'cam03'))
    urls.set(4, cam.url('sub', 'cam04', false).replace('/sub/', '/nothing/'))
    service = createLiveService({
      ffmpegPath: resolveFfmpeg().path,
      sourceOf: (id) => Promise.resolve(urls.has(id) ? { url: urls.get(id)! } : null),
      lingerMs: 500
    })
  })
  afterAll(async () => {
    await service?.close()
    await cam?.stop()
  })

  it('fans one upstream out to every client and closes it after the last leaves', async () => {
    const a = recorder()
    const b = recorder()
    const detachA = service.attach(1, 'sub', a)
    await until(() => a.fragments > 5)
    const detachB = service.attach(1, 'sub', b)
    // a late joiner gets the init segment and starts on a key frame
    expect(b.inits[0]?.codec).toMatch(/^avc1\./)
    await until(() => b.fragments > 5)
    expect(b.keys).toBeGreaterThan(0)
    expect(last(a)?.status).toBe('playing')
    expect((await cam.stats()).byPath).toEqual({ '/sub/cam01': 1 })
    detachA()
    detachB()
    await until(async () => (await cam.stats()).clients === 0)
    expect(service.upstreams()).toEqual([])
  })

  it('says a wrong password and backs off to at least half a minute', async () => {
    const r = recorder()
    const detach = service.attach(2, 'sub', r)
    await until(() => last(r)?.status === 'failed')
    const s = last(r)
    expect(s).toMatchObject({ status: 'failed', reason: 'auth' })
    if (s?.status === 'failed') expect((s.retryAt ?? 0) - Date.now()).toBeGreaterThan(25_000)
    detach()
    // the upstream closes; a health probe and a new tile later do not ask the camera again
    await until(() => service.upstreams().length === 0)
    const asked = (await cam.stats()).total
    const probe = await service.probe(2, 'sub', 3000)
    expect(probe).toMatchObject({ ok: false, reason: 'auth' })
    const again = recorder()
    const detachAgain = service.attach(2, 'sub', again)
    expect(last(again)).toMatchObject({ status: 'failed', reason: 'auth' })
    expect((await cam.stats()).total).toBe(asked)
    detachAgain()
  })

  it('says a path the camera does not have is not found', async () => {
    const r = recorder()
    const detach = service.attach(4, 'sub', r)
    await until(() => last(r)?.status === 'failed')
    expect(last(r)).toMatchObject({ status: 'failed', reason: 'not_found' })
    detach()
  })

  it('passes H.265 through with an hvc1 codec string', async () => {
    const r = recorder()
    const detach = service.attach(3, 'main', r)
    await until(() => r.fragments > 3)
    expect(r.inits[0]?.codec).toMatch(/^(hvc1|hev1)\./)
    detach()
  })

  it('says unreachable while the camera is down and plays again within seconds of its return', async () => {
    const r = recorder()
    const detach = service.attach(1, 'sub', r)
    await until(() => r.fragments > 3)
    await cam.stop()
    await until(() =>
      r.states.some(
        (s) => s.status === 'failed' && (s.reason === 'unreachable' || s.reason === 'ended')
      )
    )
    await until(
      () => last(r)?.status === 'failed' && (last(r) as { reason: string }).reason === 'unreachable'
    )
    await cam.start()
    const back = Date.now()
    const before = r.fragments
    await until(() => r.fragments > before + 3, 10_000)
    expect(Date.now() - back).toBeLessThan(5000)
    detach()
  })
})

describe('live service when the database does not answer', () => {
  it('says error and asks again shortly, then plays nothing it cannot find', async () => {
    let calls = 0
    const service = createLiveService({
      ffmpegPath: resolveFfmpeg().path,
      sourceOf: () => {
        calls++
        return calls === 1
          ? Promise.reject(new Error('connection terminated'))
          : Promise.resolve(null)
      }
    })
    try {
      const r = recorder()
      const detach = service.attach(9, 'sub', r)
      await until(() => r.states.some((s) => s.status === 'failed'))
      expect(r.states.find((s) => s.status === 'failed')).toMatchObject({
        reason: 'error',
        detail: 'connection terminated'
      })
      await until(() => {
        const s = last(r)
        return s?.status === 'failed' && s.reason === 'not_found'
      }, 10_000)
      expect(calls).toBeGreaterThanOrEqual(2)
      detach()
    } finally {
      await service.close()
    }
  })
})
