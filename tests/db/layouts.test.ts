import { describe, expect, it } from 'vitest'
import { openMemoryDatabase } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { createTestDb } from '../helpers/db'
import {
  deleteLayout,
  getWorkstationDefault,
  insertLayout,
  listLayouts,
  setDefaultLayout,
  setWorkstationDefault
} from '../../src/main/layouts/repository'
import { presetCells } from '../../src/shared/domain/layout'

const layout = (name: string, n: 1 | 4 | 9 = 4) => {
  const { cols, rows, cells } = presetCells(n)
  return { name, cols, rows, cells, cameraIds: cells.map(() => null) }
}

describe('0004-workstation-layouts', () => {
  it('adds workstation_layouts, whose rows go with their layout', () => {
    const db = openMemoryDatabase()
    const v = MIGRATIONS.findIndex((m) => m.name === '0004-workstation-layouts') + 1
    migrate(db, MIGRATIONS.slice(0, v))
    const l = insertLayout(db, layout('a'), 1)
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

describe('layouts repository', () => {
  it('a workstation opens with its own default, else the room default', () => {
    const db = createTestDb()
    const a = insertLayout(db, layout('a'), 1)
    const b = insertLayout(db, layout('b', 9), 1)
    setDefaultLayout(db, a.id)
    expect(listLayouts(db, { workstationId: 'ws1' })[0]).toMatchObject({
      id: a.id,
      isDefault: true,
      isRoomDefault: true
    })
    expect(setWorkstationDefault(db, 'ws1', b.id, 2)).toBe(true)
    const mine = listLayouts(db, { workstationId: 'ws1' })
    expect(mine[0]).toMatchObject({ id: b.id, isDefault: true, isRoomDefault: false })
    expect(mine.find((l) => l.id === a.id)).toMatchObject({ isDefault: false, isRoomDefault: true })
    // another desk is unaffected
    expect(listLayouts(db, { workstationId: 'ws2' })[0]).toMatchObject({
      id: a.id,
      isDefault: true
    })
    expect(setWorkstationDefault(db, 'ws1', 999, 3)).toBe(false)
    expect(getWorkstationDefault(db, 'ws1')).toBe(b.id)
    // deleting the chosen layout falls back to the room default
    deleteLayout(db, b.id)
    expect(getWorkstationDefault(db, 'ws1')).toBeNull()
    expect(listLayouts(db, { workstationId: 'ws1' })[0]).toMatchObject({
      id: a.id,
      isDefault: true
    })
  })

  it('setDefaultLayout keeps exactly one room default and refuses unknown ids', () => {
    const db = createTestDb()
    const a = insertLayout(db, layout('a'), 1)
    const b = insertLayout(db, layout('b'), 1)
    setDefaultLayout(db, a.id)
    expect(setDefaultLayout(db, 12345)).toBe(false)
    expect(
      listLayouts(db)
        .filter((l) => l.isRoomDefault)
        .map((l) => l.id)
    ).toEqual([a.id])
    setDefaultLayout(db, b.id)
    expect(
      listLayouts(db)
        .filter((l) => l.isRoomDefault)
        .map((l) => l.id)
    ).toEqual([b.id])
  })
})
