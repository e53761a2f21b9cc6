import { describe, expect, it } from 'vitest'
import { describeBackends } from '../../../helpers/backends'
import { column } from '../../../../src/main/db/sql'
import { createTestDeps } from '../../../helpers/appDeps'
import { importCamerasCsv } from '../../../../src/main/registry/service'
import { buildStats } from '../../../../src/main/stats/service'
import { blockOutageMinutes } from '../../../../src/main/stats/outages'
import { buildShiftReport, startShift } from '../../../../src/main/duty/service'
import type { Outage } from '../../../../src/shared/domain/duty'

const MIN = 60_000
/** 2026-12-07 00:00 in Asia/Shanghai */
const DAY = Date.UTC(2026, 11, 6, 16)

const outage = (cameraId: number, block: string | null, from: number, minutes: number): Outage => ({
  cameraId,
  cameraCode: `C-${cameraId}`,
  cameraName: '',
  block,
  from,
  to: from + minutes * MIN,
  minutes
})

describe('block outage minutes (one definition for statistics and the shift report)', () => {
  it('counts the minutes a block had a camera down; cameras down together count once', () => {
    expect(
      blockOutageMinutes([
        outage(1, '第二片区', DAY, 10),
        outage(2, '第二片区', DAY + 2 * MIN, 10),
        outage(3, '第二片区', DAY + 3 * MIN, 2),
        outage(4, '第二片区', DAY + 60 * MIN, 5),
        outage(5, null, DAY, 1.25)
      ])
    ).toEqual([
      { block: '第二片区', minutes: 17, cameras: 4 },
      { block: '', minutes: 1.3, cameras: 1 }
    ])
  })
})

describeBackends('outage minutes in statistics and the shift report', (backend) => {
  it('gives statistics and the shift report the same figure for the same outage, a camera still down counted up to now', async () => {
    const sql = backend.sql()
    const cams = ['code,name,lat,lng,block']
    for (let i = 1; i <= 5; i++) cams.push(`B2-${i},二片${i},30.1,120.2,第二片区`)
    cams.push('B1-1,一片,30.1,120.2,第一片区')
    await importCamerasCsv(sql, Buffer.from(cams.join('\n')), {
      dryRun: false,
      actor: null,
      now: DAY
    })
    const ids = await column<number>(sql, 'SELECT id FROM cameras ORDER BY code')
    const b1 = ids[0]
    const b2 = ids.slice(1)

    const shiftStart = DAY + 8 * 3600_000
    const t = createTestDeps(sql, shiftStart)
    const shift = await startShift({ sql, actor: 'duty', now: shiftStart }, ['duty'])
    const ev = (at: number, kind: string, cameraId: number) =>
      sql.run('INSERT INTO system_events (at, kind, camera_id) VALUES (?, ?, ?)', [
        at,
        kind,
        cameraId
      ])
    // block 2: all five cameras drop together for about 10 minutes (a switch reboots)
    const down = shiftStart + 30 * MIN
    for (const [i, id] of b2.entries()) {
      await ev(down + i * 1000, 'camera.offline', id)
      await ev(down + 10 * MIN + i * 1000, 'camera.online', id)
    }
    // block 1: one camera goes down 20 minutes before "now" and is still down
    const now = shiftStart + 3 * 3600_000
    await ev(now - 20 * MIN, 'camera.offline', b1)
    t.setNow(now)

    const report = await buildShiftReport(sql, shift.id, now)
    // the statistics' period is the whole day (it ends after "now")
    const stats = await buildStats(
      sql,
      { timeZone: 'Asia/Shanghai', now },
      {
        fromMs: DAY,
        toMs: DAY + 24 * 3600_000,
        bucket: 'week',
        slotHours: 1
      }
    )
    const byBlock = (rows: { block: string; minutes: number }[]) =>
      Object.fromEntries(rows.map((r) => [r.block, r.minutes]))
    expect(byBlock(report.blockOutages)).toEqual({ 第二片区: 10.1, 第一片区: 20 })
    expect(byBlock(stats.outages)).toEqual(byBlock(report.blockOutages))
  })
})
