import { describe, expect, it } from 'vitest'
import iconv from 'iconv-lite'
import { createTestDb } from '../../../helpers/db'
import { fixture } from './io/fixtures'
import { ApiError } from '../../../../src/shared/ipc/errors'
import type { ImportSummary } from '../../../../src/shared/domain/import'
import { getCameraByCode, listCameras } from '../../../../src/main/cameras/repository'
import { listRoads } from '../../../../src/main/roads/repository'
import { listAudit, verifyAuditChain } from '../../../../src/main/audit/repository'
import {
  bulkEditCameras,
  createCamera,
  createGroup,
  exportRegistry,
  importCamerasAudited,
  importRoadsAudited,
  removeCameras,
  restoreCameras,
  updateCamera
} from '../../../../src/main/registry/service'
import {
  findCameraReferences,
  listBlocks,
  listCommunities,
  listGroups,
  listStatusHistory
} from '../../../../src/main/registry/repository'
import { parseCamerasCsv } from '../../../../src/main/registry/io/camerasCsv'

const ctx = { actor: 'tech', now: 1_780_000_000_000 }
const opts = (fileName = 'f.csv') => ({ dryRun: false, actor: 'tech', now: ctx.now, fileName })

function rejected(fn: () => unknown): ImportSummary {
  try {
    fn()
  } catch (err) {
    if (err instanceof ApiError && err.code === 'import_rejected')
      return err.details as ImportSummary
    throw err
  }
  throw new Error('expected import_rejected')
}

const csv = (s: string) => Buffer.from(s, 'utf8')

