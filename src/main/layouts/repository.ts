import type { ReadableDb, WritableDb } from '../db/database'
import type { LayoutCell, WallLayout, WallLayoutInput } from '../../shared/domain/layout'

type LayoutRow = {
  id: number
  name: string
  cols: number
  rows: number
  cells: string
  camera_ids: string
  is_default: number
  updated_at: number
}

function toLayout(r: LayoutRow): WallLayout {
  return {
    id: r.id,
    name: r.name,
    cols: r.cols,
    rows: r.rows,
    cells: JSON.parse(r.cells) as LayoutCell[],
    cameraIds: JSON.parse(r.camera_ids) as (number | null)[],
    isDefault: r.is_default === 1,
    updatedAt: r.updated_at
  }
}

export function listLayouts(db: ReadableDb): WallLayout[] {
  return (db.prepare('SELECT * FROM layouts ORDER BY is_default DESC, name').all() as LayoutRow[]).map(toLayout)
}

export function getLayout(db: ReadableDb, id: number): WallLayout | undefined {
  const row = db.prepare('SELECT * FROM layouts WHERE id = ?').get(id) as LayoutRow | undefined
  return row && toLayout(row)
}

export function insertLayout(db: WritableDb, l: WallLayoutInput, now: number): WallLayout {
  const row = db
    .prepare(
      `INSERT INTO layouts (name, cols, rows, cells, camera_ids, updated_at)
       VALUES (@name, @cols, @rows, @cells, @cameraIds, @now) RETURNING *`
    )
    .get({ ...l, cells: JSON.stringify(l.cells), cameraIds: JSON.stringify(l.cameraIds), now }) as LayoutRow
  return toLayout(row)
}

export function updateLayout(db: WritableDb, id: number, l: WallLayoutInput, now: number): WallLayout | undefined {
  const row = db
    .prepare(
      `UPDATE layouts SET name = @name, cols = @cols, rows = @rows, cells = @cells, camera_ids = @cameraIds,
         updated_at = @now WHERE id = @id RETURNING *`
    )
    .get({ ...l, id, cells: JSON.stringify(l.cells), cameraIds: JSON.stringify(l.cameraIds), now }) as
    | LayoutRow
    | undefined
  return row && toLayout(row)
}

export function deleteLayout(db: WritableDb, id: number): boolean {
  return db.prepare('DELETE FROM layouts WHERE id = ?').run(id).changes === 1
}

export function setDefaultLayout(db: WritableDb, id: number): boolean {
  return db.transaction(() => {
    db.prepare('UPDATE layouts SET is_default = 0 WHERE is_default = 1').run()
    return db.prepare('UPDATE layouts SET is_default = 1 WHERE id = ?').run(id).changes === 1
  })()
}
