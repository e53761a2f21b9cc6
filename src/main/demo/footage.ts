/**
 * The demo cameras as the recorder and playback see them. Their bytes are a
 * pure function of the wall clock, so nothing is copied: an index row names
 * a wall-clock segment of the camera's rendered loop
 * (`demo:<code>/<variant>/<seq>`), which is produced with timestamp rewriting
 * when played or exported, the same bytes the live wall served at that time.
 * On first start every demo camera gets about an hour of such footage ending
 * now, so playback works on a fresh install; it costs one bulk insert.
 */
import type { Sql } from '../db/sql'
import type { Camera } from '../../shared/domain/camera'
import { getSetting, setSetting } from '../settings/repository'
import { insertSegments, upsertRecordingSetting, type NewSegment } from '../recording/repository'
import type { LiveReader } from '../recording/sources'
import type { FootageRefs } from '../playback/footage'
import type { DemoSource } from './source'

/** Variant of the demo cameras that is recorded (and replayed as past demo footage). */
export const DEMO_RECORD_VARIANT = 'main'

/** Footage of a demo camera, produced from its rendered loop when served. */
export type DemoRef = { code: string; variant: string; seq: number }

const DEMO_REF_RE =
  /^demo:([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/([a-z][a-z0-9]{0,15})\/(0|[1-9][0-9]{0,14})$/

export function demoRefPath(ref: DemoRef): string {
  return `demo:${ref.code}/${ref.variant}/${ref.seq}`
}

export function parseDemoRef(p: string): DemoRef | undefined {
  const m = DEMO_REF_RE.exec(p)
  return m ? { code: m[1] ?? '', variant: m[2] ?? '', seq: Number(m[3]) } : undefined
}

/** The demo source as the recorder needs it. */
export type DemoFootageSource = Pick<
  DemoSource,
  'livePlaylist' | 'segment' | 'getFailure' | 'ensure' | 'segmentSeconds'
>

/** The demo source in process: the same playlist and bytes the wall gets, without HTTP. */
export function demoReader(demo: DemoFootageSource, code: string, variant: string): LiveReader {
  return {
    playlist() {
      const pl = demo.livePlaylist(code, variant)
      // Not rendered yet: ask for it at background priority, so the recorder never
      // pushes ahead of what the wall is waiting for.
      if (!pl && demo.getFailure(code) !== 'offline')
        demo.ensure([code], 'background').catch(() => undefined)
      return Promise.resolve(pl)
    },
    async segment(seg) {
      // A camera sending garbage records nothing (a gap), exactly like a real one.
      if (demo.getFailure(code) === 'corrupt') return undefined
      const seq = Number(/^(\d+)\.ts$/.exec(seg.uri)?.[1] ?? NaN)
      return Number.isInteger(seq) ? demo.segment(code, variant, seq, { cache: false }) : undefined
    },
    // The demo's bytes are fixed per sequence number: index a reference to the
    // rendered loop (as the seeded past hour does) instead of copying ~3 MB/s.
    ref(seg, seq) {
      if (demo.getFailure(code) === 'corrupt') return undefined
      return /^\d+\.ts$/.test(seg.uri) ? demoRefPath({ code, variant, seq }) : undefined
    },
    close: () => Promise.resolve()
  }
}

/** The recorder's reader for a `demo://` camera; undefined for any other camera. */
export function demoRecordingReader(
  demo: DemoFootageSource,
  camera: Pick<Camera, 'code' | 'streamUrl'>
): LiveReader | undefined {
  const url = camera.streamUrl ?? ''
  if (!url.startsWith('demo://')) return undefined
  return demoReader(demo, url.slice('demo://'.length), DEMO_RECORD_VARIANT)
}

/** Index paths of demo footage, resolved to bytes for playback and export. */
export function demoFootageRefs(
  demo: Pick<DemoFootageSource, 'segment'> & { status(code: string): string }
): FootageRefs {
  return {
    owns: (p) => parseDemoRef(p) !== undefined,
    bytes(p) {
      const ref = parseDemoRef(p)
      return ref
        ? demo.segment(ref.code, ref.variant, ref.seq, { cache: false })
        : Promise.resolve(undefined)
    },
    pending(p) {
      const ref = parseDemoRef(p)
      return !!ref && demo.status(ref.code) !== 'failed'
    }
  }
}

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
  /** the room whose index the footage joins ('' on a room's own file) */
  room?: string
}

/** Once per database: record demo cameras continuously and index their past hour. Returns rows added. */
export async function seedDemoFootage(sql: Sql, o: DemoFootageOptions): Promise<number> {
  // once per room: on a district each room server lists only its own footage
  const seededKey = o.room ? `${SEEDED_KEY}.${o.room}` : SEEDED_KEY
  if (await getSetting<boolean>(sql, seededKey)) return 0
  const span = o.spanMs ?? 3_600_000
  // Segment n covers [n·d, (n+1)·d): only whole, elapsed segments exist.
  const last = Math.floor(o.now / o.segmentMs) - 1
  const first = Math.max(0, last - Math.round(span / o.segmentMs) + 1)
  return sql.tx(async (t) => {
    const rows: NewSegment[] = []
    for (const c of o.cameras) {
      await upsertRecordingSetting(t, {
        cameraId: c.id,
        mode: 'continuous',
        retentionDays: o.retentionDays ?? 7,
        at: o.now,
        actor: 'demo'
      })
      for (let seq = first; seq <= last; seq++) {
        rows.push({
          room: o.room ?? '',
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
    const n = await insertSegments(t, rows)
    await setSetting(t, seededKey, true)
    return n
  })
}
