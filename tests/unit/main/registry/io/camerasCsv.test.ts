import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import type { CameraFields } from '../../../../../src/shared/domain/camera'
import {
  CAMERA_COLUMNS,
  parseCamerasCsv,
  parseCamerasCsvText,
  serializeCamerasCsv
} from '../../../../../src/main/registry/io/camerasCsv'
import { fixture, sample } from './fixtures'

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8')

function camera(over: Partial<CameraFields> = {}): CameraFields {
  return {
    code: 'C-1',
    name: '金城路口',
    lat: 30.18,
    lng: 120.26,
    headingDeg: null,
    fovDeg: null,
    anpr: false,
    streamUrl: null,
    subStreamUrl: null,
    block: null,
    community: null,
    kind: null,
    owner: null,
    notes: null,
    ...over
  }
}

/** errors as "line:column:code" for compact assertions */
function codes(r: { errors: { line: number; column: string | null; code: string }[] }): string[] {
  return r.errors.map((e) => `${e.line}:${e.column ?? '-'}:${e.code}`)
}

describe('parseCamerasCsv — encodings', () => {
  it('reads UTF-8 with columns in any order, quoted commas, multi-line notes and unknown columns', () => {
    const r = parseCamerasCsv(fixture('cameras-utf8.csv'))
    expect(r.errors).toEqual([])
    expect(r.encoding).toBe('utf-8')
    expect(r.unknownColumns).toEqual(['installer'])
    expect(r.total).toBe(3)
    expect(r.rows.map((x) => x.line)).toEqual([2, 3, 4])
    expect(r.rows[0].camera).toEqual({
      code: 'JC-0001',
      name: '金城路与育才路交叉口',
      lat: 30.1802,
      lng: 120.2611,
      headingDeg: 90,
      fovDeg: 60,
      anpr: true,
      streamUrl: 'rtsp://10.0.0.11:554/Streaming/Channels/101',
      subStreamUrl: 'rtsp://10.0.0.11:554/Streaming/Channels/102',
      block: '1',
      community: '荣星社区',
      kind: 'intersection',
      owner: 'public',
      notes: null
    })
    expect(r.rows[1].camera).toMatchObject({
      anpr: true,
      headingDeg: 180.5,
      fovDeg: null,
      owner: 'social',
      notes: '出口朝北, 夜间补光'
    })
    expect(r.rows[2].camera).toMatchObject({
      anpr: false,
      streamUrl: 'demo://carpark',
      notes: '多行\n备注'
    })
  })

  it('reads UTF-8 with BOM and CRLF', () => {
    const r = parseCamerasCsv(fixture('cameras-utf8-bom.csv'))
    expect(r.encoding).toBe('utf-8-bom')
    expect(r.errors).toEqual([])
    expect(r.unknownColumns).toEqual([])
    expect(r.rows.map((x) => [x.line, x.camera.code, x.camera.name])).toEqual([
      [2, 'BOM-1', '育才路东口'],
      [3, 'BOM-2', '育才路西口']
    ])
  })

  it('reads a GBK file written by Chinese Excel, with Chinese headers', () => {
    const r = parseCamerasCsv(fixture('cameras-gbk.csv'))
    expect(r.encoding).toBe('gbk')
    expect(r.errors).toEqual([])
    expect(r.unknownColumns).toEqual([])
    expect(r.rows.map((x) => x.camera)).toEqual([
      camera({
        code: 'GB-001',
        name: '金城路与育才路交叉口',
        lat: 30.1802,
        lng: 120.2611,
        headingDeg: 90,
        anpr: true,
        community: '荣星社区',
        notes: '东北角立杆'
      }),
      camera({
        code: 'GB-002',
        name: '世纪联华地下车库出口',
        lat: 30.1797,
        lng: 120.2625,
        headingDeg: 180,
        anpr: false,
        community: '东瑞社区',
        notes: '坡道, 夜间补光'
      })
    ])
  })

  it('reads GBK made on the fly, with an unknown Chinese column', () => {
    const buf = iconv.encode('code,name,lat,lng,安装单位\r\nX-1,金城路,30.1,120.2,海康\r\n', 'gbk')
    const r = parseCamerasCsv(buf)
    expect(r.encoding).toBe('gbk')
    expect(r.unknownColumns).toEqual(['安装单位'])
    expect(r.rows[0].camera.name).toBe('金城路')
  })

  it('parses the shared sample district without errors', () => {
    const buf = sample('cameras.csv')
    if (buf === null) return
    const r = parseCamerasCsv(buf)
    expect(r.errors).toEqual([])
    expect(r.rows).toHaveLength(50)
    expect(r.rows.filter((x) => x.camera.anpr)).toHaveLength(30)
  })
})

