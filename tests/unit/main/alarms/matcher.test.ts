import { describe, expect, it } from 'vitest'
import {
  inSchedule,
  matchRules,
  roomWeekMinute,
  throttle,
  THROTTLE_MS
} from '../../../../src/main/alarms/matcher'
import type { AlarmRuleFields } from '../../../../src/shared/domain/alarm'

const TZ = 'Asia/Shanghai'
// Monday 2026-06-01 22:30 in Shanghai (14:30 UTC)
const MON_2230 = Date.parse('2026-06-01T22:30:00+08:00')
const rule = (
  over: Partial<AlarmRuleFields> & { id: number }
): AlarmRuleFields & { id: number } => ({
  name: 'r',
  enabled: true,
  cameraIds: [],
  kinds: ['motion'],
  schedule: [],
  actions: { popup: true, preset: null, sound: false, incident: false },
  ...over
})

describe('alarm rule matcher', () => {
  it('reads the weekday and minute in the room zone, not UTC', () => {
    expect(roomWeekMinute(MON_2230, TZ)).toEqual({ day: 1, minute: 22 * 60 + 30 })
    // 01:00 Tuesday in Shanghai is still Monday in UTC
    expect(roomWeekMinute(Date.parse('2026-06-02T01:00:00+08:00'), TZ)).toEqual({
      day: 2,
      minute: 60
    })
  })

  it('matches a weekly schedule window, end exclusive; empty means always', () => {
    const nights = [{ day: 1, from: 22 * 60, to: 24 * 60 }]
    expect(inSchedule(nights, MON_2230, TZ)).toBe(true)
    expect(inSchedule(nights, Date.parse('2026-06-01T21:59:00+08:00'), TZ)).toBe(false)
    expect(inSchedule(nights, Date.parse('2026-06-08T22:00:00+08:00'), TZ)).toBe(true)
    expect(inSchedule(nights, Date.parse('2026-06-02T22:30:00+08:00'), TZ)).toBe(false)
    expect(inSchedule([{ day: 1, from: 0, to: 22 * 60 + 30 }], MON_2230, TZ)).toBe(false)
    expect(inSchedule([], MON_2230, TZ)).toBe(true)
  })

  it('selects rules by camera set, event kind, schedule and enabled', () => {
    const rules = [
      rule({ id: 1 }),
      rule({ id: 2, cameraIds: [5, 6] }),
      rule({ id: 3, cameraIds: [9] }),
      rule({ id: 4, kinds: ['line', 'intrusion'] }),
      rule({ id: 5, enabled: false }),
      rule({ id: 6, schedule: [{ day: 2, from: 0, to: 1440 }] }),
      rule({ id: 7, kinds: ['motion', 'tamper'], schedule: [{ day: 1, from: 1320, to: 1440 }] })
    ]
    const ids = (cameraId: number, kind: 'motion' | 'line' | 'tamper') =>
      matchRules(rules, { cameraId, kind, at: MON_2230 }, TZ).map((r) => r.id)
    expect(ids(5, 'motion')).toEqual([1, 2, 7])
    expect(ids(9, 'motion')).toEqual([1, 3, 7])
    expect(ids(5, 'line')).toEqual([4])
    expect(ids(1, 'tamper')).toEqual([7])
  })

  it('throttles a camera to one alarm per window, later events fold into it', () => {
    expect(throttle(null, 1000)).toBe('new')
    expect(throttle({ firstAt: 1000 }, 1000)).toBe('fold')
    expect(throttle({ firstAt: 1000 }, 1000 + THROTTLE_MS - 1)).toBe('fold')
    expect(throttle({ firstAt: 1000 }, 1000 + THROTTLE_MS)).toBe('new')
    // a clock step backwards starts a new alarm rather than folding into the future
    expect(throttle({ firstAt: 5000 }, 4000)).toBe('new')
    // 50 events in 10 s: one alarm
    let last: { firstAt: number } | null = null
    let alarms = 0
    for (let i = 0; i < 50; i++) {
      const at = 10_000 + i * 200
      if (throttle(last, at) === 'new') {
        alarms++
        last = { firstAt: at }
      }
    }
    expect(alarms).toBe(1)
  })
})
