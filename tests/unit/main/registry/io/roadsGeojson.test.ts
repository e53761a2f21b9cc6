import { describe, expect, it } from 'vitest'
import type { CameraFields } from '../../../../../src/shared/domain/camera'
import type { RoadFields } from '../../../../../src/shared/domain/road'
import {
  parseMaxspeed,
  parseRoadsGeoJson,
  serializeCamerasGeoJson,
  serializeRoadsGeoJson
} from '../../../../../src/main/registry/io/roadsGeojson'
import { fixture, fixtureText, sample } from './fixtures'

function codes(r: { errors: { line: number; column: string | null; code: string }[] }): string[] {
  return r.errors.map((e) => `${e.line}:${e.column ?? '-'}:${e.code}`)
}

function fc(...features: unknown[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features })
}

function line(
  properties: Record<string, unknown>,
  coordinates: unknown = [
    [120.26, 30.18],
    [120.261, 30.181]
  ]
): unknown {
  return { type: 'Feature', properties, geometry: { type: 'LineString', coordinates } }
}

describe('parseRoadsGeoJson — WatchRoom format', () => {
  it('parses the shared sample district', () => {
    const buf = sample('roads.geojson')
    if (buf === null) return
    const r = parseRoadsGeoJson(buf)
    expect(r.errors).toEqual([])
    expect(r.roads).toHaveLength(160)
    expect(r.skipped).toEqual([])
    expect(r.unknownProperties).toEqual(['lanes', 'sumo_edges'])
    expect(r.roads[0]).toEqual({
      externalId: 'R0001',
      name: '东瑞小区地下车库出口',
      oneway: 'forward',
      speedKmh: 20,
      kind: 'parking',
      lines: [
        [
          [120.2617836, 30.1801719],
          [120.261772, 30.1805797]
        ]
      ]
    })
  })

  it('reads oneway in every spelling', () => {
    const cases: [unknown, string][] = [
      [true, 'forward'],
      [false, 'no'],
      ['yes', 'forward'],
      ['YES', 'forward'],
      ['no', 'no'],
      ['-1', 'backward'],
      [-1, 'backward'],
      ['1', 'forward'],
      [1, 'forward'],
      [0, 'no'],
      ['true', 'forward'],
      ['false', 'no'],
      ['reversible', 'no'],
      ['alternating', 'no'],
      [null, 'no'],
      [undefined, 'no']
    ]
    for (const [v, want] of cases) {
      const r = parseRoadsGeoJson(fc(line({ name: 'a', oneway: v })))
      expect(r.errors, String(v)).toEqual([])
      expect(r.roads[0].oneway, String(v)).toBe(want)
    }
    const bad = parseRoadsGeoJson(
      fc(line({ name: 'a', oneway: 'sometimes' }), line({ name: 'b', oneway: { a: 1 } }))
    )
    expect(codes(bad)).toEqual(['1:oneway:invalid_oneway', '2:oneway:invalid_oneway'])
    expect(bad.errors[0].message).toContain('"sometimes"')
  })

  it('reads speed_kmh strictly', () => {
    const r = parseRoadsGeoJson(
      fc(
        line({ name: 'a', speed_kmh: 40 }),
        line({ name: 'b', speed_kmh: '25.5' }),
        line({ name: 'c' })
      )
    )
    expect(r.roads.map((x) => x.speedKmh)).toEqual([40, 25.5, 30])
    const bad = parseRoadsGeoJson(
      fc(
        line({ name: 'a', speed_kmh: 'fast' }),
        line({ name: 'b', speed_kmh: 0 }),
        line({ name: 'c', speed_kmh: 900 }),
        line({ name: 'd', speed_kmh: [] })
      )
    )
    expect(codes(bad)).toEqual([
      '1:speed_kmh:invalid_number',
      '2:speed_kmh:out_of_range',
      '3:speed_kmh:out_of_range',
      '4:speed_kmh:invalid_number'
    ])
  })

  it('generates ids R{index} that never collide with explicit ones', () => {
    const r = parseRoadsGeoJson(
      fc(line({ name: 'a' }), line({ name: 'b', id: 'R1' }), line({ name: 'c', id: 7 }))
    )
    expect(r.errors).toEqual([])
    expect(r.roads.map((x) => x.externalId)).toEqual(['R1_2', 'R1', '7'])
  })

  it('uses feature.id when properties have no id', () => {
    const f = {
      type: 'Feature',
      id: 'X-9',
      properties: { name: 'a' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [1, 2],
          [3, 4]
        ]
      }
    }
    expect(parseRoadsGeoJson(fc(f)).roads[0].externalId).toBe('X-9')
  })

  it('accepts a single Feature and a BOM', () => {
    const r = parseRoadsGeoJson('\uFEFF' + JSON.stringify(line({ name: 'a' })))
    expect(r.errors).toEqual([])
    expect(r.roads).toHaveLength(1)
  })

  it('reads MultiLineString parts and drops elevation', () => {
    const f = {
      type: 'Feature',
      properties: { name: 'm' },
      geometry: {
        type: 'MultiLineString',
        coordinates: [
          [
            [1, 2, 30],
            [3, 4, 31]
          ],
          [
            [3, 4],
            [5, 6]
          ]
        ]
      }
    }
    expect(parseRoadsGeoJson(fc(f)).roads[0].lines).toEqual([
      [
        [1, 2],
        [3, 4]
      ],
      [
        [3, 4],
        [5, 6]
      ]
    ])
  })
})