describe('camera import into the database', () => {
  it('reads UTF-8, UTF-8 with BOM and GBK (detected) and stores the same Chinese names', () => {
    const db = createTestDb()
    const utf8 = importCamerasAudited(db, fixture('cameras-utf8.csv'), opts())
    expect(utf8.encoding).toBe('utf-8')
    const bom = importCamerasAudited(db, fixture('cameras-utf8-bom.csv'), opts())
    expect(bom.encoding).toBe('utf-8-bom')
    const gbk = importCamerasAudited(db, fixture('cameras-gbk.csv'), opts())
    expect(gbk.encoding).toBe('gbk')
    expect(getCameraByCode(db, 'JC-0001')?.name).toBe('金城路与育才路交叉口')
    expect(getCameraByCode(db, 'BOM-1')?.name).toBe('育才路东口')
    expect(getCameraByCode(db, 'GB-001')).toMatchObject({
      name: '金城路与育才路交叉口',
      community: '荣星社区',
      anpr: true,
      headingDeg: 90
    })
    expect(getCameraByCode(db, 'GB-002')?.notes).toBe('坡道, 夜间补光')
    // a GBK file written by code, not a fixture: same names
    const made = iconv.encode(
      'code,name,lat,lng,community\nGK-1,大润发商圈东门,30.18,120.26,东瑞社区\n',
      'gbk'
    )
    importCamerasAudited(db, made, opts())
    expect(getCameraByCode(db, 'GK-1')).toMatchObject({
      name: '大润发商圈东门',
      community: '东瑞社区'
    })
  })

  it('names blocks and communities from imported cameras', () => {
    const db = createTestDb()
    importCamerasAudited(db, fixture('cameras-utf8.csv'), opts())
    expect(listBlocks(db).map((b) => b.name)).toEqual(['1', '2'])
    const communities = listCommunities(db)
    expect(communities.map((c) => c.name).sort()).toEqual(['东瑞社区', '荣星社区'])
    expect(communities.map((c) => [c.name, c.cameraCount, c.blockId !== null])).toEqual([
      ['东瑞社区', 2, true],
      ['荣星社区', 1, true]
    ])
  })

  it('refuses duplicate codes within one file, naming both lines, and writes nothing', () => {
    const db = createTestDb()
    const s = rejected(() =>
      importCamerasAudited(
        db,
        csv('code,name,lat,lng\nA-1,一,30.1,120.2\nA-2,二,30.1,120.2\nA-1,三,30.1,120.2\n'),
        opts()
      )
    )
    expect(s.errors).toHaveLength(1)
    expect(s.errors[0]).toMatchObject({ line: 4, column: 'code', code: 'duplicate_code' })
    expect(s.errors[0]?.message).toContain('line 2')
    expect(listCameras(db)).toHaveLength(0)
    expect(listAudit(db, { limit: 10 })).toHaveLength(0)
  })

  it('updates a code already in the database instead of duplicating it (re-import), and audits the old values', () => {
    const db = createTestDb()
    const first = importCamerasAudited(
      db,
      csv('code,name,lat,lng\nA-1,一号,30.1,120.2\nA-2,二号,30.1,120.2\n'),
      opts('v1.csv')
    )
    expect(first).toMatchObject({ added: 2, updated: 0 })
    const preview = importCamerasAudited(
      db,
      csv('code,name,lat,lng\nA-1,一号（改）,30.2,120.3\nA-3,三号,30.1,120.2\n'),
      { ...opts('v2.csv'), dryRun: true }
    )
    expect(preview).toMatchObject({ added: 1, updated: 1, rejected: 0 })
    expect(listCameras(db)).toHaveLength(2)
    const second = importCamerasAudited(
      db,
      csv('code,name,lat,lng\nA-1,一号（改）,30.2,120.3\nA-3,三号,30.1,120.2\n'),
      opts('v2.csv')
    )
    expect(second).toMatchObject({ added: 1, updated: 1 })
    expect(listCameras(db).map((c) => c.code)).toEqual(['A-1', 'A-2', 'A-3'])
    expect(getCameraByCode(db, 'A-1')).toMatchObject({
      name: '一号（改）',
      lat: 30.2,
      updatedBy: 'tech'
    })
    const audit = listAudit(db, { action: 'registry.import.cameras', limit: 5 })
    expect(audit[0]?.before).toEqual([
      expect.objectContaining({ code: 'A-1', name: '一号', lat: 30.1 })
    ])
    expect(audit[0]?.after).toMatchObject({ fileName: 'v2.csv', added: 1, updated: 1 })
    // the same file again: nothing new, nothing rewritten
    expect(
      importCamerasAudited(
        db,
        csv('code,name,lat,lng\nA-1,一号（改）,30.2,120.3\nA-3,三号,30.1,120.2\n'),
        opts()
      )
    ).toMatchObject({ added: 0, updated: 0, unchanged: 2 })
    expect(listCameras(db)).toHaveLength(3)
  })

  it('refuses out-of-range coordinates and bad URLs with line, column and reason', () => {
    const db = createTestDb()
    const s = rejected(() => importCamerasAudited(db, fixture('cameras-bad.csv'), opts()))
    const at = (code: string) =>
      s.errors.filter((e) => e.line === s.errors.find((x) => x.message.includes(code))?.line)
    expect(s.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 4, column: 'lat', code: 'out_of_range' }),
        expect.objectContaining({ line: 5, column: 'lng', code: 'out_of_range' }),
        expect.objectContaining({ line: 7, column: 'stream_url', code: 'invalid_url' }),
        expect.objectContaining({ line: 8, column: 'sub_stream_url', code: 'invalid_url' }),
        expect.objectContaining({ line: 3, column: 'code', code: 'duplicate_code' })
      ])
    )
    expect(at('ftp://')).toHaveLength(1)
    expect(listCameras(db)).toHaveLength(0)
  })

  it('an import that re-activates an archived code brings it back', () => {
    const db = createTestDb()
    importCamerasAudited(db, csv('code,name,lat,lng\nA-1,一号,30.1,120.2\n'), opts())
    const id = getCameraByCode(db, 'A-1')!.id
    removeCameras(db, [id], 'archive', ctx)
    expect(listCameras(db)).toHaveLength(0)
    importCamerasAudited(db, csv('code,name,lat,lng\nA-1,一号,30.1,120.2\n'), opts())
    expect(listCameras(db).map((c) => c.code)).toEqual(['A-1'])
  })
})

describe('roads import', () => {
  it('imports an OpenStreetMap export (maxspeed, oneway=yes/-1) and updates by id on re-import', () => {
    const db = createTestDb()
    const s = importRoadsAudited(db, fixture('roads-osm.geojson'), opts('osm.geojson'))
    expect(s.rejected).toBe(0)
    const roads = listRoads(db)
    const jincheng = roads.find((r) => r.name === '金城路')
    expect(jincheng).toMatchObject({ oneway: 'forward', speedKmh: 60 })
    expect(roads.some((r) => r.oneway === 'backward' && Math.abs(r.speedKmh - 48.28) < 0.1)).toBe(
      true
    )
    const again = importRoadsAudited(db, fixture('roads-osm.geojson'), opts('osm.geojson'))
    expect(again).toMatchObject({ added: 0, updated: s.added })
    expect(listRoads(db)).toHaveLength(roads.length)
    expect(listAudit(db, { action: 'registry.import.roads', limit: 5 })).toHaveLength(2)
  })
})

