import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CameraFields } from '../../../../../src/shared/domain/camera'
import type { ImportRowError } from '../../../../../src/shared/domain/import'
import type { LngLat, RoadFields } from '../../../../../src/shared/domain/road'
import type { Sighting } from '../../../../../src/shared/domain/sighting'
import {
  CAMERA_TEXT_LIMITS,
  parseCamerasCsv,
  serializeCamerasCsv
} from '../../../../../src/main/registry/io/camerasCsv'
import { decodeText } from '../../../../../src/main/registry/io/encoding'
import {
  parseRoadsGeoJson,
  serializeRoadsGeoJson
} from '../../../../../src/main/registry/io/roadsGeojson'
import { parseIsoTimestamp, parseSightingsCsv } from '../../../../../src/main/sightings/parser'
import { IMPORT_ERROR_CODES, hasControlChars } from '../../../../../src/main/registry/io/validate'

const KNOWN_CODES = new Set<string>(IMPORT_ERROR_CODES)
// FC_RUNS=5000 for a longer fuzzing session
const runs = { numRuns: Number(process.env.FC_RUNS ?? 300) }

function expectTypedErrors(errors: readonly ImportRowError[]): void {
  for (const e of errors) {
    expect(KNOWN_CODES.has(e.code), e.code).toBe(true)
    expect(Number.isInteger(e.line) && e.line >= 0).toBe(true)
    expect(e.column === null || typeof e.column === 'string').toBe(true)
    expect(typeof e.message === 'string' && e.message.length > 0).toBe(true)
  }
}

/** CSV-ish text: delimiters, quotes and line breaks are far more likely than in random strings. */
const csvish = (header: string): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(',', '"', '\n', '\r\n', '\r', ' ', '', '\uFEFF', '=', '-', "'"),
        fc.constantFrom(
          '30.18',
          '120.26',
          '-1',
          '1e400',
          '0x10',
          'true',
          'maybe',
          'public',
          'http://h/x',
          'rtsp://',
          'demo://d'
        ),
        fc.constantFrom(
          '2026-06-01T14:03:10.250+08:00',
          '2026-02-30T00:00:00Z',
          '2026-06-01T14:03:10',
          '0.9',
          '浙A12345'
        ),
        fc.string({ maxLength: 6 })
      ),
      { maxLength: 60 }
    )
    .map((parts) => header + parts.join(''))