describe('parseCamerasCsv — bad rows', () => {
  it('reports every bad cell with line, column and a stable code', () => {
    const r = parseCamerasCsv(fixture('cameras-bad.csv'))
    expect(codes(r)).toEqual([
      '3:code:duplicate_code',
      '4:lat:out_of_range',
      '5:lng:out_of_range',
      '6:lng:invalid_number',
      '7:stream_url:invalid_url',
      '8:sub_stream_url:invalid_url',
      '9:anpr:invalid_boolean',
      '10:owner:invalid_owner',
      '11:code:required',
      '12:heading_deg:out_of_range',
      '12:fov_deg:out_of_range'
    ])
    expect(r.errorCount).toBe(11)
    expect(r.rows.map((x) => x.camera.code)).toEqual(['OK-1'])
    expect(r.total).toBe(11)
  })

  it('names the offending value in English messages', () => {
    const r = parseCamerasCsv(fixture('cameras-bad.csv'))
    const msg = (line: number): string => r.errors.find((e) => e.line === line)!.message
    expect(msg(3)).toContain('"OK-1"')
    expect(msg(3)).toContain('line 2')
    expect(msg(4)).toContain('91')
    expect(msg(6)).toContain('"120.26a"')
    expect(msg(7)).toContain('ftp://10.0.0.1/stream')
    expect(msg(9)).toContain('"maybe"')
    expect(msg(10)).toContain('"private"')
  })

  it('reports a duplicate on the later line even when the first copy was itself invalid', () => {
    const r = parseCamerasCsvText('code,name,lat,lng\nA,x,99,1\nA,y,1,1\nA,z,1,1\n')
    expect(codes(r)).toEqual([
      '2:lat:out_of_range',
      '3:code:duplicate_code',
      '4:code:duplicate_code'
    ])
    expect(r.rows).toEqual([])
  })

  it('accepts boundary coordinates and rejects just outside them', () => {
    const ok = parseCamerasCsvText('code,name,lat,lng\nA,a,90,180\nB,b,-90,-180\nC,c,0,0\n')
    expect(ok.errors).toEqual([])
    const bad = parseCamerasCsvText(
      'code,name,lat,lng\nA,a,90.0000001,0\nB,b,0,-180.0000001\nC,c,1e3,0\n'
    )
    expect(codes(bad)).toEqual(['2:lat:out_of_range', '3:lng:out_of_range', '4:lat:out_of_range'])
  })

  it('rejects numbers a spreadsheet user did not mean', () => {
    for (const v of ['0x1E', 'Infinity', 'NaN', '1,5', '30.1.2', '--1', '٣٠']) {
      const r = parseCamerasCsvText(`code,name,lat,lng\nA,a,"${v}",120\n`)
      expect(codes(r), v).toEqual(['2:lat:invalid_number'])
    }
  })

  it('accepts the stream URL schemes WatchRoom plays and rejects the rest', () => {
    const good = [
      'http://h/a.m3u8',
      'https://h:8443/x/index.m3u8',
      'rtsp://u:p@10.0.0.1:554/ch1',
      'RTSP://10.0.0.1/ch1',
      'demo://wall'
    ]
    const bad = [
      'ftp://h/x',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'http://',
      'http://h/a b',
      '//h/x',
      'h/x.m3u8',
      'rtsp:/h'
    ]
    for (const u of good)
      expect(codes(parseCamerasCsvText(`code,name,lat,lng,stream_url\nA,a,1,1,${u}\n`)), u).toEqual(
        []
      )
    for (const u of bad) {
      expect(
        codes(parseCamerasCsvText(`code,name,lat,lng,stream_url\nA,a,1,1,"${u}"\n`)),
        u
      ).toEqual(['2:stream_url:invalid_url'])
    }
  })

  it('reads anpr and owner words', () => {
    const r = parseCamerasCsvText(
      'code,name,lat,lng,anpr,owner\nA,a,1,1,TRUE,Public\nB,b,1,1,no,social\nC,c,1,1,,\nD,d,1,1,是,社会\n'
    )
    expect(r.errors).toEqual([])
    expect(r.rows.map((x) => [x.camera.anpr, x.camera.owner])).toEqual([
      [true, 'public'],
      [false, 'social'],
      [false, null],
      [true, 'social']
    ])
  })

  it('does not take Object.prototype names for words or headers', () => {
    const r = parseCamerasCsvText(
      'code,name,lat,lng,owner,toString\nA,a,1,1,constructor,x\nB,b,1,1,__proto__,y\n'
    )
    expect(codes(r)).toEqual(['2:owner:invalid_owner', '3:owner:invalid_owner'])
    expect(r.unknownColumns).toEqual(['toString'])
  })

  it('checks text length and control characters', () => {
    const r = parseCamerasCsvText(
      `code,name,lat,lng,notes\n${'X'.repeat(65)},a,1,1,\nB,"a\u0007b",1,1,\nC,c,1,1,"tab\there\nnewline ok"\n`
    )
    expect(codes(r)).toEqual(['2:code:too_long', '3:name:invalid_text'])
    expect(r.rows[0].camera.notes).toBe('tab\there\nnewline ok')
  })
})

