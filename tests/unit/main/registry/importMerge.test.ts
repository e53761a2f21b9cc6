import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeBackends } from '../../../helpers/backends'
import type { CameraFields } from '../../../../src/shared/domain/camera'
import { getCameraByCode, listCameras } from '../../../../src/main/cameras/repository'
import {
  blockOrdinal,
  cameraFieldChanges,
  mergeImportedCamera,
  resolveBlockName
} from '../../../../src/main/registry/importMerge'
import {
  importCamerasAudited,
  importCamerasCsv,
  lastCameraImport,
  undoLastCameraImport,
  updateCamera
} from '../../../../src/main/registry/service'
import { listAudit } from '../../../../src/main/audit/repository'
import { ApiError } from '../../../../src/shared/ipc/errors'
import type { CameraColumn } from '../../../../src/main/registry/io/camerasCsv'

const root = path.resolve(__dirname, '../../../..')
const demoCsv = readFileSync(path.join(root, 'resources/demo/cameras.csv'))
const sampleCsv = readFileSync(path.join(root, 'tests/fixtures/sample-city/cameras.csv'))
const csv = (s: string) => Buffer.from(s, 'utf8')
const opts = (now: number, extra: object = {}) => ({
  dryRun: false,
  actor: 'tech',
  now,
  fileName: 'cameras.csv',
  ...extra
})

const registered: CameraFields = {
  code: 'BG-0001',
  name: '湖头西路',
  lat: 30.18,
  lng: 120.25,
  headingDeg: 266,
  fovDeg: 90,
  anpr: true,
  streamUrl: 'demo://BG-0001',
  subStreamUrl: null,
  block: '第一片区',
  community: '荣星社区',
  kind: 'road',
  owner: 'public',
  notes: '夜间补光'
}
const row = (p: Partial<CameraFields>): CameraFields => ({
  ...registered,
  headingDeg: null,
  fovDeg: null,
  anpr: false,
  streamUrl: null,
  block: null,
  community: null,
  kind: null,
  owner: null,
  notes: null,
  ...p
})
const cols = (...c: CameraColumn[]) => new Set<CameraColumn>(c)

describe('import merge rules', () => {
  it('keeps every field of a column the file does not carry', () => {
    const merged = mergeImportedCamera(
      registered,
      row({ name: '湖头西路（改）' }),
      cols('code', 'name', 'lat', 'lng'),
      { columns: cols('code', 'name', 'lat', 'lng'), blankErases: false }
    )
    expect(merged).toEqual({ ...registered, name: '湖头西路（改）' })
  })

  it('keeps a value when its cell is empty, and clears it only when asked', () => {
    const columns = cols('code', 'name', 'lat', 'lng', 'kind', 'notes', 'anpr')
    const filled = cols('code', 'name', 'lat', 'lng', 'kind')
    const read = row({ kind: 'intersection' })
    expect(mergeImportedCamera(registered, read, filled, { columns, blankErases: false })).toEqual({
      ...registered,
      kind: 'intersection'
    })
    expect(mergeImportedCamera(registered, read, filled, { columns, blankErases: true })).toEqual({
      ...registered,
      kind: 'intersection',
      notes: null,
      anpr: false
    })
  })

  it('takes a new camera as read', () => {
    const read = row({ code: 'N-1' })
    expect(
      mergeImportedCamera(undefined, read, cols('code'), {
        columns: cols('code'),
        blankErases: false
      })
    ).toBe(read)
  })

  it('resolves a numbered block to the one registered block with that number', () => {
    const blocks = ['第一片区', '第二片区', '第十二片区', 'Block 7', '东区']
    expect(resolveBlockName('1', blocks)).toBe('第一片区')
    expect(resolveBlockName('12', blocks)).toBe('第十二片区')
    expect(resolveBlockName('7', blocks)).toBe('Block 7')
    expect(resolveBlockName('3', blocks)).toBe('3')
    expect(resolveBlockName('东区', blocks)).toBe('东区')
    expect(resolveBlockName(null, blocks)).toBeNull()
    // a block literally named "1" wins; two blocks numbered 1 are ambiguous
    expect(resolveBlockName('1', ['1', '第一片区'])).toBe('1')
    expect(resolveBlockName('1', ['第一片区', '一区'])).toBe('1')
    expect([
      blockOrdinal('第五片区'),
      blockOrdinal('3区'),
      blockOrdinal('十'),
      blockOrdinal('第十二片区'),
      blockOrdinal('二十五区'),
      blockOrdinal('九十九'),
      blockOrdinal('三四区'),
      blockOrdinal('十十'),
      blockOrdinal('路口')
    ]).toEqual([5, 3, 10, 12, 25, 99, null, null, null])
  })

  it('lists each changed field, old → new, in column order', () => {
    expect(
      cameraFieldChanges(
        { ...registered, archived: true },
        { ...registered, notes: null, lat: 30.19, archived: false }
      )
    ).toEqual([
      { field: 'lat', from: 30.18, to: 30.19 },
      { field: 'notes', from: '夜间补光', to: null },
      { field: 'archived', from: true, to: false }
    ])
  })
})

