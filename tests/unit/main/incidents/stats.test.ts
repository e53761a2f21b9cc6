import { expect, it } from 'vitest'
import { describeBackends } from '../../../helpers/backends'
import { createHarness } from './helpers'
import { column } from '../../../../src/main/db/sql'
import { blockOrder, computeStats, oneYearEarlier } from '../../../../src/main/stats/compute'
import type { IncidentStats } from '../../../../src/shared/domain/stats'

/** Local time in Asia/Shanghai (UTC+8, no DST) as UTC epoch ms. */
const sh = (y: number, mo: number, d: number, h: number, mi = 0) =>
  Date.UTC(y, mo - 1, d, h - 8, mi)

/**
 * The fixture, computed by hand below. Period: Mon 2026-06-01 00:00 to
 * Mon 2026-06-15 00:00 (room time), two whole weeks.
 */
const INCIDENTS: [string | null, string, number][] = [
  ['第一片区', 'theft', sh(2026, 6, 1, 8, 30)],
  ['第一片区', 'theft', sh(2026, 6, 1, 9, 10)],
  ['第一片区', 'traffic', sh(2026, 6, 2, 9, 59)],
  ['第二片区', 'traffic', sh(2026, 6, 8, 22, 15)],
  ['第二片区', 'dispute', sh(2026, 6, 9, 23, 40)],
  ['第二片区', 'theft', sh(2026, 6, 14, 23, 59)],
  [null, 'fire', sh(2026, 6, 10, 3, 0)],
  // outside the period (end is exclusive)
  ['第一片区', 'theft', sh(2026, 6, 15, 0, 0)],
  ['第一片区', 'theft', sh(2026, 5, 31, 23, 59)],
  // the same period a year earlier
  ['第一片区', 'theft', sh(2025, 6, 3, 10)],
  ['第二片区', 'theft', sh(2025, 6, 5, 10)],
  ['第二片区', 'traffic', sh(2025, 6, 10, 1)],
  ['第二片区', 'traffic', sh(2025, 6, 10, 2)],
  ['第二片区', 'traffic', sh(2025, 6, 10, 3)],
  ['第二片区', 'traffic', sh(2025, 6, 10, 4)],
  ['第二片区', 'crowd', sh(2025, 6, 14, 20)]
]

/** camera 1 (第一片区) down 30 min; camera 2 (第二片区) already down at the start, back at 01:00; camera 3 (第二片区) down the last hour. */
const STATUS: [number, 'camera.offline' | 'camera.online', number][] = [
  [2, 'camera.offline', sh(2026, 5, 31, 22)],
  [2, 'camera.online', sh(2026, 6, 1, 1)],
  [1, 'camera.offline', sh(2026, 6, 2, 10)],
  [1, 'camera.online', sh(2026, 6, 2, 10, 30)],
  [3, 'camera.offline', sh(2026, 6, 14, 23)]
]

async function seed(h: Awaited<ReturnType<typeof createHarness>>): Promise<void> {
  for (const [block, type, at] of INCIDENTS)
    await h.sql.run(
      `INSERT INTO incidents (type, at, severity, place_kind, block, created_at, updated_at) VALUES (?, ?, 'medium', 'point', ?, 0, 0)`,
      [type, at, block]
    )
  for (const [cam, kind, at] of STATUS)
    await h.sql.run(`INSERT INTO system_events (at, kind, camera_id) VALUES (?, ?, ?)`, [
      at,
      kind,
      cam
    ])
}

const PERIOD = { fromMs: sh(2026, 6, 1, 0), toMs: sh(2026, 6, 15, 0) }