describe('parseRoadsGeoJson — OpenStreetMap exports', () => {
  const r = parseRoadsGeoJson(fixture('roads-osm.geojson'))

  it('imports the roads of an overpass-turbo export without errors', () => {
    expect(r.errors).toEqual([])
    expect(r.total).toBe(8)
    expect(r.roads.map((x) => [x.externalId, x.name, x.oneway, x.speedKmh, x.kind])).toEqual([
      ['way/186574301', '金城路', 'forward', 60, 'road'],
      ['way/186574302', '育才路', 'backward', 48.3, 'road'],
      ['way/402118877', 'X123', 'no', 50, 'road'],
      ['way/402118878', 'service', 'no', 20, 'parking'],
      ['way/402118879', '东湖环岛', 'forward', 40, 'road']
    ])
    expect(r.roads[3].lines).toEqual([
      [
        [120.2625001, 30.1797012],
        [120.262531, 30.180199]
      ]
    ])
  })

  it('skips points, polygons and route relations with a reason', () => {
    expect(r.skipped).toEqual([
      { index: 6, id: 'node/5524311001', reason: 'Point geometry is not a road line' },
      { index: 7, id: 'way/402118900', reason: 'Polygon geometry is not a road line' },
      { index: 8, id: 'relation/9912345', reason: 'an OSM route relation is not a road' }
    ])
  })

  it('reports unused OSM tags as unknown properties', () => {
    expect(r.unknownProperties).toEqual(['access', 'lanes', 'name:en', 'surface'])
  })

  it('skips lines that are not roads for vehicles', () => {
    const out = parseRoadsGeoJson(
      fc(
        line({ highway: 'footway', name: 'a' }),
        line({ waterway: 'river', name: '钱塘江' }),
        line({ railway: 'rail' }),
        line({ highway: 'residential' })
      )
    )
    expect(out.errors).toEqual([])
    expect(out.skipped.map((s) => s.reason)).toEqual([
      'highway=footway is not for vehicles',
      'waterway=river is not a road',
      'railway=rail is not a road'
    ])
    expect(out.roads.map((x) => x.name)).toEqual(['residential'])
  })

  it('reads osmtogeojson nested tags and GDAL other_tags', () => {
    const nested = {
      type: 'Feature',
      id: 'way/1',
      properties: {
        type: 'way',
        id: 1,
        tags: { highway: 'primary', name: '金城路', oneway: 'yes', maxspeed: '50' }
      },
      geometry: {
        type: 'LineString',
        coordinates: [
          [1, 2],
          [3, 4]
        ]
      }
    }
    const gdal = line({
      osm_id: '22',
      name: '育才路',
      highway: 'secondary',
      other_tags: '"maxspeed"=>"40","oneway"=>"-1","surface"=>"asphalt"'
    })
    const out = parseRoadsGeoJson(fc(nested, gdal))
    expect(out.errors).toEqual([])
    expect(out.roads.map((x) => [x.externalId, x.name, x.oneway, x.speedKmh])).toEqual([
      ['1', '金城路', 'forward', 50],
      ['22', '育才路', 'backward', 40]
    ])
  })

  it('does not take Object.prototype names for OSM words', () => {
    const out = parseRoadsGeoJson(
      '{"type":"FeatureCollection","features":[' +
        '{"type":"Feature","properties":{"name":"a","highway":"constructor","maxspeed":"toString"},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}},' +
        '{"type":"Feature","properties":{"name":"b","oneway":"constructor"},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}},' +
        '{"type":"Feature","properties":{"__proto__":{"highway":"footway"},"name":"c"},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}]}'
    )
    expect(codes(out)).toEqual(['2:oneway:invalid_oneway'])
    expect(out.roads.map((x) => [x.name, x.speedKmh])).toEqual([
      ['a', 30],
      ['c', 30]
    ])
    expect(out.unknownProperties).toEqual(['__proto__'])
  })

  it('implies oneway for roundabouts and motorways', () => {
    const out = parseRoadsGeoJson(
      fc(
        line({ highway: 'motorway', name: 'G60' }),
        line({ highway: 'primary', junction: 'roundabout', name: 'r', oneway: 'no' })
      )
    )
    expect(out.roads.map((x) => x.oneway)).toEqual(['forward', 'no'])
  })
})

