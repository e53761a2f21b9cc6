import { describe, expect, it } from 'vitest'
import iconv from 'iconv-lite'
import { describeBackends } from '../../../helpers/backends'
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

async function rejected(fn: () => Promise<unknown>): Promise<ImportSummary> {
  try {
    await fn()
  } catch (err) {
    if (err instanceof ApiError && err.code === 'import_rejected')
      return err.details as ImportSummary
    throw err
  }
  throw new Error('expected import_rejected')
}

const csv = (s: string) => Buffer.from(s, 'utf8')

describeBackends('registry service', (b) => {
  describe('camera import into the database', () => {
    it('reads UTF-8, UTF-8 with BOM and GBK (detected) and stores the same Chinese names', async () => {
      const sql = b.sql()
      const utf8 = await importCamerasAudited(sql, fixture('cameras-utf8.csv'), opts())
      expect(utf8.encoding).toBe('utf-8')
      const bom = await importCamerasAudited(sql, fixture('cameras-utf8-bom.csv'), opts())
      expect(bom.encoding).toBe('utf-8-bom')
      const gbk = await importCamerasAudited(sql, fixture('cameras-gbk.csv'), opts())
      expect(gbk.encoding).toBe('gbk')
      expect((await getCameraByCode(sql, 'JC-0001'))?.name).toBe('金城路与育才路交叉口')
      expect((await getCameraByCode(sql, 'BOM-1'))?.name).toBe('育才路东口')
      expect(await getCameraByCode(sql, 'GB-001')).toMatchObject({
        name: '金城路与育才路交叉口',
        community: '荣星社区',
        anpr: true,
        headingDeg: 90
      })
      expect((await getCameraByCode(sql, 'GB-002'))?.notes).toBe('坡道, 夜间补光')
      // a GBK file written by code, not a fixture: same names
      const made = iconv.encode(
        'code,name,lat,lng,community\nGK-1,大润发商圈东门,30.18,120.26,东瑞社区\n',
        'gbk'
      )
      await importCamerasAudited(sql, made, opts())
      expect(await getCameraByCode(sql, 'GK-1')).toMatchObject({
        name: '大润发商圈东门',
        community: '东瑞社区'
      })
    })

    it('names blocks and communities from imported cameras', async () => {
      const sql = b.sql()
      await importCamerasAudited(sql, fixture('cameras-utf8.csv'), opts())
      expect((await listBlocks(sql)).map((b) => b.name)).toEqual(['1', '2'])
      const communities = await listCommunities(sql)
      expect(communities.map((c) => c.name).sort()).toEqual(['东瑞社区', '荣星社区'])
      expect(communities.map((c) => [c.name, c.cameraCount, c.blockId !== null])).toEqual([
        ['东瑞社区', 2, true],
        ['荣星社区', 1, true]
      ])
    })

    it('refuses duplicate codes within one file, naming both lines, and writes nothing', async () => {
      const sql = b.sql()
      const s = await rejected(() =>
        importCamerasAudited(
          sql,
          csv('code,name,lat,lng\nA-1,一,30.1,120.2\nA-2,二,30.1,120.2\nA-1,三,30.1,120.2\n'),
          opts()
        )
      )
      expect(s.errors).toHaveLength(1)
      expect(s.errors[0]).toMatchObject({ line: 4, column: 'code', code: 'duplicate_code' })
      expect(s.errors[0]?.message).toContain('line 2')
      expect(await listCameras(sql)).toHaveLength(0)
      expect(await listAudit(sql, { limit: 10 })).toHaveLength(0)
    })

    it('updates a code already in the database instead of duplicating it (re-import), and audits the old values', async () => {
      const sql = b.sql()
      const first = await importCamerasAudited(
        sql,
        csv('code,name,lat,lng\nA-1,一号,30.1,120.2\nA-2,二号,30.1,120.2\n'),
        opts('v1.csv')
      )
      expect(first).toMatchObject({ added: 2, updated: 0 })
      const preview = await importCamerasAudited(
        sql,
        csv('code,name,lat,lng\nA-1,一号（改）,30.2,120.3\nA-3,三号,30.1,120.2\n'),
        { ...opts('v2.csv'), dryRun: true }
      )
      expect(preview).toMatchObject({ added: 1, updated: 1, rejected: 0 })
      expect(await listCameras(sql)).toHaveLength(2)
      const second = await importCamerasAudited(
        sql,
        csv('code,name,lat,lng\nA-1,一号（改）,30.2,120.3\nA-3,三号,30.1,120.2\n'),
        opts('v2.csv')
      )
      expect(second).toMatchObject({ added: 1, updated: 1 })
      expect((await listCameras(sql)).map((c) => c.code)).toEqual(['A-1', 'A-2', 'A-3'])
      expect(await getCameraByCode(sql, 'A-1')).toMatchObject({
        name: '一号（改）',
        lat: 30.2,
        updatedBy: 'tech'
      })
      const audit = await listAudit(sql, { action: 'registry.import.cameras', limit: 5 })
      expect(audit[0]?.before).toEqual([
        expect.objectContaining({ code: 'A-1', name: '一号', lat: 30.1 })
      ])
      expect(audit[0]?.after).toMatchObject({ fileName: 'v2.csv', added: 1, updated: 1 })
      // the same file again: nothing new, nothing rewritten
      expect(
        await importCamerasAudited(
          sql,
          csv('code,name,lat,lng\nA-1,一号（改）,30.2,120.3\nA-3,三号,30.1,120.2\n'),
          opts()
        )
      ).toMatchObject({ added: 0, updated: 0, unchanged: 2 })
      expect(await listCameras(sql)).toHaveLength(3)
    })

    it('refuses out-of-range coordinates and bad URLs with line, column and reason', async () => {
      const sql = b.sql()
      const s = await rejected(() => importCamerasAudited(sql, fixture('cameras-bad.csv'), opts()))
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
      expect(await listCameras(sql)).toHaveLength(0)
    })

    it('a commit that fails while writing leaves the registry as it was (one transaction)', async () => {
      const sql = b.sql()
      await importCamerasAudited(sql, csv('code,name,lat,lng\nA-1,一号,30.1,120.2\n'), opts())
      const failing = {
        ...opts('v2.csv'),
        onProgress: (p: { phase: string }) => {
          // after the first batch is written, still inside the import's transaction
          if (p.phase === 'write') throw new Error('disk gone')
        }
      }
      await expect(
        importCamerasAudited(
          sql,
          csv('code,name,lat,lng\nA-1,改,30.2,120.3\nA-2,二号,30.1,120.2\n'),
          failing
        )
      ).rejects.toThrow('disk gone')
      expect((await listCameras(sql)).map((c) => [c.code, c.name, c.lat])).toEqual([
        ['A-1', '一号', 30.1]
      ])
      expect(await listAudit(sql, { action: 'registry.import.cameras', limit: 5 })).toHaveLength(1)
      await expect(
        importRoadsAudited(sql, fixture('roads-osm.geojson'), { ...failing, fileName: 'r.geojson' })
      ).rejects.toThrow('disk gone')
      expect(await listRoads(sql)).toEqual([])
      expect(await listAudit(sql, { action: 'registry.import.roads', limit: 5 })).toEqual([])
    })

    it('an import that re-activates an archived code brings it back', async () => {
      const sql = b.sql()
      await importCamerasAudited(sql, csv('code,name,lat,lng\nA-1,一号,30.1,120.2\n'), opts())
      const id = (await getCameraByCode(sql, 'A-1'))!.id
      await removeCameras(sql, [id], 'archive', ctx)
      expect(await listCameras(sql)).toHaveLength(0)
      await importCamerasAudited(sql, csv('code,name,lat,lng\nA-1,一号,30.1,120.2\n'), opts())
      expect((await listCameras(sql)).map((c) => c.code)).toEqual(['A-1'])
    })
  })

  describe('roads import', () => {
    it('imports an OpenStreetMap export (maxspeed, oneway=yes/-1) and updates by id on re-import', async () => {
      const sql = b.sql()
      const s = await importRoadsAudited(sql, fixture('roads-osm.geojson'), opts('osm.geojson'))
      expect(s.rejected).toBe(0)
      const roads = await listRoads(sql)
      const jincheng = roads.find((r) => r.name === '金城路')
      expect(jincheng).toMatchObject({ oneway: 'forward', speedKmh: 60 })
      expect(roads.some((r) => r.oneway === 'backward' && Math.abs(r.speedKmh - 48.28) < 0.1)).toBe(
        true
      )
      const again = await importRoadsAudited(sql, fixture('roads-osm.geojson'), opts('osm.geojson'))
      expect(again).toMatchObject({ added: 0, updated: s.added })
      expect(await listRoads(sql)).toHaveLength(roads.length)
      expect(await listAudit(sql, { action: 'registry.import.roads', limit: 5 })).toHaveLength(2)
    })
  })

  describe('editing', () => {
    const seed = async () => {
      const sql = b.sql()
      await importCamerasAudited(
        sql,
        csv(
          'code,name,lat,lng,block,community\nA-1,金城路东,30.1,120.2,1,荣星社区\nA-2,育才路西,30.1,120.2,2,东瑞社区\nA-3,大润发门口,30.1,120.2,2,东瑞社区\n'
        ),
        opts()
      )
      const ids = new Map((await listCameras(sql)).map((c) => [c.code, c.id]))
      const id = (code: string) => ids.get(code)!
      return { sql, id }
    }

    it('updates fields with before/after in the audit trail and refuses stale copies', async () => {
      const { sql, id } = await seed()
      const cam = (await getCameraByCode(sql, 'A-1'))!
      const later = { actor: 'tech2', now: ctx.now + 1000 }
      const after = await updateCamera(
        sql,
        cam.id,
        { lat: 30.15, headingDeg: 45, fovDeg: 90 },
        cam.updatedAt,
        later
      )
      expect(after).toMatchObject({ lat: 30.15, headingDeg: 45, fovDeg: 90, updatedBy: 'tech2' })
      const row = (await listAudit(sql, { action: 'camera.update', limit: 1 }))[0]
      expect(row).toMatchObject({
        actor: 'tech2',
        entityId: 'A-1',
        before: { lat: 30.1, headingDeg: null, fovDeg: null },
        after: { lat: 30.15, headingDeg: 45, fovDeg: 90 }
      })
      await expect(
        updateCamera(sql, cam.id, { name: 'x' }, cam.updatedAt, later)
      ).rejects.toMatchObject({ code: 'conflict' })
      await expect(
        updateCamera(sql, id('A-2'), { lat: 91 }, undefined, later)
      ).rejects.toMatchObject({ code: 'invalid_input' })
      await expect(
        updateCamera(sql, id('A-2'), { streamUrl: 'ftp://x/y' }, undefined, later)
      ).rejects.toMatchObject({ code: 'invalid_input' })
      await expect(updateCamera(sql, 9999, { name: 'x' }, undefined, later)).rejects.toMatchObject({
        code: 'not_found'
      })
      expect((await verifyAuditChain(sql)).ok).toBe(true)
    })

    it('creates cameras by hand and refuses a code in use', async () => {
      const { sql } = await seed()
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
      const cam = await createCamera(sql, 'N-1', base, ctx)
      expect(cam).toMatchObject({ code: 'N-1', createdBy: 'tech' })
      expect((await listBlocks(sql)).map((b) => b.name)).toContain('3')
      await expect(createCamera(sql, 'N-1', base, ctx)).rejects.toMatchObject({ code: 'conflict' })
    })

    it('bulk-edits block, community, status and groups in one go', async () => {
      const { sql, id } = await seed()
      const g = await createGroup(sql, '金城路沿线', null, ctx)
      const r = await bulkEditCameras(
        sql,
        [id('A-1'), id('A-2')],
        { block: '5', community: '金城社区', status: 'offline', addToGroups: [g.id] },
        ctx
      )
      expect(r.updated).toBe(2)
      expect(await getCameraByCode(sql, 'A-2')).toMatchObject({
        block: '5',
        community: '金城社区',
        status: 'offline'
      })
      expect((await listGroups(sql))[0]?.cameraIds).toEqual([id('A-1'), id('A-2')])
      expect(await listStatusHistory(sql, id('A-1'), 10)).toEqual([
        expect.objectContaining({ status: 'offline', previous: 'unknown' })
      ])
      expect(await listAudit(sql, { action: 'camera.bulkEdit', limit: 10 })).toHaveLength(2)
      await bulkEditCameras(sql, [id('A-1')], { removeFromGroups: [g.id] }, ctx)
      expect((await listGroups(sql))[0]?.cameraIds).toEqual([id('A-2')])
      await expect(
        bulkEditCameras(sql, [id('A-1')], { addToGroups: [999] }, ctx)
      ).rejects.toMatchObject({ code: 'not_found' })
      await expect(createGroup(sql, '金城路沿线', null, ctx)).rejects.toMatchObject({
        code: 'conflict'
      })
    })
  })

  describe('archive instead of delete', () => {
    it('archives a camera referenced by sightings (camera_code) even when asked to delete, and deletes an unreferenced one', async () => {
      const sql = b.sql()
      await importCamerasAudited(
        sql,
        csv('code,name,lat,lng\nR-1,有过车,30.1,120.2\nF-1,无引用,30.1,120.2\n'),
        opts()
      )
      const r1 = (await getCameraByCode(sql, 'R-1'))!
      const f1 = (await getCameraByCode(sql, 'F-1'))!
      if (b.dialect === 'postgres')
        await sql.run(
          'CREATE TABLE sightings_d0 PARTITION OF sightings FOR VALUES FROM (0) TO (86400000)'
        )
      await sql.run("INSERT INTO sightings (camera_code, ts, plate) VALUES ('R-1', 1, '浙A12345')")
      expect(await findCameraReferences(sql, r1)).toEqual({ sightings: 1 })
      expect(await findCameraReferences(sql, f1)).toEqual({})
      const res = await removeCameras(sql, [r1.id, f1.id], 'delete', ctx)
      expect(res).toEqual({ deleted: [f1.id], archived: [r1.id] })
      expect(await getCameraByCode(sql, 'R-1')).toMatchObject({ archived: true })
      expect(await getCameraByCode(sql, 'F-1')).toBeUndefined()
      expect(await listCameras(sql)).toHaveLength(0)
      expect((await listCameras(sql, { includeArchived: true })).map((c) => c.code)).toEqual([
        'R-1'
      ])
      expect((await listAudit(sql, { limit: 5 })).map((a) => a.action)).toEqual(
        expect.arrayContaining(['camera.archive', 'camera.delete'])
      )
      expect(await restoreCameras(sql, [r1.id], ctx)).toEqual({ restored: 1 })
      expect((await listCameras(sql)).map((c) => c.code)).toEqual(['R-1'])
    })

    it('finds references in tables other features add later (incidents, recordings), by camera_id or camera_code', async () => {
      const sql = b.sql()
      await importCamerasAudited(
        sql,
        csv('code,name,lat,lng\nI-1,事件点位,30.1,120.2\nV-1,录像点位,30.1,120.2\n'),
        opts()
      )
      const i1 = (await getCameraByCode(sql, 'I-1'))!
      const v1 = (await getCameraByCode(sql, 'V-1'))!
      await sql.run('CREATE TABLE x_incident_links (incident_id INTEGER, camera_id INTEGER)')
      await sql.run(
        'CREATE TABLE x_recording_refs (id INTEGER PRIMARY KEY, camera_code TEXT, start_ms INTEGER)'
      )
      await sql.run('INSERT INTO x_incident_links VALUES (7, ?)', [i1.id])
      await sql.run(
        "INSERT INTO x_recording_refs (id, camera_code, start_ms) VALUES (1, 'V-1', 0), (2, 'V-1', 1)"
      )
      expect(await findCameraReferences(sql, i1)).toEqual({ x_incident_links: 1 })
      expect(await findCameraReferences(sql, v1)).toEqual({ x_recording_refs: 2 })
      expect(await removeCameras(sql, [i1.id, v1.id], 'delete', ctx)).toEqual({
        deleted: [],
        archived: [i1.id, v1.id]
      })
    })

    it('archive mode keeps even an unreferenced camera', async () => {
      const sql = b.sql()
      await importCamerasAudited(sql, csv('code,name,lat,lng\nF-1,无引用,30.1,120.2\n'), opts())
      const id = (await getCameraByCode(sql, 'F-1'))!.id
      expect(await removeCameras(sql, [id], 'archive', ctx)).toEqual({
        deleted: [],
        archived: [id]
      })
    })
  })

  describe('export', () => {
    it('neutralises spreadsheet formulas in exported CSV and round-trips the values', async () => {
      const sql = b.sql()
      await importCamerasAudited(
        sql,
        csv(
          'code,name,lat,lng,notes\nX-1,"=HYPERLINK(""http://evil"")",30.1,120.2,+1 call\nX-2,@SUM(A1),30.1,120.2,-2\n'
        ),
        opts()
      )
      const out = await exportRegistry(sql, 'cameras-csv', ctx)
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
      expect((await listAudit(sql, { action: 'registry.export', limit: 1 }))[0]).toMatchObject({
        actor: 'tech',
        after: { what: 'cameras-csv', count: 2 }
      })
    })

    it('exports roads and cameras as GeoJSON', async () => {
      const sql = b.sql()
      await importRoadsAudited(sql, fixture('roads-osm.geojson'), opts())
      await importCamerasAudited(sql, fixture('cameras-utf8.csv'), opts())
      const roads = JSON.parse((await exportRegistry(sql, 'roads-geojson', ctx)).content) as {
        features: { properties: { name: string } }[]
      }
      expect(roads.features.map((f) => f.properties.name)).toContain('金城路')
      const cams = JSON.parse((await exportRegistry(sql, 'cameras-geojson', ctx)).content) as {
        features: { geometry: { coordinates: number[] } }[]
      }
      expect(cams.features[0]?.geometry.coordinates).toEqual([120.2611, 30.1802])
    })
  })
})