describe('editing', () => {
  const seed = () => {
    const db = createTestDb()
    importCamerasAudited(
      db,
      csv(
        'code,name,lat,lng,block,community\nA-1,金城路东,30.1,120.2,1,荣星社区\nA-2,育才路西,30.1,120.2,2,东瑞社区\nA-3,大润发门口,30.1,120.2,2,东瑞社区\n'
      ),
      opts()
    )
    const id = (code: string) => getCameraByCode(db, code)!.id
    return { db, id }
  }

  it('updates fields with before/after in the audit trail and refuses stale copies', () => {
    const { db, id } = seed()
    const cam = getCameraByCode(db, 'A-1')!
    const later = { actor: 'tech2', now: ctx.now + 1000 }
    const after = updateCamera(
      db,
      cam.id,
      { lat: 30.15, headingDeg: 45, fovDeg: 90 },
      cam.updatedAt,
      later
    )
    expect(after).toMatchObject({ lat: 30.15, headingDeg: 45, fovDeg: 90, updatedBy: 'tech2' })
    const row = listAudit(db, { action: 'camera.update', limit: 1 })[0]
    expect(row).toMatchObject({
      actor: 'tech2',
      entityId: 'A-1',
      before: { lat: 30.1, headingDeg: null, fovDeg: null },
      after: { lat: 30.15, headingDeg: 45, fovDeg: 90 }
    })
    expect(() => updateCamera(db, cam.id, { name: 'x' }, cam.updatedAt, later)).toThrow(
      expect.objectContaining({ code: 'conflict' })
    )
    expect(() => updateCamera(db, id('A-2'), { lat: 91 }, undefined, later)).toThrow(
      expect.objectContaining({ code: 'invalid_input' })
    )
    expect(() => updateCamera(db, id('A-2'), { streamUrl: 'ftp://x/y' }, undefined, later)).toThrow(
      expect.objectContaining({ code: 'invalid_input' })
    )
    expect(() => updateCamera(db, 9999, { name: 'x' }, undefined, later)).toThrow(
      expect.objectContaining({ code: 'not_found' })
    )
    expect(verifyAuditChain(db).ok).toBe(true)
  })

  it('creates cameras by hand and refuses a code in use', () => {
    const { db } = seed()
    const base = {
      name: '新点位',
      lat: 30.1,
      lng: 120.2,
      headingDeg: null,
      fovDeg: null,
      anpr: false,
      streamUrl: null,
      subStreamUrl: null,
      block: '3',
      community: '新社区',
      kind: null,
      owner: null,
      notes: null
    }
    const cam = createCamera(db, 'N-1', base, ctx)
    expect(cam).toMatchObject({ code: 'N-1', createdBy: 'tech' })
    expect(listBlocks(db).map((b) => b.name)).toContain('3')
    expect(() => createCamera(db, 'N-1', base, ctx)).toThrow(
      expect.objectContaining({ code: 'conflict' })
    )
  })

  it('bulk-edits block, community, status and groups in one go', () => {
    const { db, id } = seed()
    const g = createGroup(db, '金城路沿线', null, ctx)
    const r = bulkEditCameras(
      db,
      [id('A-1'), id('A-2')],
      { block: '5', community: '金城社区', status: 'offline', addToGroups: [g.id] },
      ctx
    )
    expect(r.updated).toBe(2)
    expect(getCameraByCode(db, 'A-2')).toMatchObject({
      block: '5',
      community: '金城社区',
      status: 'offline'
    })
    expect(listGroups(db)[0]?.cameraIds).toEqual([id('A-1'), id('A-2')])
    expect(listStatusHistory(db, id('A-1'), 10)).toEqual([
      expect.objectContaining({ status: 'offline', previous: 'unknown' })
    ])
    expect(listAudit(db, { action: 'camera.bulkEdit', limit: 10 })).toHaveLength(2)
    bulkEditCameras(db, [id('A-1')], { removeFromGroups: [g.id] }, ctx)
    expect(listGroups(db)[0]?.cameraIds).toEqual([id('A-2')])
    expect(() => bulkEditCameras(db, [id('A-1')], { addToGroups: [999] }, ctx)).toThrow(
      expect.objectContaining({ code: 'not_found' })
    )
    expect(() => createGroup(db, '金城路沿线', null, ctx)).toThrow(
      expect.objectContaining({ code: 'conflict' })
    )
  })
})