describe('parseMaxspeed', () => {
  it('reads numbers, units, lists and zones', () => {
    expect(parseMaxspeed('50')).toBe(50)
    expect(parseMaxspeed(50)).toBe(50)
    expect(parseMaxspeed('30 mph')).toBe(48.3)
    expect(parseMaxspeed('50 km/h')).toBe(50)
    expect(parseMaxspeed('50;30')).toBe(50)
    expect(parseMaxspeed('RU:urban')).toBe(50)
    expect(parseMaxspeed('DE:rural')).toBe(90)
    expect(parseMaxspeed('DE:zone30')).toBe(30)
    expect(parseMaxspeed('DE:zone:20')).toBe(20)
    expect(parseMaxspeed('walk')).toBe(5)
  })

  it('gives null for what it cannot read, so the highway default applies', () => {
    for (const v of [
      'none',
      'signals',
      'variable',
      '',
      'fast',
      '0',
      '-5',
      null,
      undefined,
      {},
      'XX:unknown'
    ]) {
      expect(parseMaxspeed(v), JSON.stringify(v)).toBeNull()
    }
    const r = parseRoadsGeoJson(
      fc(
        line({ highway: 'primary', maxspeed: 'none', name: 'a' }),
        line({ highway: 'weird', maxspeed: 'signals', name: 'b' })
      )
    )
    expect(r.roads.map((x) => x.speedKmh)).toEqual([60, 30])
  })
})

