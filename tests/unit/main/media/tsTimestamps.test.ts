import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeMedia, runFfmpeg } from '../../../../src/main/media/ffmpeg'
import {
  countPayloadPackets,
  findAvcCodecString,
  PTS_MODULO,
  readPcrBase,
  readPesTimestamp,
  readTsTimestamps,
  shiftTsTimestamps,
  TS_PACKET_SIZE,
  writePcrBase,
  writePesTimestamp
} from '../../../../src/main/media/hls/tsTimestamps'

let dir = ''
let segment: Buffer

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wr-ts-'))
  const file = join(dir, 'in.ts')
  await runFfmpeg(
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=160x90:rate=10:duration=2',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-profile:v',
      'baseline',
      '-pix_fmt',
      'yuv420p',
      '-g',
      '10',
      '-f',
      'mpegts',
      file
    ],
    {}
  )
  segment = await readFile(file)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function continuityByPid(buf: Buffer): Map<number, number[]> {
  const out = new Map<number, number[]>()
  for (let i = 0; i + TS_PACKET_SIZE <= buf.length; i += TS_PACKET_SIZE) {
    const pid = ((buf[i + 1] & 0x1f) << 8) | buf[i + 2]
    if ((buf[i + 3] & 0x10) === 0) continue
    const list = out.get(pid) ?? []
    list.push(buf[i + 3] & 0x0f)
    out.set(pid, list)
  }
  return out
}

describe('timestamp field codecs', () => {
  it('round-trips PES timestamps and PCR bases across the 33-bit range', () => {
    const buf = new Uint8Array(6)
    for (const v of [0, 1, 126000, 2 ** 30 - 1, 2 ** 30, 2 ** 32 + 12345, PTS_MODULO - 1]) {
      buf[0] = 0x21
      writePesTimestamp(buf, 0, v)
      expect(readPesTimestamp(buf, 0)).toBe(v)
      expect(buf[0] & 0xf0).toBe(0x20)
      expect(buf[4] & 1).toBe(1)
      writePcrBase(buf, 0, v)
      expect(readPcrBase(buf, 0)).toBe(v)
    }
    writePesTimestamp(buf, 0, PTS_MODULO + 5)
    expect(readPesTimestamp(buf, 0)).toBe(5)
    writePesTimestamp(buf, 0, -1)
    expect(readPesTimestamp(buf, 0)).toBe(PTS_MODULO - 1)
  })
})

describe('shiftTsTimestamps on real ffmpeg output', () => {
  it('reads the timestamps ffmpeg wrote', () => {
    const s = readTsTimestamps(segment)
    expect(s.firstPts).toBe(126000)
    expect(s.maxPts! - s.minPts!).toBe(19 * 9000)
    expect(s.firstPcr).toBeLessThanOrEqual(s.firstPts!)
    expect(findAvcCodecString(segment)).toMatch(/^avc1\.42c0/)
  })

  it('moves PTS/DTS/PCR and ffmpeg sees the new start time', async () => {
    const offset = 3 * 90000 * 1000 + 45000
    const out = shiftTsTimestamps(segment, { offset })
    expect(out).not.toBe(segment)
    expect(readTsTimestamps(segment).firstPts).toBe(126000)
    const before = readTsTimestamps(segment)
    const after = readTsTimestamps(out)
    expect(after.firstPts).toBe(before.firstPts! + offset)
    expect(after.maxPts).toBe(before.maxPts! + offset)
    expect(after.firstPcr).toBe(before.firstPcr! + offset)
    const file = join(dir, 'shifted.ts')
    await writeFile(file, out)
    const probed = await probeMedia(file)
    expect(probed.startSec).toBeCloseTo((126000 + offset) / 90000, 3)
    expect(probed.durationSec).toBeCloseTo(2, 1)
    // Every frame still decodes.
    const decoded = await runFfmpeg(['-hide_banner', '-i', file, '-f', 'null', '-'], {})
    expect(decoded.stderr).toMatch(/frame=\s*20\b/)
  })

  it('wraps modulo 2^33 and ffmpeg still decodes across the wrap', async () => {
    const offset = PTS_MODULO - 126000 - 9000 * 5
    const out = shiftTsTimestamps(segment, { offset })
    const s = readTsTimestamps(out)
    expect(s.firstPts).toBe(PTS_MODULO - 9000 * 5)
    expect(s.minPts).toBe(0)
    const file = join(dir, 'wrapped.ts')
    await writeFile(file, out)
    const decoded = await runFfmpeg(['-hide_banner', '-i', file, '-f', 'null', '-'], {})
    expect(decoded.stderr).toMatch(/frame=\s*20\b/)
  })

  it('shifts continuity counters per PID so a replay continues the previous one', () => {
    const counts = countPayloadPackets(segment)
    expect(counts.get(0)).toBeGreaterThan(0)
    const offsets = new Map([...counts].map(([pid, n]) => [pid, n % 16]))
    const second = shiftTsTimestamps(segment, { offset: 0, continuityOffsets: offsets })
    const a = continuityByPid(segment)
    const b = continuityByPid(second)
    for (const [pid, ccs] of a) {
      const next = b.get(pid)!
      expect((ccs.at(-1)! + 1) % 16, `pid ${pid}`).toBe(next[0])
      for (let i = 1; i < next.length; i++) expect(next[i]).toBe((next[i - 1] + 1) % 16)
    }
  })

  it('leaves packets without a sync byte and truncated tails alone', () => {
    const broken = Buffer.concat([segment.subarray(0, TS_PACKET_SIZE * 3), Buffer.from([1, 2, 3])])
    broken[TS_PACKET_SIZE] = 0x00
    const out = shiftTsTimestamps(broken, { offset: 90000 })
    expect(out.subarray(TS_PACKET_SIZE, TS_PACKET_SIZE * 2)).toEqual(
      broken.subarray(TS_PACKET_SIZE, TS_PACKET_SIZE * 2)
    )
    expect(out.subarray(-3)).toEqual(Buffer.from([1, 2, 3]))
  })
})