describe('parsers never throw and always answer with typed errors', () => {
  it('parseCamerasCsv on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const r = parseCamerasCsv(bytes)
        expectTypedErrors(r.errors)
        expect(r.errorCount).toBeGreaterThanOrEqual(r.errors.length)
      }),
      runs
    )
  })

  it('parseCamerasCsv on CSV-like text', () => {
    fc.assert(
      fc.property(csvish('code,name,lat,lng,anpr,owner,stream_url,heading_deg\n'), (text) => {
        const r = parseCamerasCsv(Buffer.from(text, 'utf8'))
        expectTypedErrors(r.errors)
        for (const { camera } of r.rows) {
          expect(camera.lat >= -90 && camera.lat <= 90).toBe(true)
          expect(camera.lng >= -180 && camera.lng <= 180).toBe(true)
          expect(camera.code.length).toBeGreaterThan(0)
        }
        const codes = r.rows.map((x) => x.camera.code)
        expect(new Set(codes).size).toBe(codes.length)
        // every data row is either imported or has at least one error on its line
        const rejectedLines = new Set(r.errors.filter((e) => e.line > 1).map((e) => e.line))
        expect(r.rows.length + rejectedLines.size).toBe(r.total)
      }),
      runs
    )
  })

  it('parseRoadsGeoJson on arbitrary strings and JSON values', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v))
        ),
        (text) => {
          const r = parseRoadsGeoJson(text)
          expectTypedErrors(r.errors)
        }
      ),
      runs
    )
  })

  it('parseRoadsGeoJson on feature-shaped junk', () => {
    const junk = fc.oneof(fc.constant(null), fc.anything({ maxDepth: 3 }))
    const position = fc.oneof(fc.tuple(fc.double(), fc.double()), junk)
    const geometry = fc.oneof(
      fc.record({
        type: fc.constantFrom('LineString', 'MultiLineString', 'Point', 'Polygon', 'x'),
        coordinates: fc.oneof(
          fc.array(position, { maxLength: 4 }),
          fc.array(fc.array(position, { maxLength: 3 }), { maxLength: 3 }),
          junk
        )
      }),
      junk
    )
    const props = fc.oneof(
      fc.record(
        {
          id: junk,
          name: fc.oneof(fc.string(), junk),
          oneway: fc.oneof(fc.constantFrom('yes', 'no', '-1', true, false), junk),
          speed_kmh: junk,
          maxspeed: fc.oneof(fc.string(), junk),
          highway: fc.oneof(fc.constantFrom('primary', 'footway'), junk),
          kind: junk,
          tags: junk,
          other_tags: fc.oneof(fc.string(), junk)
        },
        { requiredKeys: [] }
      ),
      junk
    )
    const feature = fc.oneof(
      fc.record({
        type: fc.constantFrom('Feature', 'feature'),
        id: junk,
        properties: props,
        geometry
      }),
      junk
    )
    fc.assert(
      fc.property(fc.array(feature, { maxLength: 6 }), (features) => {
        const r = parseRoadsGeoJson(JSON.stringify({ type: 'FeatureCollection', features }))
        expectTypedErrors(r.errors)
        for (const road of r.roads) {
          expect(road.lines.length).toBeGreaterThan(0)
          for (const l of road.lines) expect(l.length).toBeGreaterThanOrEqual(2)
          expect(road.speedKmh).toBeGreaterThan(0)
        }
      }),
      runs
    )
  })

  it('parseSightingsCsv on arbitrary byte chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 5 }),
        async (chunks) => {
          let rows = 0
          const r = await parseSightingsCsv(chunks, (b) => void (rows += b.length))
          expectTypedErrors(r.errors)
          expect(r.accepted).toBe(rows)
          expect(r.accepted + r.rejected).toBe(r.total)
        }
      ),
      runs
    )
  })

  it('parseSightingsCsv gives the same answer for any chunking of CSV-like text', async () => {
    await fc.assert(
      fc.asyncProperty(
        csvish('camera_code,ts,plate,confidence\n'),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (text, cuts) => {
          const bytes = Buffer.from(text, 'utf8')
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
          const chunks: Buffer[] = []
          let prev = 0
          for (const p of [...points, bytes.length]) {
            chunks.push(bytes.subarray(prev, p))
            prev = p
          }
          const one: Sighting[] = []
          const many: Sighting[] = []
          const a = await parseSightingsCsv([bytes], (b) => void one.push(...b))
          const b = await parseSightingsCsv(chunks, (x) => void many.push(...x), { batchSize: 3 })
          expectTypedErrors(a.errors)
          expect(
            a.accepted + new Set(a.errors.filter((e) => e.line > 1).map((e) => e.line)).size
          ).toBe(a.total)
          expect(many).toEqual(one)
          expect(b.errors).toEqual(a.errors)
          for (const s of one) expect(Number.isFinite(s.ts)).toBe(true)
        }
      ),
      runs
    )
  })

  it('decodeText never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(typeof decodeText(bytes).text).toBe('string')
      }),
      runs
    )
  })
})

// ---------------------------------------------------------------------------
// Round trips

/** Text a user could type: trimmed, no control characters, valid Unicode (plus CSV/formula trouble-makers). */
const cleanText = (max: number, multiline = false): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.string({ unit: 'grapheme', maxLength: Math.min(max, 30) }),
      fc
        .array(
          fc.constantFrom(
            '=',
            '+',
            '-',
            '@',
            "'",
            ',',
            '"',
            ' ',
            'a',
            '路',
            '\t',
            '\n',
            '\r\n',
            '\uFFFD'
          ),
          { maxLength: 12 }
        )
        .map((a) => a.join(''))
    )
    .filter(
      (s) => s.length > 0 && s.length <= max && s.trim() === s && !hasControlChars(s, multiline)
    )

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null })
const noNegZero = (n: number): number => (n === 0 ? 0 : n)