describe('parseRoadsGeoJson — bad input', () => {
  it('reports every bad feature with index, column and code', () => {
    const r = parseRoadsGeoJson(fixtureText('roads-bad.geojson'))
    expect(codes(r)).toEqual([
      '2:id:duplicate_id',
      '3:geometry:invalid_geometry',
      '4:geometry:out_of_range',
      '5:speed_kmh:invalid_number',
      '6:oneway:invalid_oneway',
      '7:name:required',
      '8:geometry:invalid_geometry',
      '9:geometry:invalid_geometry',
      '9:speed_kmh:out_of_range',
      '10:-:invalid_feature'
    ])
    expect(r.roads.map((x) => x.externalId)).toEqual(['A1'])
    expect(r.errors[2].message).toContain('[30.18, 120.26]')
  })

  it('refuses an id or kind that is too long or holds control characters', () => {
    const r = parseRoadsGeoJson(
      fc(
        line({ id: 'x'.repeat(201), name: 'A' }),
        line({ id: 'B\u0007', name: 'B' }),
        line({ id: 'C', name: 'C', kind: 'k'.repeat(51) }),
        line({ id: 'D', name: 'D', kind: 'a\u0000b' }),
        line({ id: 'y'.repeat(200), name: 'E', kind: 'k'.repeat(50) })
      )
    )
    expect(codes(r)).toEqual([
      '1:id:invalid_value',
      '2:id:invalid_value',
      '3:kind:invalid_text',
      '4:kind:invalid_text'
    ])
    expect(r.errors[0].message).toMatch(/^Id "x+\.\.\. is too long or contains control characters$/)
    expect(r.errors[2].message).toMatch(/^kind .* is too long or contains control characters$/)
    expect(r.roads.map((x) => x.name)).toEqual(['E'])
  })

  it('reports files that are not GeoJSON at line 0', () => {
    expect(codes(parseRoadsGeoJson('not json'))).toEqual(['0:-:invalid_json'])
    expect(codes(parseRoadsGeoJson('[]'))).toEqual(['0:-:invalid_geojson'])
    expect(codes(parseRoadsGeoJson('{"type":"Topology"}'))).toEqual(['0:-:invalid_geojson'])
    expect(codes(parseRoadsGeoJson('null'))).toEqual(['0:-:invalid_geojson'])
    expect(codes(parseRoadsGeoJson(''))).toEqual(['0:-:invalid_json'])
  })

  it('skips features without geometry and reports broken geometry objects', () => {
    const r = parseRoadsGeoJson(
      fc(
        { type: 'Feature', properties: { name: 'a' }, geometry: null },
        { type: 'Feature', properties: {}, geometry: 'x' },
        { type: 'Point' }
      )
    )
    expect(r.skipped).toEqual([{ index: 1, id: null, reason: 'no geometry' }])
    expect(codes(r)).toEqual(['2:geometry:invalid_geometry', '3:-:invalid_feature'])
  })
})

describe('serializeRoadsGeoJson', () => {
  const roads: RoadFields[] = [
    {
      externalId: 'R1',
      name: '金城路',
      oneway: 'forward',
      speedKmh: 50,
      kind: 'road',
      lines: [
        [
          [120.26, 30.18],
          [120.261, 30.181]
        ]
      ]
    },
    {
      externalId: '42',
      name: '育才路',
      oneway: 'backward',
      speedKmh: 32.5,
      kind: null,
      lines: [
        [
          [1, 2],
          [3, 4]
        ],
        [
          [3, 4],
          [5, 6],
          [7, 8]
        ]
      ]
    },
    {
      externalId: 'way/9',
      name: '"quoted" \\ name',
      oneway: 'no',
      speedKmh: 20,
      kind: 'parking',
      lines: [
        [
          [-179.9, -89.9],
          [180, 90]
        ]
      ]
    }
  ]

  it('round-trips through the parser', () => {
    const r = parseRoadsGeoJson(serializeRoadsGeoJson(roads))
    expect(r.errors).toEqual([])
    expect(r.unknownProperties).toEqual([])
    expect(r.roads).toEqual(roads)
  })

  it('writes oneway as a boolean, or "-1" against the vertex order', () => {
    const doc = JSON.parse(serializeRoadsGeoJson(roads)) as {
      features: { properties: { oneway: unknown }; geometry: { type: string } }[]
    }
    expect(doc.features.map((f) => f.properties.oneway)).toEqual([true, '-1', false])
    expect(doc.features.map((f) => f.geometry.type)).toEqual([
      'LineString',
      'MultiLineString',
      'LineString'
    ])
  })

  it('round-trips the sample district', () => {
    const buf = sample('roads.geojson')
    if (buf === null) return
    const first = parseRoadsGeoJson(buf).roads
    expect(parseRoadsGeoJson(serializeRoadsGeoJson(first)).roads).toEqual(first)
  })
})

describe('serializeCamerasGeoJson', () => {
  it('writes Point features with [lng, lat]', () => {
    const cam: CameraFields = {
      code: 'C1',
      name: 'n',
      lat: 30.18,
      lng: 120.26,
      headingDeg: 90,
      fovDeg: null,
      anpr: true,
      streamUrl: null,
      subStreamUrl: null,
      block: '1',
      community: null,
      kind: null,
      owner: 'public',
      notes: null
    }
    const doc = JSON.parse(serializeCamerasGeoJson([cam])) as {
      type: string
      features: { id: string; geometry: unknown; properties: Record<string, unknown> }[]
    }
    expect(doc.type).toBe('FeatureCollection')
    expect(doc.features[0].id).toBe('C1')
    expect(doc.features[0].geometry).toEqual({ type: 'Point', coordinates: [120.26, 30.18] })
    expect(doc.features[0].properties).toMatchObject({
      code: 'C1',
      heading_deg: 90,
      anpr: true,
      owner: 'public'
    })
    // every cameras.csv column but the coordinates, in the CSV's order
    expect(Object.keys(doc.features[0].properties)).toEqual([
      'code',
      'name',
      'heading_deg',
      'fov_deg',
      'anpr',
      'stream_url',
      'sub_stream_url',
      'block',
      'community',
      'kind',
      'owner',
      'notes'
    ])
    expect(JSON.parse(serializeCamerasGeoJson([]))).toEqual({
      type: 'FeatureCollection',
      features: []
    })
  })
})
