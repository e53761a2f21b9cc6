import { Readable } from 'node:stream'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import type { Sighting } from '../../../../../src/shared/domain/sighting'
import {
  MAX_RECORD_CHARS,
  parseIsoTimestamp,
  parseIsoTimestampRange,
  parseSightingsCsv
} from '../../../../../src/main/sightings/parser'
import type {
  SightingsParseOptions,
  SightingsParseResult
} from '../../../../../src/main/sightings/parser'
import { fixture, sample } from './fixtures'

async function parseAll(
  chunks: (Uint8Array | string)[],
  opts: SightingsParseOptions = {}
): Promise<{ rows: Sighting[]; result: SightingsParseResult }> {
  const rows: Sighting[] = []
  const result = await parseSightingsCsv(chunks, (b) => void rows.push(...b), opts)
  return { rows, result }
}

function codes(r: { errors: { line: number; column: string | null; code: string }[] }): string[] {
  return r.errors.map((e) => `${e.line}:${e.column ?? '-'}:${e.code}`)
}

describe('parseIsoTimestamp', () => {
  it('reads offsets, Z and optional fractions', () => {
    const cases: [string, string][] = [
      ['2026-06-01T14:03:10.250+08:00', '2026-06-01T06:03:10.250Z'],
      ['2026-06-01T14:03:10+08:00', '2026-06-01T06:03:10.000Z'],
      ['2026-06-01T06:03:10Z', '2026-06-01T06:03:10.000Z'],
      ['2026-06-01t06:03:10z', '2026-06-01T06:03:10.000Z'],
      ['2026-06-01 14:03:10+0800', '2026-06-01T06:03:10.000Z'],
      ['2026-06-01T14:03:10+08', '2026-06-01T06:03:10.000Z'],
      ['2026-06-01T14:03:10.5-03:30', '2026-06-01T17:33:10.500Z'],
      ['2026-06-01T14:03:10.25Z', '2026-06-01T14:03:10.250Z'],
      ['2026-06-01T14:03:10.123456789Z', '2026-06-01T14:03:10.123Z'],
      ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
      ['2000-02-29T23:59:59.999+00:00', '2000-02-29T23:59:59.999Z'],
      ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
      ['1969-12-31T23:59:59.999Z', '1969-12-31T23:59:59.999Z'],
      ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
      ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
      ['2026-01-01T00:30:00+14:00', '2025-12-31T10:30:00.000Z']
    ]
    for (const [s, iso] of cases) expect(parseIsoTimestamp(s), s).toBe(Date.parse(iso))
  })

  it('rejects times without an offset, impossible dates and loose formats', () => {
    const bad = [
      '',
      '2026-06-01T14:03:10',
      '2026-06-01T14:03:10.250',
      '2026-06-01T14:03+08:00',
      '2026-06-01',
      '2026-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-00-01T00:00:00Z',
      '2026-06-00T00:00:00Z',
      '2026-06-01T24:00:00Z',
      '2026-06-01T23:60:00Z',
      '2026-06-01T23:59:60Z',
      '2026-06-01T14:03:10.Z',
      '2026-06-01T14:03:10.1234567890Z',
      '2026-06-01T14:03:10+19:00',
      '2026-06-01T14:03:10+08:60',
      '2026-06-01T14:03:10+8:00',
      '2026-06-01T14:03:10+08:0',
      '2026-06-01T14:03:10 +08:00',
      '2026-06-01T14:03:10Z ',
      '2026-06-01T14:03:10ZZ',
      '2026/06/01T14:03:10Z',
      '26-06-01T14:03:10Z',
      '+2026-06-01T14:03:10Z',
      '2026-06-01X14:03:10Z',
      '2026-6-1T14:03:10Z',
      '２０２６-06-01T14:03:10Z',
      '1780000000000'
    ]
    for (const s of bad) expect(parseIsoTimestamp(s), s).toBeNull()
  })

  it('parses a range inside a longer string without reading past its end', () => {
    const s = 'X,2026-06-01T14:03:10Z,Y'
    expect(parseIsoTimestampRange(s, 2, 22)).toBe(Date.parse('2026-06-01T14:03:10Z'))
    expect(parseIsoTimestampRange(s, 2, 21)).toBeNaN()
    expect(parseIsoTimestampRange('2026-06-01T14:03:10+08:00', 0, 23)).toBeNaN()
  })
})

