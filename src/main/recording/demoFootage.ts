/**
 * The demo district's past footage: on first start every demo camera gets
 * about an hour of recordings ending now, so playback works on a fresh
 * install. Nothing is rendered or copied for it: each index row references a
 * wall-clock segment of the camera's rendered loop (`demo:<code>/<variant>/<seq>`),
 * which the playback server produces with timestamp rewriting when asked, the
 * same bytes the live wall served at that time. Costs one bulk insert.
 */
import type { WritableDb } from '../db/database'
import { getSetting, setSetting } from '../settings/repository'
import { insertSegments, upsertRecordingSetting, type NewSegment } from './repository'
import { demoRefPath } from './store'

const SEEDED_KEY = 'recording.demoSeeded'

export type DemoFootageOptions = {
  cameras: readonly { id: number; code: string }[]
  now: number
  segmentMs: number
  variant: string
  /** footage before `now` (default one hour) */
  spanMs?: number
  run: number
  retentionDays?: number
}

/** Once per database: record demo cameras continuously and index their past hour. Returns rows added. */
export function seedDemoFootage(db: WritableDb, o: DemoFootageOptions): number {
  if (getSetting<boolean>(db, SEEDED_KEY)) return 0
  const span = o.spanMs ?? 3_600_000
  // Segment n covers [n·d, (n+1)·d): only whole, elapsed segments exist.
  const last = Math.floor(o.now / o.segmentMs) - 1
  const first = Math.max(0, last - Math.round(span / o.segmentMs) + 1)
  return db.transaction(() => {
    const rows: NewSegment[] = []
    for (const c of o.cameras) {
      upsertRecordingSetting(db, {
        cameraId: c.id,
        mode: 'continuous',
        retentionDays: o.retentionDays ?? 7,
        at: o.now,
        actor: 'demo'
      })
      for (let seq = first; seq <= last; seq++) {
        rows.push({
          cameraId: c.id,
          startMs: seq * o.segmentMs,
          endMs: (seq + 1) * o.segmentMs,
          durationMs: o.segmentMs,
          bytes: 0,
          path: demoRefPath({ code: c.code, variant: o.variant, seq }),
          run: o.run,
          timeSource: 'pdt',
          createdAt: o.now
        })
      }
    }
    const n = insertSegments(db, rows)
    setSetting(db, SEEDED_KEY, true)
    return n
  })()
}
