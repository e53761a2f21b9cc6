import type { Command } from 'commander'
import { parseIsoTimestamp } from '../sightings/parser'
import { createLookupService } from '../lookup/service'
import { formatIso, toLookupJson } from '../lookup/engine'
import { lookupHints } from '../../shared/ipc/contracts/lookup'
import type { LookupHints } from '../../shared/lookup/types'
import { ATTRIBUTE_VOCABULARIES } from '../sightings/vocabulary'
import type { CliStore } from './backend'

type HintFlags = { color?: string; type?: string; brand?: string; heading?: string; plate?: string }

/** The hint flags, in the sightings' vocabulary or its Chinese words (银, SUV, 大众, 东). */
function parseHints(o: HintFlags): LookupHints {
  const word = (field: string, flag: string, raw: string | undefined): string | undefined => {
    if (raw === undefined) return undefined
    const v = ATTRIBUTE_VOCABULARIES.find((x) => x.field === field)!
    const value = v.read(raw.trim())
    if (value == null) throw new Error(`${flag} must be one of ${v.words} (got "${raw}")`)
    return value
  }
  const parsed = lookupHints.safeParse({
    color: word('vehicleColor', '--color', o.color),
    type: word('vehicleType', '--type', o.type),
    brand: word('vehicleBrand', '--brand', o.brand),
    heading: word('direction', '--heading', o.heading),
    plate: o.plate
  })
  if (!parsed.success)
    throw new Error(
      `--plate must be the characters seen with ? for the others, e.g. 浙A?3??8 (got "${o.plate}")`
    )
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined))
}

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
export function registerLookupCommands(
  program: Command,
  withStore: <T>(fn: (store: CliStore) => Promise<T>) => Promise<T>
): void {
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
    .option('--color <c>', 'hint: body colour (white, silver, … or 白, 银, …)')
    .option('--type <t>', 'hint: vehicle type (sedan, suv, … or 轿车, SUV, …)')
    .option('--brand <b>', 'hint: brand (byd, volkswagen, … or 比亚迪, 大众, …)')
    .option('--heading <N|E|S|W>', 'hint: the way it fled (N, E, S, W or 北, 东, 南, 西)')
    .option('--plate <pattern>', 'hint: the plate as seen, ? for each unknown character (浙A?3??8)')
    .option('--json', 'print one JSON object (DESIGN.md) to stdout')
    .action(
      async (
        o: HintFlags & { lat: string; lng: string; from: string; to: string; json?: boolean }
      ) => {
        const lat = parseDegrees('--lat', o.lat, 90)
        const lng = parseDegrees('--lng', o.lng, 180)
        const fromMs = parseTime('--from', o.from)
        const toMs = parseTime('--to', o.to)
        if (toMs < fromMs) throw new Error('--to is before --from')
        const hints = parseHints(o)
        const tz = isoOffsetMinutes(o.from) ?? 480
        await withStore(async (store) => {
          const query = { lat, lng, fromMs, toMs, hints }
          const result = await createLookupService(store.sql).lookup(query)
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
              `  ${String(i + 1).padStart(2)}. ${c.plate.padEnd(10)} ${c.score.toFixed(3)}  ${c.sightings.length} sighting(s)${c.hintMatches.map((m) => `  ${m.hint} ${m.verdict}${m.seen ? ` (${m.seen})` : ''}`).join('')}\n`
            )
        })
      }
    )

  program
    .command('trail <plate>')
    .description('all sightings of a plate (tolerating one misread character), time-ordered')
    .option('--from <iso>', 'start (ISO 8601 with offset); default: all time')
    .option('--to <iso>', 'end (ISO 8601 with offset)')
    .option('--exact', 'match the plate exactly')
    .option('--json', 'print JSON to stdout')
    .action(
      async (plate: string, o: { from?: string; to?: string; exact?: boolean; json?: boolean }) => {
        const fromMs = o.from ? parseTime('--from', o.from) : 0
        const toMs = o.to ? parseTime('--to', o.to) : 8.64e15
        const tz = (o.from ? isoOffsetMinutes(o.from) : null) ?? 480
        await withStore(async (store) => {
          const points = await createLookupService(store.sql).trail(plate, fromMs, toMs, !o.exact)
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
        })
      }
    )
}