describe('parseSightingsCsv', () => {
  it('parses the sample district with its attributes', async () => {
    const buf = sample('sightings.csv')
    expect(buf).not.toBeNull()
    if (buf === null) return
    const { rows, result } = await parseAll([buf])
    expect(result).toMatchObject({
      total: 12205,
      accepted: 12205,
      rejected: 0,
      errorCount: 0,
      encoding: 'utf-8',
      bytes: buf.length
    })
    expect(rows[0]).toEqual({
      cameraCode: 'BG-0022',
      ts: Date.parse('2026-06-01T06:00:11.583Z'),
      plate: '浙A01199',
      confidence: 0.93,
      direction: 'N',
      plateColor: 'green',
      vehicleColor: 'white',
      vehicleType: 'mpv'
    })
  })

  it('reports bad rows with line, column and code, and passes only good rows', async () => {
    const { rows, result } = await parseAll([fixture('sightings-bad.csv')])
    expect(codes(result)).toEqual([
      '4:ts:invalid_timestamp',
      '5:ts:invalid_timestamp',
      '6:camera_code:required',
      '7:plate:required',
      '8:confidence:out_of_range',
      '9:confidence:invalid_number'
    ])
    expect(result).toMatchObject({ total: 9, accepted: 3, rejected: 6, errorCount: 6 })
    expect(rows).toEqual([
      {
        cameraCode: 'BG-0001',
        ts: Date.parse('2026-06-01T06:03:10.250Z'),
        plate: '浙A12345',
        confidence: 0.91
      },
      {
        cameraCode: 'BG-0001',
        ts: Date.parse('2026-06-01T06:03:11Z'),
        plate: '浙A12346',
        confidence: null
      },
      {
        cameraCode: 'BG-0004',
        ts: Date.parse('2026-06-01T14:03:17.500Z'),
        plate: '浙A 12352',
        confidence: 0.75
      }
    ])
    expect(result.errors[0].message).toContain('"2026-06-01T14:03:12"')
    expect(result.errors[4].message).toContain('1.5')
  })

  it('reads local times in the room zone, compact or separated, and refuses overlong codes and plates', async () => {
    const text =
      'camera_code,ts,plate\n' +
      'K-1,20260601140310,A1\n' +
      'K-1,20260601140310.25,A2\n' +
      'K-1,2026/06/01 14:03:10.5,A3\n' +
      'K-1,2026-06-01T14:03:10,A4\n' +
      'K-1,20260230140310,A5\n' +
      'K-1,2026-06-01 24:03:10,A6\n' +
      `${'C'.repeat(65)},2026-06-01 14:03:10,A7\n` +
      `K-1,2026-06-01 14:03:10,${'P'.repeat(33)}\n` +
      `${'C'.repeat(64)},2026-06-01 14:03:10,${'P'.repeat(32)}\n`
    const { rows, result } = await parseAll([text], { timeZone: 'Asia/Shanghai' })
    expect(codes(result)).toEqual([
      '6:ts:invalid_timestamp',
      '7:ts:invalid_timestamp',
      '8:camera_code:too_long',
      '9:plate:too_long'
    ])
    expect(result.errors[2].message).toContain('is longer than 64 characters')
    expect(result.errors[3].message).toContain('is longer than 32 characters')
    expect(rows.map((r) => [r.plate.slice(0, 2), new Date(r.ts).toISOString()])).toEqual([
      ['A1', '2026-06-01T06:03:10.000Z'],
      ['A2', '2026-06-01T06:03:10.250Z'],
      ['A3', '2026-06-01T06:03:10.500Z'],
      ['A4', '2026-06-01T06:03:10.000Z'],
      ['PP', '2026-06-01T06:03:10.000Z']
    ])
  })

  it('gives the same result however the bytes are split into chunks', async () => {
    const buf = fixture('sightings-bad.csv')
    const whole = await parseAll([buf])
    for (let cut = 1; cut < buf.length; cut++) {
      const split = await parseAll([buf.subarray(0, cut), buf.subarray(cut)])
      expect(split.rows, `cut at ${cut}`).toEqual(whole.rows)
      expect(split.result.errors, `cut at ${cut}`).toEqual(whole.result.errors)
    }
    const bytewise = await parseAll(Array.from(buf, (b) => Uint8Array.of(b)))
    expect(bytewise.rows).toEqual(whole.rows)
  })

  it('reads any column order, aliases and unknown columns', async () => {
    const { rows, result } = await parseAll([
      'Plate,置信度,Time,lane,camera\n浙B1,0.5,2026-06-01T00:00:00Z,2,C1\n'
    ])
    expect(result.errors).toEqual([])
    expect(result.unknownColumns).toEqual(['lane'])
    expect(rows).toEqual([
      { cameraCode: 'C1', ts: Date.parse('2026-06-01T00:00:00Z'), plate: '浙B1', confidence: 0.5 }
    ])
  })

  it('reads GBK, UTF-8 BOM and CRLF streams', async () => {
    const text = 'camera_code,ts,plate\r\nC1,2026-06-01T00:00:00+08:00,浙A00001\r\n'
    const gbk = await parseAll([iconv.encode(text, 'gbk')])
    expect(gbk.result.encoding).toBe('gbk')
    expect(gbk.rows.map((r) => r.plate)).toEqual(['浙A00001'])
    const bom = await parseAll([
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])
    ])
    expect(bom.result.encoding).toBe('utf-8-bom')
    expect(bom.rows.map((r) => r.cameraCode)).toEqual(['C1'])
    const str = await parseAll(['\uFEFF' + text])
    expect(str.rows.map((r) => r.cameraCode)).toEqual(['C1'])
  })

  it('reads a Node Readable and reports progress in bytes', async () => {
    const lines = ['camera_code,ts,plate,confidence']
    for (let i = 0; i < 5000; i++)
      lines.push(
        `C${i % 7},2026-06-01T00:00:${String(i % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}+08:00,浙A${i},0.${i % 10}`
      )
    const buf = Buffer.from(lines.join('\n') + '\n')
    const progress: number[] = []
    const batches: number[] = []
    const result = await parseSightingsCsv(
      Readable.from([
        buf.subarray(0, 70_000),
        buf.subarray(70_000, 150_000),
        buf.subarray(150_000)
      ]),
      (b) => void batches.push(b.length),
      {
        batchSize: 2000,
        onProgress: (bytes) => progress.push(bytes)
      }
    )
    expect(result).toMatchObject({ total: 5000, accepted: 5000, errorCount: 0, bytes: buf.length })
    expect(batches).toEqual([2000, 2000, 1000])
    expect(progress.at(-1)).toBe(buf.length)
    expect([...progress].sort((a, b) => a - b)).toEqual(progress)
  })

  it('hands over batches while parsing one huge chunk, bytes or text', async () => {
    const text = 'camera_code,ts,plate\n' + 'C,2026-06-01T00:00:00+08:00,浙A12345\n'.repeat(100_000)
    for (const input of [Buffer.from(text), text]) {
      const progress: number[] = []
      let rows = 0
      const result = await parseSightingsCsv([input], (b) => void (rows += b.length), {
        onProgress: (bytes) => progress.push(bytes)
      })
      expect(result).toMatchObject({
        accepted: 100_000,
        errorCount: 0,
        bytes: Buffer.byteLength(text)
      })
      expect(rows).toBe(100_000)
      expect(progress.length).toBeGreaterThan(3)
    }
  })

  it('awaits an async onBatch before reading on', async () => {
    const log: string[] = []
    const text = 'camera_code,ts,plate\n' + 'C,2026-06-01T00:00:00Z,P\n'.repeat(5)
    await parseSightingsCsv(
      (async function* () {
        yield text.slice(0, 60) // the header and one row
        await Promise.resolve()
        log.push('chunk2')
        yield text.slice(60)
      })(),
      async (b) => {
        await new Promise((r) => setTimeout(r, 5))
        log.push(`batch${b.length}`)
      },
      { batchSize: 1 }
    )
    expect(log[0]).toBe('batch1')
    expect(log.indexOf('chunk2')).toBe(1)
    expect(log.filter((x) => x.startsWith('batch'))).toHaveLength(5)
  })

  it('caps the error list but counts every error', async () => {
    const text = 'camera_code,ts,plate\n' + 'C,not a time,P\n'.repeat(3000)
    const { result } = await parseAll([text])
    expect(result.errors).toHaveLength(1000)
    expect(result.errorCount).toBe(3000)
    expect(result.rejected).toBe(3000)
    expect(result.errors.at(-1)!.line).toBe(1001)
  })

  it('stops at a header without required columns', async () => {
    const { rows, result } = await parseAll(['camera_code,plate\nC,P\n'])
    expect(codes(result)).toEqual(['1:ts:missing_column'])
    expect(rows).toEqual([])
    expect(codes((await parseAll([''])).result)).toEqual(['1:-:empty_file'])
    expect(codes((await parseAll(['camera_code,ts,ts,plate\n'])).result)).toEqual([
      '1:ts:duplicate_column'
    ])
  })

  it('handles quoted cells, quoted line breaks and extra cells', async () => {
    const text =
      'camera_code,ts,plate\n"C,1","2026-06-01T00:00:00Z","P""1"\n"C2",2026-06-01T00:00:00Z,"P\n2"\nC3,2026-06-01T00:00:00Z,P3,extra\nC4,2026-06-01T00:00:00Z,P4,,\n'
    const { rows, result } = await parseAll([text])
    expect(codes(result)).toEqual(['3:plate:invalid_text', '5:-:extra_fields'])
    expect(rows.map((r) => [r.cameraCode, r.plate])).toEqual([
      ['C,1', 'P"1'],
      ['C4', 'P4']
    ])
  })

  it('skips blank lines and reports an unclosed quote', async () => {
    const { rows, result } = await parseAll([
      'camera_code,ts,plate\n\n,,\nC,2026-06-01T00:00:00Z,P\n"C2,2026-06-01T00:00:00Z,P\n'
    ])
    expect(rows).toHaveLength(1)
    expect(codes(result)).toEqual(['5:-:malformed_csv'])
    expect(result.total).toBe(2)
  })

  it('survives a line longer than the record limit', async () => {
    const head = 'camera_code,ts,plate\n'
    const chunks = [
      head,
      'x'.repeat(MAX_RECORD_CHARS / 2),
      'x'.repeat(MAX_RECORD_CHARS),
      'y\nC,2026-06-01T00:00:00Z,P\n'
    ]
    const { rows, result } = await parseAll(chunks)
    expect(codes(result)).toEqual(['2:-:malformed_csv'])
    expect(rows.map((r) => r.cameraCode)).toEqual(['C'])
  })

  it('reports bytes that are invalid in the detected encoding', async () => {
    const good = Buffer.from(
      'camera_code,ts,plate\n' + 'C,2026-06-01T00:00:00Z,浙A1\n'.repeat(3000)
    )
    // the encoding is chosen from the first 64 KiB; the bad bytes come later
    const tail = Buffer.concat([
      Buffer.from('C,2026-06-01T00:00:00Z,'),
      Buffer.from([0xd5, 0xe3]),
      Buffer.from('A1\n')
    ])
    const { rows, result } = await parseAll([good, tail])
    expect(result.encoding).toBe('utf-8')
    expect(rows).toHaveLength(3000)
    expect(codes(result)).toEqual(['3002:plate:invalid_encoding'])
  })

  it('rejects when aborted', async () => {
    const ac = new AbortController()
    ac.abort(new Error('stop'))
    await expect(parseAll(['camera_code,ts,plate\n'], { signal: ac.signal })).rejects.toThrow(
      'stop'
    )
  })
})