const streamUrl = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom(
    'rtsp://admin:pw@10.0.0.1:554/Streaming/Channels/101',
    'demo://wall-1',
    'https://h/a,b.m3u8?x="1"'
  )
)

const cameraArb: fc.Arbitrary<CameraFields> = fc.record({
  code: cleanText(CAMERA_TEXT_LIMITS.code),
  name: cleanText(CAMERA_TEXT_LIMITS.name),
  lat: fc.double({ min: -90, max: 90, noNaN: true }).map(noNegZero),
  lng: fc.double({ min: -180, max: 180, noNaN: true }).map(noNegZero),
  headingDeg: optional(fc.double({ min: 0, max: 360, noNaN: true }).map(noNegZero)),
  fovDeg: optional(fc.double({ min: 0, max: 360, noNaN: true, minExcluded: true })),
  anpr: fc.boolean(),
  streamUrl: optional(streamUrl),
  subStreamUrl: optional(streamUrl),
  block: optional(cleanText(CAMERA_TEXT_LIMITS.block)),
  community: optional(cleanText(CAMERA_TEXT_LIMITS.community)),
  kind: optional(cleanText(CAMERA_TEXT_LIMITS.kind)),
  owner: fc.constantFrom(null, 'public' as const, 'social' as const),
  notes: optional(cleanText(CAMERA_TEXT_LIMITS.notes, true))
})

const position: fc.Arbitrary<LngLat> = fc.tuple(
  fc.double({ min: -180, max: 180, noNaN: true }).map(noNegZero),
  fc.double({ min: -90, max: 90, noNaN: true }).map(noNegZero)
)

const roadArb: fc.Arbitrary<RoadFields> = fc.record({
  externalId: cleanText(200),
  name: cleanText(200),
  oneway: fc.constantFrom('no' as const, 'forward' as const, 'backward' as const),
  speedKmh: fc.double({ min: 0, max: 250, noNaN: true, minExcluded: true }),
  kind: optional(cleanText(50)),
  lines: fc.array(fc.array(position, { minLength: 2, maxLength: 5 }), {
    minLength: 1,
    maxLength: 3
  })
})

describe('serialize → parse round-trips', () => {
  it('cameras.csv', () => {
    fc.assert(
      fc.property(fc.uniqueArray(cameraArb, { selector: (c) => c.code, maxLength: 8 }), (cams) => {
        const r = parseCamerasCsv(Buffer.from(serializeCamerasCsv(cams), 'utf8'))
        expect(r.errors).toEqual([])
        expect(r.rows.map((x) => x.camera)).toEqual(cams)
      }),
      runs
    )
  })

  it('roads.geojson', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(roadArb, { selector: (r) => r.externalId, maxLength: 6 }),
        (roads) => {
          const r = parseRoadsGeoJson(serializeRoadsGeoJson(roads))
          expect(r.errors).toEqual([])
          expect(r.skipped).toEqual([])
          expect(r.roads).toEqual(roads)
        }
      ),
      runs
    )
  })

  it('ISO timestamps with any offset agree with Date', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-02T00:00:00Z'),
          max: new Date('9999-12-30T00:00:00Z'),
          noInvalidDate: true
        }),
        fc.integer({ min: -18 * 60, max: 18 * 60 }),
        fc.constantFrom(0, 1, 2, 3),
        (date, offsetMin, fracDigits) => {
          const local = new Date(date.getTime() + offsetMin * 60_000).toISOString()
          const sign = offsetMin < 0 ? '-' : '+'
          const abs = Math.abs(offsetMin)
          const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
          const base = local.slice(0, 19)
          const frac = fracDigits === 0 ? '' : local.slice(19, 20 + fracDigits)
          const text = base + frac + (offsetMin === 0 && fracDigits % 2 === 0 ? 'Z' : off)
          const truncated = Date.parse(
            date.toISOString().slice(0, 19) +
              (fracDigits === 0 ? '' : date.toISOString().slice(19, 20 + fracDigits)) +
              'Z'
          )
          expect(parseIsoTimestamp(text), text).toBe(truncated)
        }
      ),
      runs
    )
  })
})