describe('archive instead of delete', () => {
  it('archives a camera referenced by sightings (camera_code) even when asked to delete, and deletes an unreferenced one', () => {
    const db = createTestDb()
    importCamerasAudited(
      db,
      csv('code,name,lat,lng\nR-1,有过车,30.1,120.2\nF-1,无引用,30.1,120.2\n'),
      opts()
    )
    const r1 = getCameraByCode(db, 'R-1')!
    const f1 = getCameraByCode(db, 'F-1')!
    db.prepare("INSERT INTO sightings (camera_code, ts, plate) VALUES ('R-1', 1, '浙A12345')").run()
    expect(findCameraReferences(db, r1)).toEqual({ sightings: 1 })
    expect(findCameraReferences(db, f1)).toEqual({})
    const res = removeCameras(db, [r1.id, f1.id], 'delete', ctx)
    expect(res).toEqual({ deleted: [f1.id], archived: [r1.id] })
    expect(getCameraByCode(db, 'R-1')).toMatchObject({ archived: true })
    expect(getCameraByCode(db, 'F-1')).toBeUndefined()
    expect(listCameras(db)).toHaveLength(0)
    expect(listCameras(db, { includeArchived: true }).map((c) => c.code)).toEqual(['R-1'])
    expect(listAudit(db, { limit: 5 }).map((a) => a.action)).toEqual(
      expect.arrayContaining(['camera.archive', 'camera.delete'])
    )
    expect(restoreCameras(db, [r1.id], ctx)).toEqual({ restored: 1 })
    expect(listCameras(db).map((c) => c.code)).toEqual(['R-1'])
  })

  it('finds references in tables other features add later (incidents, recordings), by camera_id or camera_code', () => {
    const db = createTestDb()
    importCamerasAudited(
      db,
      csv('code,name,lat,lng\nI-1,事件点位,30.1,120.2\nV-1,录像点位,30.1,120.2\n'),
      opts()
    )
    const i1 = getCameraByCode(db, 'I-1')!
    const v1 = getCameraByCode(db, 'V-1')!
    db.exec(`CREATE TABLE x_incident_links (incident_id INTEGER, camera_id INTEGER) STRICT;
             CREATE TABLE x_recording_refs (id INTEGER PRIMARY KEY, camera_code TEXT, start_ms INTEGER) STRICT;`)
    db.prepare('INSERT INTO x_incident_links VALUES (7, ?)').run(i1.id)
    db.prepare(
      "INSERT INTO x_recording_refs (camera_code, start_ms) VALUES ('V-1', 0), ('V-1', 1)"
    ).run()
    expect(findCameraReferences(db, i1)).toEqual({ x_incident_links: 1 })
    expect(findCameraReferences(db, v1)).toEqual({ x_recording_refs: 2 })
    expect(removeCameras(db, [i1.id, v1.id], 'delete', ctx)).toEqual({
      deleted: [],
      archived: [i1.id, v1.id]
    })
  })

  it('archive mode keeps even an unreferenced camera', () => {
    const db = createTestDb()
    importCamerasAudited(db, csv('code,name,lat,lng\nF-1,无引用,30.1,120.2\n'), opts())
    const id = getCameraByCode(db, 'F-1')!.id
    expect(removeCameras(db, [id], 'archive', ctx)).toEqual({ deleted: [], archived: [id] })
  })
})

describe('export', () => {
  it('neutralises spreadsheet formulas in exported CSV and round-trips the values', () => {
    const db = createTestDb()
    importCamerasAudited(
      db,
      csv(
        'code,name,lat,lng,notes\nX-1,"=HYPERLINK(""http://evil"")",30.1,120.2,+1 call\nX-2,@SUM(A1),30.1,120.2,-2\n'
      ),
      opts()
    )
    const out = exportRegistry(db, 'cameras-csv', ctx)
    expect(out.fileName).toMatch(/^cameras-\d{4}-\d{2}-\d{2}\.csv$/)
    const lines = out.content.split('\r\n')
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`)
    expect(lines[1]).toContain("'+1 call")
    expect(lines[2]).toContain("'@SUM(A1)")
    expect(lines[2]).toContain("'-2")
    for (const cell of lines.slice(1).flatMap((l) => l.split(',')))
      expect(cell).not.toMatch(/^[=+\-@]/)
    const back = parseCamerasCsv(Buffer.from(out.content, 'utf8'))
    expect(back.rows.map((r) => [r.camera.name, r.camera.notes])).toEqual([
      ['=HYPERLINK("http://evil")', '+1 call'],
      ['@SUM(A1)', '-2']
    ])
    expect(listAudit(db, { action: 'registry.export', limit: 1 })[0]).toMatchObject({
      actor: 'tech',
      after: { what: 'cameras-csv', count: 2 }
    })
  })

  it('exports roads and cameras as GeoJSON', () => {
    const db = createTestDb()
    importRoadsAudited(db, fixture('roads-osm.geojson'), opts())
    importCamerasAudited(db, fixture('cameras-utf8.csv'), opts())
    const roads = JSON.parse(exportRegistry(db, 'roads-geojson', ctx).content) as {
      features: { properties: { name: string } }[]
    }
    expect(roads.features.map((f) => f.properties.name)).toContain('金城路')
    const cams = JSON.parse(exportRegistry(db, 'cameras-geojson', ctx).content) as {
      features: { geometry: { coordinates: number[] } }[]
    }
    expect(cams.features[0]?.geometry.coordinates).toEqual([120.2611, 30.1802])
  })
})
