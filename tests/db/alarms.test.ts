import { expect, it } from 'vitest'
import { describeBackends } from '../helpers/backends'
import type { Sql } from '../../src/main/db/sql'
import type { AlarmRuleFields } from '../../src/shared/domain/alarm'
import {
  ackAlarm,
  deleteAlarmRule,
  foldIntoAlarm,
  getAlarm,
  getAlarmRule,
  insertAlarm,
  insertAlarmRule,
  lastAlarmOfCamera,
  listAlarmRules,
  listAlarms,
  updateAlarmRule
} from '../../src/main/alarms/repository'

const camera = async (sql: Sql, code: string): Promise<number> =>
  (await sql.get<{ id: number }>(
    `INSERT INTO cameras (code, name, lat, lng, created_at, updated_at)
     VALUES (?, ?, 30, 120, 0, 0) RETURNING id`,
    [code, `${code} 路口`]
  ))!.id

const rule = (cameraIds: number[]): AlarmRuleFields => ({
  name: '夜间移动',
  enabled: true,
  cameraIds,
  kinds: ['motion'],
  schedule: [{ day: 1, from: 22 * 60, to: 24 * 60 }],
  actions: { popup: true, preset: null, sound: false, incident: true }
})

describeBackends('alarms repository', (b) => {
  it('keeps rules with their lists, and a deleted rule leaves its alarms without a link', async () => {
    const sql = b.sql()
    const cam = await camera(sql, 'A-1')
    const r = await insertAlarmRule(sql, rule([cam]), 10, 'tech')
    expect(r).toEqual({ ...rule([cam]), id: r.id, updatedAt: 10, updatedBy: 'tech' })
    const changed = await updateAlarmRule(
      sql,
      r.id,
      { ...rule([]), enabled: false, kinds: ['line', 'motion'] },
      20,
      'chief'
    )
    expect(changed).toMatchObject({ enabled: false, cameraIds: [], kinds: ['line', 'motion'] })
    expect(await updateAlarmRule(sql, 999, rule([]), 20, null)).toBeUndefined()
    expect(await getAlarmRule(sql, r.id)).toEqual(changed)
    expect(await listAlarmRules(sql)).toEqual([changed])
    const a = await insertAlarm(sql, {
      cameraId: cam,
      ruleId: r.id,
      kind: 'motion',
      at: 100,
      popup: true,
      sound: false
    })
    expect(await deleteAlarmRule(sql, r.id)).toBe(true)
    expect(await deleteAlarmRule(sql, r.id)).toBe(false)
    expect(await getAlarmRule(sql, r.id)).toBeUndefined()
    expect((await getAlarm(sql, a.id))?.ruleId).toBeNull()
  })

  it('raises, folds and acknowledges alarms; open ones first, then the latest acknowledged', async () => {
    const sql = b.sql()
    const cam = await camera(sql, 'A-1')
    const other = await camera(sql, 'B-2')
    const raise = (cameraId: number, at: number) =>
      insertAlarm(sql, { cameraId, ruleId: null, kind: 'motion', at, popup: true, sound: true })
    const first = await raise(cam, 100)
    expect(first).toEqual({
      id: first.id,
      cameraId: cam,
      cameraCode: 'A-1',
      cameraName: 'A-1 路口',
      ruleId: null,
      kind: 'motion',
      firstAt: 100,
      lastAt: 100,
      count: 1,
      popup: true,
      sound: true,
      incidentId: null,
      ackedAt: null,
      ackedBy: null
    })
    // a late event never moves the last time back
    expect(await foldIntoAlarm(sql, first.id, 150)).toMatchObject({ count: 2, lastAt: 150 })
    expect(await foldIntoAlarm(sql, first.id, 120)).toMatchObject({ count: 3, lastAt: 150 })
    const second = await raise(cam, 200)
    const elsewhere = await raise(other, 300)
    expect((await lastAlarmOfCamera(sql, cam))?.id).toBe(second.id)
    expect(await lastAlarmOfCamera(sql, 999)).toBeUndefined()
    expect(await ackAlarm(sql, first.id, 400, 'duty')).toBe(true)
    expect(await ackAlarm(sql, first.id, 500, 'duty2')).toBe(false)
    expect(await getAlarm(sql, first.id)).toMatchObject({ ackedAt: 400, ackedBy: 'duty' })
    expect(await ackAlarm(sql, second.id, 410, 'duty')).toBe(true)
    expect((await listAlarms(sql, { ackedLimit: 1 })).map((a) => a.id)).toEqual([
      elsewhere.id,
      second.id
    ])
    expect((await listAlarms(sql, { ackedLimit: 5 })).map((a) => a.id)).toEqual([
      elsewhere.id,
      second.id,
      first.id
    ])
  })
})
