import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../../helpers/db'
import { sqliteSql } from '../../../../src/main/db/sqliteSql'
import { createEventBus } from '../../../../src/main/app/bus'
import { createHealthProber } from '../../../../src/main/health/prober'
import { createLiveService } from '../../../../src/main/live/service'
import { resolveFfmpeg } from '../../../../src/main/media/ffmpeg'
import { getCameraByCode } from '../../../../src/main/cameras/repository'
import type { ServerEventMessage } from '../../../../src/shared/ipc/events'
import { startRtspCamera, type RtspCamera } from '../../../helpers/rtspCamera'

describe('health of ingest cameras through the live service', () => {
  let cam: RtspCamera
  beforeAll(async () => {
    cam = await startRtspCamera({ fps: 10 })
  })
  afterAll(async () => {
    await cam?.stop()
  })

  it('online only when frames arrive, the reason when not; dead cameras cost no process', async () => {
    const db = createTestDb()
    const ins = db.prepare(
      'INSERT INTO cameras (code, name, lat, lng, stream_url, sub_stream_url, created_at, updated_at) VALUES (?, ?, 30.18, 120.26, ?, ?, 0, 0)'
    )
    ins.run('OK', 'ok', cam.url('main', 'OK'), cam.url('sub', 'OK'))
    ins.run(
      'BADSUB',
      'bad sub',
      cam.url('main', 'BADSUB'),
      cam.url('sub', 'x').replace('/sub/', '/none/')
    )
    ins.run('PASS', 'wrong password', cam.url('sub', 'PASS', { password: 'nope' }), null)
    for (let i = 0; i < 40; i++)
      ins.run(`DEAD${i}`, 'dead', `rtsp://u:p@127.0.0.1:9/main/${i}`, null)
    const byId = (id: number) =>
      db
        .prepare('SELECT stream_url AS main, sub_stream_url AS sub FROM cameras WHERE id = ?')
        .get(id) as { main: string | null; sub: string | null } | undefined
    let spawned = 0
    const live = createLiveService({
      ffmpegPath: resolveFfmpeg().path,
      sourceOf: (id, kind) => {
        const u = byId(id)?.[kind]
        return Promise.resolve(u ? { url: u } : null)
      },
      onState: (_id, _kind, s) => {
        if (s.status === 'connecting') spawned++
      }
    })
    const bus = createEventBus()
    const events: ServerEventMessage[] = []
    bus.subscribe((m) => events.push(m))
    const sql = sqliteSql(db)
    const prober = createHealthProber({ sql, bus, now: Date.now, live, timeoutMs: 8000 })
    try {
      await prober.runCycle()
      const status = async (code: string) => (await getCameraByCode(sql, code))?.status
      expect(await status('OK')).toBe('online')
      // a sub-stream that is not there is worth saying
      expect(await status('BADSUB')).toBe('degraded')
      expect(await status('PASS')).toBe('offline')
      expect(await status('DEAD0')).toBe('offline')
      const reasons = Object.fromEntries(
        events.flatMap((m) =>
          m.event === 'camera:status' ? [[m.payload.code, m.payload.reason ?? null]] : []
        )
      )
      expect(reasons).toMatchObject({ PASS: 'auth', BADSUB: 'not_found', DEAD0: 'unreachable' })
      // OK main + sub, BADSUB main + sub, PASS: no upstream for the 40 dead ones
      expect(spawned).toBeLessThanOrEqual(5)
      await new Promise((r) => setTimeout(r, 200))
      expect(live.upstreams()).toEqual([])
    } finally {
      await prober.stop()
      await live.close()
      db.close()
    }
  })
})