describe('parseCamerasCsv — header and structure', () => {
  it('matches header names case-insensitively and trimmed, with aliases', () => {
    const r = parseCamerasCsvText(' Code ,NAME,Latitude,Longitude, Heading Deg ,FOV\nA,a,1,2,3,4\n')
    expect(r.errors).toEqual([])
    expect(r.rows[0].camera).toMatchObject({
      code: 'A',
      name: 'a',
      lat: 1,
      lng: 2,
      headingDeg: 3,
      fovDeg: 4
    })
  })

  it('reports missing required columns on the header line and reads no rows', () => {
    const r = parseCamerasCsvText('code,name,latitude\nA,a,1\n')
    expect(codes(r)).toEqual(['1:lng:missing_column'])
    expect(r.rows).toEqual([])
  })

  it('reports duplicated columns', () => {
    const r = parseCamerasCsvText('code,name,lat,lng,纬度\nA,a,1,2,3\n')
    expect(codes(r)).toEqual(['1:lat:duplicate_column'])
  })

  it('reports an empty file', () => {
    expect(codes(parseCamerasCsv(Buffer.alloc(0)))).toEqual(['1:-:empty_file'])
    expect(codes(parseCamerasCsvText('\n\r\n,,,\n'))).toEqual(['1:-:empty_file'])
  })

  it('skips blank and all-empty rows but keeps line numbers', () => {
    const r = parseCamerasCsvText('\ncode,name,lat,lng\n\n,,,\nA,a,1,1\r\n\r\nB,b,1,1')
    expect(r.errors).toEqual([])
    expect(r.total).toBe(2)
    expect(r.rows.map((x) => x.line)).toEqual([5, 7])
  })

  it('reports non-empty cells beyond the header, ignores trailing empty ones', () => {
    const r = parseCamerasCsvText('code,name,lat,lng\nA,a,1,1,,,\nB,b,1,1,oops\n')
    expect(codes(r)).toEqual(['3:-:extra_fields'])
  })

  it('reports a header cell without a name only when its column has data', () => {
    expect(parseCamerasCsvText('code,name,lat,lng,\nA,a,1,1,\n').unknownColumns).toEqual([])
    expect(parseCamerasCsvText('code,name,lat,lng,\nA,a,1,1,x\n').unknownColumns).toEqual([
      '(column 5)'
    ])
  })

  it('reports a quote that is never closed', () => {
    const r = parseCamerasCsvText('code,name,lat,lng\nA,a,1,1\nB,"b,1,1\nC,c,1,1\n')
    expect(codes(r)).toEqual(['3:-:malformed_csv'])
    expect(r.rows.map((x) => x.camera.code)).toEqual(['A'])
  })

  it('counts lines inside quoted cells for later rows', () => {
    const r = parseCamerasCsvText('code,name,lat,lng,notes\nA,a,1,1,"l1\r\nl2\nl3"\nB,b,1,999,\n')
    expect(codes(r)).toEqual(['5:lng:out_of_range'])
  })

  it('caps the error list but counts every error', () => {
    const body = Array.from({ length: 50 }, (_, i) => `C${i},n,100,1`).join('\n')
    const r = parseCamerasCsvText(`code,name,lat,lng\n${body}\n`, 'utf-8', { maxErrors: 10 })
    expect(r.errors).toHaveLength(10)
    expect(r.errorCount).toBe(50)
  })
})

