import { describe, expect, it } from 'vitest'
import { openMemoryDatabase } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import { describeBackends } from '../helpers/backends'
import {
  deleteLayout,
  getLayout,
  getWorkstationDefault,
  insertLayout,
  listLayouts,
  setDefaultLayout,
  setWorkstationDefault,
  updateLayout
} from '../../src/main/layouts/repository'
import { presetCells } from '../../src/shared/domain/layout'

const layout = (name: string, n: 1 | 4 | 9 = 4) => {
  const { cols, rows, cells } = presetCells(n)
  return { name, cols, rows, cells, cameraIds: cells.map(() => null) }
}

describe('0004-workstation-layouts', () => {
  it('adds workstation_layouts, whose rows go with their layout', async () => {
    const db = openMemoryDatabase()
    const v = MIGRATIONS.findIndex((m) => m.name === '0004-workstation-layouts') + 1
    migrate(db, MIGRATIONS.slice(0, v))
    const l = await insertLayout(sqliteSql(db), layout('a'), 1)
    db.prepare(
      "INSERT INTO workstation_layouts (workstation_id, layout_id, updated_at) VALUES ('ws1', ?, 1)"
    ).run(l.id)
    expect(() =>
      db
        .prepare(
          "INSERT INTO workstation_layouts (workstation_id, layout_id, updated_at) VALUES ('ws2', 999, 1)"
        )
        .run()
    ).toThrow(/FOREIGN KEY/)
    db.prepare('DELETE FROM layouts WHERE id = ?').run(l.id)
    expect(db.prepare('SELECT COUNT(*) FROM workstation_layouts').pluck().get()).toBe(0)
  })
})

describeBackends('layouts repository', (backend) => {
  it('a workstation opens with its own default, else the room default', async () => {
    const sql = backend.sql()
    const a = await insertLayout(sql, layout('a'), 1)
    const b = await insertLayout(sql, layout('b', 9), 1)
    await setDefaultLayout(sql, a.id)
    expect((await listLayouts(sql, { workstationId: 'ws1' }))[0]).toMatchObject({
      id: a.id,
      isDefault: true,
      isRoomDefault: true
    })
    expect(await setWorkstationDefault(sql, 'ws1', b.id, 2)).toBe(true)
    const mine = await listLayouts(sql, { workstationId: 'ws1' })
    expect(mine[0]).toMatchObject({ id: b.id, isDefault: true, isRoomDefault: false })
    expect(mine.find((l) => l.id === a.id)).toMatchObject({ isDefault: false, isRoomDefault: true })
    // another desk is unaffected
    expect((await listLayouts(sql, { workstationId: 'ws2' }))[0]).toMatchObject({
      id: a.id,
      isDefault: true
    })
    expect(await setWorkstationDefault(sql, 'ws1', 999, 3)).toBe(false)
    expect(await getWorkstationDefault(sql, 'ws1')).toBe(b.id)
    // a second choice replaces the first; clearing it falls back to the room default
    expect(await setWorkstationDefault(sql, 'ws1', a.id, 4)).toBe(true)
    expect(await getWorkstationDefault(sql, 'ws1')).toBe(a.id)
    expect(await setWorkstationDefault(sql, 'ws1', null, 5)).toBe(true)
    expect(await getWorkstationDefault(sql, 'ws1')).toBeNull()
    await setWorkstationDefault(sql, 'ws1', b.id, 6)
    // deleting the chosen layout falls back to the room default
    expect(await deleteLayout(sql, b.id)).toBe(true)
    expect(await deleteLayout(sql, b.id)).toBe(false)
    expect(await getWorkstationDefault(sql, 'ws1')).toBeNull()
    expect((await listLayouts(sql, { workstationId: 'ws1' }))[0]).toMatchObject({
      id: a.id,
      isDefault: true
    })
  })

  it('setDefaultLayout keeps exactly one room default and refuses unknown ids', async () => {
    const sql = backend.sql()
    const a = await insertLayout(sql, layout('a'), 1)
    const b = await insertLayout(sql, layout('b'), 1)
    await setDefaultLayout(sql, a.id)
    expect(await setDefaultLayout(sql, 12345)).toBe(false)
    const roomDefaults = async () =>
      (await listLayouts(sql)).filter((l) => l.isRoomDefault).map((l) => l.id)
    expect(await roomDefaults()).toEqual([a.id])
    await setDefaultLayout(sql, b.id)
    expect(await roomDefaults()).toEqual([b.id])
  })

  it('two rooms setting the room default at once leave exactly one default', async () => {
    const sql = backend.sql()
    const ids: number[] = []
    for (const name of ['a', 'b', 'c', 'd']) ids.push((await insertLayout(sql, layout(name), 1)).id)
    await setDefaultLayout(sql, ids[0])
    for (let round = 0; round < 5; round++) {
      await Promise.all([
        setDefaultLayout(sql, ids[1]),
        setDefaultLayout(sql, ids[2 + (round % 2)])
      ])
      const defaults = (await listLayouts(sql)).filter((l) => l.isRoomDefault)
      expect(defaults, `round ${round}`).toHaveLength(1)
    }
  })

  it('saves a layout with its cells and cameras and reads it back', async () => {
    const sql = backend.sql()
    const a = await insertLayout(sql, layout('a', 1), 1)
    expect(a).toMatchObject({ name: 'a', cols: 1, rows: 1, cameraIds: [null], updatedAt: 1 })
    const nine = layout('九宫格', 9)
    const saved = await updateLayout(
      sql,
      a.id,
      { ...nine, cameraIds: [3, null, 5, 0, 0, 0, 0, 0, 7] },
      2
    )
    expect(saved).toEqual(await getLayout(sql, a.id))
    expect(saved).toMatchObject({
      name: '九宫格',
      cols: 3,
      rows: 3,
      cells: nine.cells,
      cameraIds: [3, null, 5, 0, 0, 0, 0, 0, 7],
      updatedAt: 2
    })
    expect(await updateLayout(sql, 999, nine, 3)).toBeUndefined()
    expect(await getLayout(sql, 999)).toBeUndefined()
  })
})