describeBackends('re-importing cameras.csv over a registry', (b) => {
  it('keeps block names, kind, owner, fov and notes that the sample file does not carry, and previews each change', async () => {
    const sql = b.sql()
    // seeded as the demo site is: cameras only, the blocks table not yet filled
    await importCamerasCsv(sql, demoCsv, { dryRun: false, actor: null, now: 1000 })
    const cam = (await getCameraByCode(sql, 'BG-0003'))!
    await updateCamera(sql, cam.id, { notes: '夜间补光' }, undefined, { actor: 'tech', now: 2000 })
    const before = new Map((await listCameras(sql)).map((c) => [c.code, c]))

    const preview = await importCamerasAudited(sql, sampleCsv, opts(3000, { dryRun: true }))
    // the failure users saw: "更新 50" and nothing else
    expect(preview).toMatchObject({ added: 0, rejected: 0 })
    expect(preview.updated).toBe(preview.changes!.length)
    expect(preview.updated + preview.unchanged!).toBe(50)
    const first = preview.changes!.find((c) => c.code === 'BG-0001')!
    expect(first.changes).toEqual([
      {
        field: 'streamUrl',
        from: 'demo://BG-0001',
        to: 'http://127.0.0.1:8090/live/BG-0001/index.m3u8'
      }
    ])
    const fields = new Set(preview.changes!.flatMap((c) => c.changes.map((f) => f.field)))
    expect(fields.has('block')).toBe(false)
    expect(
      fields.has('kind') || fields.has('owner') || fields.has('fovDeg') || fields.has('notes')
    ).toBe(false)

    await importCamerasAudited(sql, sampleCsv, opts(3000))
    for (const c of await listCameras(sql)) {
      const was = before.get(c.code)!
      expect({
        block: c.block,
        kind: c.kind,
        owner: c.owner,
        fovDeg: c.fovDeg,
        notes: c.notes
      }).toEqual({
        block: was.block,
        kind: was.kind,
        owner: was.owner,
        fovDeg: was.fovDeg,
        notes: was.notes
      })
      expect(c.block).toMatch(/^第.片区$/)
    }
    expect((await getCameraByCode(sql, 'BG-0003'))?.notes).toBe('夜间补光')
  })

  it('counts a row that changes nothing as unchanged and writes nothing for it', async () => {
    const sql = b.sql()
    await importCamerasAudited(sql, demoCsv, opts(1000))
    const s = await importCamerasAudited(sql, demoCsv, opts(2000))
    expect(s).toMatchObject({ added: 0, updated: 0, unchanged: 50, changes: [] })
    expect((await listCameras(sql)).every((c) => c.updatedAt === 1000)).toBe(true)
  })

  it('undoes the last import in one step: old fields back, added cameras gone, audited', async () => {
    const sql = b.sql()
    await importCamerasAudited(
      sql,
      csv('code,name,lat,lng,kind,notes\nA-1,一号,30.1,120.2,road,旧\n'),
      opts(1000)
    )
    await importCamerasAudited(
      sql,
      csv('code,name,lat,lng,notes\nA-1,一号（改）,30.2,120.2,\nA-2,二号,30.1,120.2,新\n'),
      opts(2000, { blankErases: true })
    )
    expect(await getCameraByCode(sql, 'A-1')).toMatchObject({
      name: '一号（改）',
      notes: null,
      kind: 'road'
    })
    const last = (await lastCameraImport(sql))!
    expect(last).toMatchObject({ added: 1, updated: 1, undone: false, changedSince: [] })

    expect(await undoLastCameraImport(sql, { actor: 'tech', now: 3000 })).toEqual({
      restored: 1,
      removed: 1,
      archived: 0
    })
    expect(await getCameraByCode(sql, 'A-1')).toMatchObject({
      name: '一号',
      lat: 30.1,
      notes: '旧',
      kind: 'road'
    })
    expect(await getCameraByCode(sql, 'A-2')).toBeUndefined()
    expect((await lastCameraImport(sql))?.undone).toBe(true)
    expect((await listAudit(sql, { action: 'registry.import.undo' }))[0]?.after).toMatchObject({
      importAuditId: last.auditId
    })
    await expect(undoLastCameraImport(sql, { actor: 'tech', now: 4000 })).rejects.toThrow(ApiError)
  })

  it('refuses to undo over a later edit and changes nothing', async () => {
    const sql = b.sql()
    await importCamerasAudited(sql, csv('code,name,lat,lng\nA-1,一号,30.1,120.2\n'), opts(1000))
    await importCamerasAudited(
      sql,
      csv('code,name,lat,lng\nA-1,一号（改）,30.1,120.2\n'),
      opts(2000)
    )
    const cam = (await getCameraByCode(sql, 'A-1'))!
    await updateCamera(sql, cam.id, { notes: '后来改的' }, undefined, { actor: 'duty', now: 3000 })
    expect((await lastCameraImport(sql))?.changedSince).toEqual(['A-1'])
    try {
      await undoLastCameraImport(sql, { actor: 'tech', now: 4000 })
      expect.unreachable()
    } catch (err) {
      expect(err).toMatchObject({ code: 'conflict', details: { codes: ['A-1'] } })
    }
    expect(await getCameraByCode(sql, 'A-1')).toMatchObject({
      name: '一号（改）',
      notes: '后来改的'
    })
  })
})