describe('serializeCamerasCsv', () => {
  it('writes a BOM, the DESIGN column order and CRLF', () => {
    const out = serializeCamerasCsv([camera()])
    expect(
      out.startsWith(
        '\uFEFFcode,name,lat,lng,heading_deg,fov_deg,anpr,stream_url,sub_stream_url,block,community,kind,owner,notes\r\n'
      )
    ).toBe(true)
    expect(out.split('\r\n')[0].slice(1).split(',')).toEqual([...CAMERA_COLUMNS])
    expect(out.endsWith('\r\n')).toBe(true)
    expect(out.split('\r\n')[1]).toBe('C-1,金城路口,30.18,120.26,,,0,,,,,,,')
  })

  it('neutralises formula injection in text cells but not in numbers', () => {
    const cams = [
      camera({
        code: '=1+1',
        name: '+cmd',
        notes: '-2+3',
        kind: '@SUM(A1)',
        block: '\tx',
        community: '\rx',
        lat: -30.5,
        lng: -120
      }),
      camera({ code: "'=already", name: "'plain" })
    ]
    const out = serializeCamerasCsv(cams)
    const [, row1, row2] = out.split('\r\n')
    expect(row1).toBe(`'=1+1,'+cmd,-30.5,-120,,,0,,,'\tx,"'\rx",'@SUM(A1),,'-2+3`)
    expect(row2).toBe(`''=already,'plain,30.18,120.26,,,0,,,,,,,`)
    for (const line of out.split('\r\n').slice(1)) {
      for (const cell of line.split(',')) expect(cell, cell).not.toMatch(/^[=+@\t\r]/)
    }
  })

  it('round-trips, including injection-looking text, quotes, commas and newlines', () => {
    const cams = [
      camera({
        code: '=1+1',
        name: '+cmd',
        notes: '-2+3',
        kind: '@SUM(A1)',
        block: "'-x",
        lat: -30.5,
        lng: -120
      }),
      camera({
        code: 'Q"1',
        name: 'a, "b"',
        notes: 'l1\r\nl2\nl3',
        anpr: true,
        owner: 'social',
        headingDeg: 359.9,
        fovDeg: 1e-7
      }),
      camera({
        code: 'U',
        name: "'plain",
        streamUrl: 'rtsp://u:p@10.0.0.1/a?x=1,2',
        subStreamUrl: 'demo://x',
        lat: 1e-7,
        lng: -0.000123
      })
    ]
    const r = parseCamerasCsv(Buffer.from(serializeCamerasCsv(cams), 'utf8'))
    expect(r.errors).toEqual([])
    expect(r.encoding).toBe('utf-8-bom')
    expect(r.rows.map((x) => x.camera)).toEqual(cams)
  })

  it('round-trips the sample district', () => {
    const buf = sample('cameras.csv')
    if (buf === null) return
    const first = parseCamerasCsv(buf).rows.map((x) => x.camera)
    const again = parseCamerasCsv(utf8(serializeCamerasCsv(first)))
    expect(again.errors).toEqual([])
    expect(again.rows.map((x) => x.camera)).toEqual(first)
  })

  it('writes only a header for no cameras', () => {
    const out = serializeCamerasCsv([])
    expect(parseCamerasCsv(utf8(out))).toMatchObject({ rows: [], errors: [], total: 0 })
  })
})
