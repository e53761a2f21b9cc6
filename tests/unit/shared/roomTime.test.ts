import { describe, expect, it } from 'vitest'
import {
  roomDate,
  roomDateTime,
  roomIso,
  roomStamp,
  zoneOffsetMinutes
} from '../../../src/shared/domain/roomTime'

describe('room time in files', () => {
  // 2026-12-06T18:22:44.250Z is 02:22:44 on 7 December in Shanghai
  const t = Date.UTC(2026, 11, 6, 18, 22, 44, 250)

  it('writes the room clock with its offset, whatever zone the machine is in', () => {
    expect(roomIso(t, 'Asia/Shanghai')).toBe('2026-12-07T02:22:44.250+08:00')
    expect(roomStamp(t, 'Asia/Shanghai')).toBe('20261207T022244+0800')
    expect(roomDate(t, 'Asia/Shanghai')).toBe('2026-12-07')
    expect(Date.parse(roomIso(t, 'Asia/Shanghai'))).toBe(t)
  })

  it('follows zones west of UTC, half-hour zones and daylight saving', () => {
    expect(roomIso(t, 'America/New_York')).toBe('2026-12-06T13:22:44.250-05:00')
    expect(roomStamp(Date.UTC(2026, 6, 1, 12), 'America/New_York')).toBe('20260701T080000-0400')
    expect(zoneOffsetMinutes(t, 'Asia/Kolkata')).toBe(330)
    expect(roomStamp(t, 'UTC')).toBe('20261206T182244+0000')
  })

  it('writes room time for reports on a 24-hour clock', () => {
    expect(roomDateTime(t, 'Asia/Shanghai')).toBe('2026-12-07 02:22:44')
    expect(roomDateTime(Date.UTC(2026, 11, 6, 16, 0, 5), 'Asia/Shanghai')).toBe(
      '2026-12-07 00:00:05'
    )
    expect(roomDateTime(Date.UTC(2026, 11, 6, 15, 59, 59), 'Asia/Shanghai')).toBe(
      '2026-12-06 23:59:59'
    )
  })
})
