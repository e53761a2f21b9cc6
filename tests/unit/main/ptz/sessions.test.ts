import { describe, expect, it } from 'vitest'
import { createPtzSessions, type PtzUser } from '../../../../src/main/ptz/sessions'

const duty: PtzUser = { username: 'duty', displayName: '值班员', role: 'duty' }
const duty2: PtzUser = { username: 'duty2', displayName: '值班员二', role: 'duty' }
const sup: PtzUser = { username: 'supervisor', displayName: '主管', role: 'supervisor' }
const right = { pan: 0.5, tilt: 0, zoom: 0 }
const rules = () => createPtzSessions({ idleReleaseMs: 30_000, deadmanMs: 1000 })

describe('PTZ session rules', () => {
  it('gives a free dome to the first operator and refuses a second one of the same role', () => {
    const s = rules()
    expect(s.acquire(7, duty, 0)).toMatchObject({ ok: true, fresh: true, takenFrom: null })
    expect(s.acquire(7, duty2, 10)).toEqual({ ok: false, holder: { ...duty, since: 0 } })
    expect(s.move(7, duty2, right, 20)).toBeNull()
    expect(s.acquire(7, duty2, 30, true)).toMatchObject({ ok: false })
    expect(s.holder(7, 40)?.username).toBe('duty')
    // other cameras are independent
    expect(s.acquire(8, duty2, 40)).toMatchObject({ ok: true })
  })

  it('tells the device only when the velocity changes; renewals keep the move alive', () => {
    const s = rules()
    s.acquire(1, duty, 0)
    expect(s.move(1, duty, right, 0)).toEqual({ send: true })
    expect(s.move(1, duty, right, 300)).toEqual({ send: false })
    expect(s.move(1, duty, { pan: 0.5, tilt: 0, zoom: 0.3 }, 600)).toEqual({ send: true })
    expect(s.tick(1500)).toEqual([])
    expect(s.stop(1, duty, 1600)).toEqual({ wasMoving: true })
    expect(s.stop(1, duty, 1700)).toEqual({ wasMoving: false })
  })

  it('releases a hold after the idle time, and then anyone may take the dome', () => {
    const s = rules()
    s.acquire(1, duty, 0)
    s.move(1, duty, right, 1000)
    s.stop(1, duty, 2000)
    expect(s.tick(31_000)).toEqual([])
    expect(s.holder(1, 31_999)?.username).toBe('duty')
    expect(s.tick(32_000)).toEqual([
      { type: 'released', cameraId: 1, holder: { ...duty, since: 0 }, moves: 1, reason: 'idle' }
    ])
    expect(s.holder(1, 32_000)).toBeNull()
    expect(s.acquire(1, duty2, 32_001)).toMatchObject({ ok: true, takenFrom: null })
  })

  it('never releases a dome that is moving and renewed, however long the press', () => {
    const s = rules()
    s.acquire(1, duty, 0)
    for (let t = 0; t <= 60_000; t += 500) {
      expect(s.move(1, duty, right, t)).not.toBeNull()
      expect(s.tick(t + 250)).toEqual([])
    }
    expect(s.holder(1, 60_100)?.username).toBe('duty')
  })

  it('lets a higher role take over, stopping a dome caught mid-move', () => {
    const s = rules()
    s.acquire(3, duty, 0)
    s.move(3, duty, right, 100)
    expect(s.canTakeOver(3, sup, 200)).toBe(true)
    expect(s.canTakeOver(3, duty2, 200)).toBe(false)
    expect(s.acquire(3, sup, 200)).toMatchObject({ ok: false })
    expect(s.acquire(3, sup, 250, true)).toEqual({
      ok: true,
      takenFrom: { ...duty, since: 0 },
      stopFirst: true,
      fresh: true
    })
    expect(s.holder(3, 300)?.username).toBe('supervisor')
    // the displaced operator's next press changes nothing
    expect(s.move(3, duty, right, 400)).toBeNull()
    // and cannot take it back
    expect(s.acquire(3, duty, 500, true)).toMatchObject({ ok: false })
    expect(s.canTakeOver(3, duty, 500)).toBe(false)
  })

  it('stops a move whose client stopped renewing it (lost connection), once', () => {
    const s = rules()
    s.acquire(5, duty, 0)
    s.move(5, duty, right, 0)
    s.move(5, duty, right, 400)
    expect(s.tick(1300)).toEqual([])
    expect(s.moving()).toEqual([5])
    expect(s.tick(1400)).toEqual([{ type: 'stop', cameraId: 5, holder: { ...duty, since: 0 } }])
    expect(s.moving()).toEqual([])
    expect(s.tick(1500)).toEqual([])
    // still the holder until idle; the idle clock starts at the forced stop
    expect(s.holder(5, 31_399)?.username).toBe('duty')
    expect(s.tick(31_400)).toMatchObject([{ type: 'released', cameraId: 5 }])
  })

  it('a manual release frees the dome at once', () => {
    const s = rules()
    s.acquire(2, duty, 0)
    expect(s.release(2, duty2, 10)).toBeNull()
    expect(s.release(2, duty, 10)).toEqual({ wasMoving: false, moves: 0 })
    expect(s.holder(2, 11)).toBeNull()
  })
})