describe('parseSightingsCsv — line endings and odd words', () => {
  it('reads classic Mac files (CR only), also split inside a line break', async () => {
    const text =
      'camera_code,ts,plate\rC1,2026-06-01T00:00:00Z,P1\rC2,2026-06-01T00:00:01Z,P2\r\rC3,x,P3\r'
    const whole = await parseAll([text])
    expect(whole.rows.map((r) => r.cameraCode)).toEqual(['C1', 'C2'])
    expect(codes(whole.result)).toEqual(['5:ts:invalid_timestamp'])
    for (let cut = 1; cut < text.length; cut++) {
      const split = await parseAll([text.slice(0, cut), text.slice(cut)])
      expect(split.rows, `cut ${cut}`).toEqual(whole.rows)
      expect(split.result.errors, `cut ${cut}`).toEqual(whole.result.errors)
    }
  })

  it('gives CRLF split between chunks the same line numbers', async () => {
    const text = 'camera_code,ts,plate\r\nC1,2026-06-01T00:00:00Z,P1\r\nC2,bad,P2\r\n'
    for (let cut = 1; cut < text.length; cut++) {
      const split = await parseAll([text.slice(0, cut), text.slice(cut)])
      expect(codes(split.result), `cut ${cut}`).toEqual(['3:ts:invalid_timestamp'])
      expect(split.rows.map((r) => r.plate)).toEqual(['P1'])
    }
  })

  it('does not take Object.prototype names for header aliases', async () => {
    const { result } = await parseAll([
      'constructor,camera_code,ts,plate,__proto__\nx,C,2026-06-01T00:00:00Z,P,y\n'
    ])
    expect(result.errors).toEqual([])
    expect(result.unknownColumns).toEqual(['constructor', '__proto__'])
  })
})