describeBackends('statistics against a hand-computed fixture', (backend) => {
  it('computes the heatmap, weekly trend, year on year, outage minutes and patrol focus', async () => {
    const h = await createHarness(backend.sql())
    await seed(h)
    // computed after the period: camera 3, still down at its end, counts up to the end
    h.setNow(sh(2026, 6, 16, 9))
    const s = await h.ok(
      h.as('supervisor')<IncidentStats>('stats:incidents', {
        ...PERIOD,
        bucket: 'week',
        slotHours: 2
      })
    )
    expect(s.total).toBe(7)
    expect(s.heatmap.blocks).toEqual(['第一片区', '第二片区', ''])
    const hours = (counts: number[]) =>
      Object.fromEntries(counts.flatMap((n, hr) => (n ? [[hr, n]] : [])))
    expect(s.heatmap.counts.map(hours)).toEqual([{ 8: 1, 9: 2 }, { 22: 1, 23: 2 }, { 3: 1 }])
    expect(s.trend).toEqual({
      bucket: 'week',
      labels: ['2026-06-01', '2026-06-08'],
      series: [
        { type: 'dispute', counts: [0, 1] },
        { type: 'fire', counts: [0, 1] },
        { type: 'theft', counts: [2, 1] },
        { type: 'traffic', counts: [1, 1] }
      ]
    })
    expect(s.yoy).toEqual([
      { type: 'crowd', current: 0, lastYear: 1, changePct: -100 },
      { type: 'dispute', current: 1, lastYear: 0, changePct: null },
      { type: 'fire', current: 1, lastYear: 0, changePct: null },
      { type: 'theft', current: 3, lastYear: 2, changePct: 50 },
      { type: 'traffic', current: 2, lastYear: 4, changePct: -50 },
      { type: '*', current: 7, lastYear: 7, changePct: 0 }
    ])
    expect(s.outages).toEqual([
      { block: '第二片区', minutes: 120, cameras: 2 },
      { block: '第一片区', minutes: 30, cameras: 1 }
    ])
    expect(s.patrolFocus).toEqual([
      { block: '第一片区', fromHour: 8, toHour: 10, count: 3, share: 42.9, topType: 'theft' },
      { block: '第二片区', fromHour: 22, toHour: 24, count: 3, share: 42.9, topType: 'dispute' },
      { block: '', fromHour: 2, toHour: 4, count: 1, share: 14.3, topType: 'fire' }
    ])
  })

  it('buckets by month, filters by block and type, and exports CSV (audited)', async () => {
    const h = await createHarness(backend.sql())
    await seed(h)
    const sup = h.as('supervisor', 'li')
    const m = await h.ok(
      sup<IncidentStats>('stats:incidents', {
        ...PERIOD,
        bucket: 'month',
        types: ['theft'],
        blocks: ['第一片区']
      })
    )
    expect(m.total).toBe(2)
    expect(m.trend.labels).toEqual(['2026-06'])
    expect(m.trend.series).toEqual([{ type: 'theft', counts: [2] }])
    expect(m.yoy.at(-1)).toEqual({ type: '*', current: 2, lastYear: 1, changePct: 100 })
    expect(m.outages).toEqual([{ block: '第一片区', minutes: 30, cameras: 1 }])
    const csv = await h.ok(
      sup<{ fileName: string; csv: string }>('stats:exportCsv', { ...PERIOD, bucket: 'week' })
    )
    const lines = csv.csv.replace(/^\uFEFF/, '').split('\r\n')
    expect(lines).toContain('heatmap,第一片区,0,0,0,0,0,0,0,0,1,2,0,0,0,0,0,0,0,0,0,0,0,0,0,0')
    expect(lines).toContain('yoy,盗窃,3,2,50')
    expect(lines).toContain('patrol_focus,第一片区,8,10,3,42.9,盗窃')
    expect(csv.fileName).toMatch(/^incident-stats_.*\.csv$/)
    expect(await h.as('duty')('stats:exportCsv', { ...PERIOD })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    expect(
      await column(h.sql, "SELECT actor FROM audit_log WHERE action = 'export.stats'")
    ).toEqual(['li'])
  })

  it('orders blocks by their number and steps a year back', () => {
    expect(['第十片区', '第二片区', '第一片区', '第十一片区', '其他'].sort(blockOrder)).toEqual([
      '第一片区',
      '第二片区',
      '第十片区',
      '第十一片区',
      '其他'
    ])
    // a district whose blocks are not numbered in Chinese: natural order, "no block" last
    expect(['HK-12', '', 'B区1号', 'HK-9', 'A区3号'].sort(blockOrder)).toEqual([
      'A区3号',
      'B区1号',
      'HK-9',
      'HK-12',
      ''
    ])
    expect(new Date(oneYearEarlier(Date.UTC(2028, 1, 29, 12))).toISOString()).toBe(
      '2027-02-28T12:00:00.000Z'
    )
    expect(
      computeStats({
        from: 0,
        to: 1,
        timeZone: 'UTC',
        bucket: 'week',
        slotHours: 3,
        facts: [],
        lastYear: [],
        outages: []
      }).yoy
    ).toEqual([{ type: '*', current: 0, lastYear: 0, changePct: null }])
  })
})
