import type { Command } from 'commander'
import type { WritableDb } from '../db/database'
import { parseIsoTimestamp } from '../sightings/parser'
import { createHitRunService } from '../hitrun/service'
import { formatIso, toLookupJson } from '../lookup'

/** The offset (minutes east of UTC) written in an ISO 8601 time, so answers come back in the caller's zone. */
export function isoOffsetMinutes(iso: string): number | null {
  const m = /(Z|z|([+-])(\d{2}):?(\d{2})?)$/.exec(iso.trim())
  if (!m) return null
  if (m[1] === 'Z' || m[1] === 'z') return 0
  return (m[2] === '-' ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4] ?? 0))
}

function parseTime(flag: string, value: string): number {
  const t = parseIsoTimestamp(value)
  if (t === null)
    throw new Error(
      `${flag} must be an ISO 8601 time with an offset, e.g. 2026-06-01T14:03:10+08:00 (got "${value}")`
    )
  return t
}

function parseDegrees(flag: string, value: string, limit: number): number {
  const v = Number(value)
  if (!Number.isFinite(v) || Math.abs(v) > limit)
    throw new Error(`${flag} must be a number of degrees within ±${limit} (got "${value}")`)
  return v
}

/** `lookup` and `trail` (DESIGN.md command line contract). */
export function registerLookupCommands(program: Command, dbOf: () => WritableDb): void {
  program
    .command('lookup')
    .description(
      'hit-and-run lookup: cameras and windows the vehicle would pass, ranked candidate plates'
    )
    .requiredOption('--lat <deg>', 'latitude of the incident place (WGS84)')
    .requiredOption('--lng <deg>', 'longitude of the incident place (WGS84)')
    .requiredOption(
      '--from <iso>',
      'start of the window in which the vehicle was there (ISO 8601 with offset)'
    )
    .requiredOption('--to <iso>', 'end of that window')
    .option('--json', 'print one JSON object (DESIGN.md) to stdout')
    .action((o: { lat: string; lng: string; from: string; to: string; json?: boolean }) => {
      const lat = parseDegrees('--lat', o.lat, 90)
      const lng = parseDegrees('--lng', o.lng, 180)
      const fromMs = parseTime('--from', o.from)
      const toMs = parseTime('--to', o.to)
      if (toMs < fromMs) throw new Error('--to is before --from')
      const tz = isoOffsetMinutes(o.from) ?? 480
      const db = dbOf()
      try {
        const result = createHitRunService(db).lookup({ lat, lng, fromMs, toMs })
        if (o.json) {
          process.stdout.write(JSON.stringify(toLookupJson(result, tz)) + '\n')
          return
        }
        const origin = result.origin
        process.stdout.write(
          `origin: ${origin.road ?? '(no road nearby)'} (snapped ${origin.snappedM.toFixed(1)} m)\nwindows (${result.windows.length}):\n`
        )
        for (const w of result.windows)
          process.stdout.write(
            `  ${w.cameraCode.padEnd(10)} ${formatIso(w.cameraFromMs, tz)} – ${formatIso(w.cameraToMs, tz)}  ${Math.round(w.distanceM)} m, hop ${w.hops}  ${w.cameraName}\n`
          )
        process.stdout.write(`candidates (${result.candidates.length}):\n`)
        for (const [i, c] of result.candidates.slice(0, 10).entries())
          process.stdout.write(
            `  ${String(i + 1).padStart(2)}. ${c.plate.padEnd(10)} ${c.score.toFixed(3)}  ${c.sightings.length} sighting(s)\n`
          )
      } finally {
        db.close()
      }
    })

  program
    .command('trail <plate>')
    .description('all sightings of a plate (tolerating one misread character), time-ordered')
    .option('--from <iso>', 'start (ISO 8601 with offset); default: all time')
    .option('--to <iso>', 'end (ISO 8601 with offset)')
    .option('--exact', 'match the plate exactly')
    .option('--json', 'print JSON to stdout')
    .action((plate: string, o: { from?: string; to?: string; exact?: boolean; json?: boolean }) => {
      const fromMs = o.from ? parseTime('--from', o.from) : 0
      const toMs = o.to ? parseTime('--to', o.to) : 8.64e15
      const tz = (o.from ? isoOffsetMinutes(o.from) : null) ?? 480
      const db = dbOf()
      try {
        const points = createHitRunService(db).trail(plate, fromMs, toMs, !o.exact)
        if (o.json) {
          const out = points.map((p) => ({
            ...p,
            ts: formatIso(p.ts, tz),
            trueTs: formatIso(p.trueTs, tz)
          }))
          process.stdout.write(JSON.stringify({ plate, sightings: out }) + '\n')
          return
        }
        process.stdout.write(`${points.length} sighting(s) of ${plate}\n`)
        for (const p of points)
          process.stdout.write(
            `  ${formatIso(p.trueTs, tz)}  ${p.cameraCode.padEnd(10)} ${p.plate}${p.fuzzy ? ' (fuzzy)' : ''}\n`
          )
      } finally {
        db.close()
      }
    })
}
