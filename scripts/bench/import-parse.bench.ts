// Parse throughput of the import formats: 10,000 generated cameras (cameras.csv)
// and 1,000,000 generated plate reads (sightings.csv, fed in 64 KiB chunks as a
// file stream would). Run: npx tsx scripts/bench/import-parse.bench.ts [sightingRows]
import type { CameraFields } from '../../src/shared/domain/camera'
import { parseCamerasCsv, serializeCamerasCsv } from '../../src/main/registry/io/camerasCsv'
import { parseRoadsGeoJson, serializeRoadsGeoJson } from '../../src/main/registry/io/roadsGeojson'
import type { RoadFields } from '../../src/shared/domain/road'
import { parseSightingsCsv } from '../../src/main/sightings/parser'

/** Deterministic PRNG so runs are comparable. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function rate(n: number, ms: number): string {
  return `${Math.round((n / ms) * 1000).toLocaleString('en-US')}`
}

function mbps(bytes: number, ms: number): string {
  return ((bytes / 1048576 / ms) * 1000).toFixed(1)
}

function cameras(n: number): CameraFields[] {
  const r = rng(1)
  const roads = ['金城路', '育才路', '湖头西路', '教工北路', '中山街', '桥南街']
  return Array.from({ length: n }, (_, i) => ({
    code: `BG-${String(i).padStart(5, '0')}`,
    name: `${roads[i % roads.length]}与${roads[(i + 1) % roads.length]}交叉口 ${i}`,
    lat: 30.17 + r() * 0.02,
    lng: 120.25 + r() * 0.02,
    headingDeg: Math.round(r() * 3600) / 10,
    fovDeg: 60,
    anpr: r() < 0.6,
    streamUrl: `rtsp://10.${i >> 16}.${(i >> 8) & 255}.${i & 255}:554/Streaming/Channels/101`,
    subStreamUrl: `rtsp://10.${i >> 16}.${(i >> 8) & 255}.${i & 255}:554/Streaming/Channels/102`,
    block: String(1 + (i % 5)),
    community: `社区${i % 16}`,
    kind: 'intersection',
    owner: i % 10 === 0 ? 'social' : 'public',
    notes: i % 7 === 0 ? '夜间补光, 东北角立杆' : null
  }))
}

function roads(n: number): RoadFields[] {
  const r = rng(2)
  return Array.from({ length: n }, (_, i) => ({
    externalId: `way/${100000 + i}`,
    name: `路${i}`,
    oneway: i % 3 === 0 ? 'forward' : 'no',
    speedKmh: 30 + (i % 4) * 10,
    kind: 'road',
    lines: [
      Array.from(
        { length: 2 + (i % 6) },
        () => [120.25 + r() * 0.02, 30.17 + r() * 0.02] as [number, number]
      )
    ]
  }))
}

function sightingsCsv(rows: number): Buffer {
  const r = rng(3)
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'
  const parts: string[] = ['camera_code,ts,plate,confidence\n']
  let t = Date.parse('2026-06-01T06:00:00Z')
  for (let i = 0; i < rows; i++) {
    t += Math.floor(r() * 400)
    const local = new Date(t + 8 * 3600_000).toISOString().slice(0, 23)
    let plate = '浙A'
    for (let k = 0; k < 5; k++) plate += letters[Math.floor(r() * letters.length)]
    parts.push(
      `BG-${String(Math.floor(r() * 300)).padStart(4, '0')},${local}+08:00,${plate},0.${50 + Math.floor(r() * 50)}\n`
    )
  }
  return Buffer.from(parts.join(''), 'utf8')
}

function* chunks(buf: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size)
}

async function main(): Promise<void> {
  const sightingRows = Number(process.argv[2] ?? 1_000_000)

  const camCsv = Buffer.from(serializeCamerasCsv(cameras(10_000)), 'utf8')
  parseCamerasCsv(camCsv) // warm-up
  let t0 = performance.now()
  const cam = parseCamerasCsv(camCsv)
  let ms = performance.now() - t0
  if (cam.errorCount !== 0 || cam.rows.length !== 10_000)
    throw new Error(`cameras: ${JSON.stringify(cam.errors.slice(0, 3))}`)
  console.log(
    `cameras.csv   ${cam.rows.length.toLocaleString('en-US')} rows, ${(camCsv.length / 1048576).toFixed(2)} MB: ${ms.toFixed(0)} ms, ${rate(cam.rows.length, ms)} rows/s, ${mbps(camCsv.length, ms)} MB/s`
  )

  const roadJson = serializeRoadsGeoJson(roads(10_000))
  parseRoadsGeoJson(roadJson)
  t0 = performance.now()
  const rd = parseRoadsGeoJson(roadJson)
  ms = performance.now() - t0
  if (rd.errorCount !== 0) throw new Error('roads')
  console.log(
    `roads.geojson ${rd.roads.length.toLocaleString('en-US')} features, ${(roadJson.length / 1048576).toFixed(2)} MB: ${ms.toFixed(0)} ms, ${rate(rd.roads.length, ms)} features/s`
  )

  const sight = sightingsCsv(sightingRows)
  await parseSightingsCsv(chunks(sight.subarray(0, 5_000_000), 65536), () => undefined) // warm-up
  let rows = 0
  const heapBefore = process.memoryUsage().heapUsed
  let heapPeak = heapBefore
  t0 = performance.now()
  const res = await parseSightingsCsv(chunks(sight, 65536), (b) => void (rows += b.length), {
    onProgress: () => {
      const h = process.memoryUsage().heapUsed
      if (h > heapPeak) heapPeak = h
    }
  })
  ms = performance.now() - t0
  if (res.errorCount !== 0 || rows !== sightingRows)
    throw new Error(`sightings: ${JSON.stringify(res.errors.slice(0, 3))}`)
  console.log(
    `sightings.csv ${rows.toLocaleString('en-US')} rows, ${(sight.length / 1048576).toFixed(1)} MB: ${ms.toFixed(0)} ms, ${rate(rows, ms)} rows/s, ${mbps(sight.length, ms)} MB/s (heap growth while parsing ≤ ${((heapPeak - heapBefore) / 1048576).toFixed(0)} MB; batches discarded)`
  )
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
