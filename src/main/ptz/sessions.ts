import { ROLES, type Role } from '../../shared/auth/roles'
import type { PtzHolder, PtzVector } from '../../shared/domain/ptz'

export type PtzUser = { username: string; displayName: string; role: Role }

/**
 * Who holds which dome, as pure rules over time (no device, no timers):
 * one holder per camera; a strictly higher role may take over; a hold lapses
 * after `idleReleaseMs` without a command; a move that is not renewed within
 * `deadmanMs` (the client went away mid-move: closed tab, lost network) must
 * be stopped. The service turns the returned effects into device calls and
 * audit rows.
 */
export type PtzSessionRules = ReturnType<typeof createPtzSessions>

type Hold = {
  holder: PtzHolder
  lastActiveAt: number
  /** the velocity the device was last told, null when still */
  moving: PtzVector | null
  lastRenewAt: number
  /** ContinuousMove commands in this hold (for the audit row) */
  moves: number
}

export type Acquire =
  | { ok: true; takenFrom: PtzHolder | null; stopFirst: boolean; fresh: boolean }
  | { ok: false; holder: PtzHolder }

export type Effect =
  | { type: 'stop'; cameraId: number; holder: PtzHolder }
  | { type: 'released'; cameraId: number; holder: PtzHolder; moves: number; reason: 'idle' }

const rank = (r: Role) => ROLES.indexOf(r)
const same = (a: PtzVector, b: PtzVector) =>
  a.pan === b.pan && a.tilt === b.tilt && a.zoom === b.zoom
const still = (v: PtzVector) => v.pan === 0 && v.tilt === 0 && v.zoom === 0

export function createPtzSessions(opts: { idleReleaseMs: number; deadmanMs: number }) {
  const holds = new Map<number, Hold>()

  const live = (cameraId: number, now: number): Hold | null => {
    const h = holds.get(cameraId)
    if (!h) return null
    // a moving dome is active as long as its client keeps renewing the move
    if (!h.moving && now - h.lastActiveAt >= opts.idleReleaseMs) return null
    return h
  }

  return {
    holder(cameraId: number, now: number): PtzHolder | null {
      return live(cameraId, now)?.holder ?? null
    },

    /** A higher role than the holder's may take over; the same user just continues. */
    canTakeOver(cameraId: number, user: PtzUser, now: number): boolean {
      const h = live(cameraId, now)
      return !!h && h.holder.username !== user.username && rank(user.role) > rank(h.holder.role)
    },

    /**
     * Take control. With `takeOver`, a higher role displaces the holder (who
     * may be mid-move: `stopFirst`). Without it, a held dome is refused so
     * nobody steals a dome by pressing an arrow.
     */
    acquire(cameraId: number, user: PtzUser, now: number, takeOver = false): Acquire {
      const h = live(cameraId, now)
      if (h && h.holder.username === user.username) {
        h.lastActiveAt = now
        return { ok: true, takenFrom: null, stopFirst: false, fresh: false }
      }
      if (h && !(takeOver && rank(user.role) > rank(h.holder.role)))
        return { ok: false, holder: h.holder }
      holds.set(cameraId, {
        holder: { ...user, since: now },
        lastActiveAt: now,
        moving: null,
        lastRenewAt: now,
        moves: 0
      })
      return { ok: true, takenFrom: h?.holder ?? null, stopFirst: !!h?.moving, fresh: true }
    },

    /**
     * A continuous move (or its renewal while held). Returns whether the
     * device must be told (a new velocity), or null when the caller does not
     * hold the dome.
     */
    move(cameraId: number, user: PtzUser, v: PtzVector, now: number): { send: boolean } | null {
      const h = live(cameraId, now)
      if (!h || h.holder.username !== user.username) return null
      h.lastActiveAt = now
      h.lastRenewAt = now
      if (still(v)) {
        const send = h.moving !== null
        h.moving = null
        return { send }
      }
      const send = !h.moving || !same(h.moving, v)
      if (send) h.moves++
      h.moving = v
      return { send }
    },

    /** Stop (release of the pad). Null when the caller does not hold the dome. */
    stop(cameraId: number, user: PtzUser, now: number): { wasMoving: boolean } | null {
      const h = live(cameraId, now)
      if (!h || h.holder.username !== user.username) return null
      h.lastActiveAt = now
      const wasMoving = h.moving !== null
      h.moving = null
      return { wasMoving }
    },

    /** A preset or home command also counts as activity of the holder. */
    touch(cameraId: number, user: PtzUser, now: number): boolean {
      const h = live(cameraId, now)
      if (!h || h.holder.username !== user.username) return false
      h.lastActiveAt = now
      h.moving = null
      return true
    },

    release(
      cameraId: number,
      user: PtzUser,
      now: number
    ): { wasMoving: boolean; moves: number } | null {
      const h = live(cameraId, now)
      if (!h || h.holder.username !== user.username) return null
      holds.delete(cameraId)
      return { wasMoving: h.moving !== null, moves: h.moves }
    },

    /** Moves whose client went quiet must stop; idle holds are released. */
    tick(now: number): Effect[] {
      const out: Effect[] = []
      for (const [cameraId, h] of holds) {
        if (h.moving && now - h.lastRenewAt >= opts.deadmanMs) {
          h.moving = null
          // the idle clock starts when the dome stopped, not when the press began
          h.lastActiveAt = now
          out.push({ type: 'stop', cameraId, holder: h.holder })
        }
        if (!h.moving && now - h.lastActiveAt >= opts.idleReleaseMs) {
          holds.delete(cameraId)
          out.push({ type: 'released', cameraId, holder: h.holder, moves: h.moves, reason: 'idle' })
        }
      }
      return out
    },

    /** Cameras that are moving now (stopped on shutdown). */
    moving(): number[] {
      return [...holds].filter(([, h]) => h.moving).map(([id]) => id)
    }
  }
}
