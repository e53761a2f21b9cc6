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

function toLayout(r: LayoutRow, workstationChoice: number | null = null): WallLayout {
  return {
    id: r.id,
    name: r.name,
    cols: r.cols,
    rows: r.rows,
    cells: JSON.parse(r.cells) as LayoutCell[],
    cameraIds: JSON.parse(r.camera_ids) as (number | null)[],
    isDefault: workstationChoice === null ? r.is_default === 1 : r.id === workstationChoice,
    isRoomDefault: r.is_default === 1,
    updatedAt: r.updated_at
  }
}

/** The layout a workstation chose to open with, if any. */
export function getWorkstationDefault(db: ReadableDb, workstationId: string): number | null {
  const id = db
    .prepare('SELECT layout_id FROM workstation_layouts WHERE workstation_id = ?')
    .pluck()
    .get(workstationId) as number | undefined
  return id ?? null
}

/** Saved layouts, the (workstation's, else the room's) default first, then by name. */
export function listLayouts(db: ReadableDb, opts: { workstationId?: string } = {}): WallLayout[] {
  const choice =
    opts.workstationId === undefined ? null : getWorkstationDefault(db, opts.workstationId)
  const rows = db.prepare('SELECT * FROM layouts ORDER BY name, id').all() as LayoutRow[]
  return rows
    .map((r) => toLayout(r, choice))
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault))
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
    .get({
      ...l,
      cells: JSON.stringify(l.cells),
      cameraIds: JSON.stringify(l.cameraIds),
      now
    }) as LayoutRow
  return toLayout(row)
}

export function updateLayout(
  db: WritableDb,
  id: number,
  l: WallLayoutInput,
  now: number
): WallLayout | undefined {
  const row = db
    .prepare(
      `UPDATE layouts SET name = @name, cols = @cols, rows = @rows, cells = @cells, camera_ids = @cameraIds,
         updated_at = @now WHERE id = @id RETURNING *`
    )
    .get({
      ...l,
      id,
      cells: JSON.stringify(l.cells),
      cameraIds: JSON.stringify(l.cameraIds),
      now
    }) as LayoutRow | undefined
  return row && toLayout(row)
}

/** Deletes a layout; workstations that opened with it fall back to the room default (ON DELETE CASCADE). */
export function deleteLayout(db: WritableDb, id: number): boolean {
  return db.prepare('DELETE FROM layouts WHERE id = ?').run(id).changes === 1
}

export function setDefaultLayout(db: WritableDb, id: number): boolean {
  return db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM layouts WHERE id = ?').get(id)) return false
    db.prepare('UPDATE layouts SET is_default = 0 WHERE is_default = 1').run()
    return db.prepare('UPDATE layouts SET is_default = 1 WHERE id = ?').run(id).changes === 1
  })()
}

/** Sets (or with null clears) the layout one workstation opens with. False if the layout does not exist. */
export function setWorkstationDefault(
  db: WritableDb,
  workstationId: string,
  layoutId: number | null,
  now: number
): boolean {
  if (layoutId === null) {
    db.prepare('DELETE FROM workstation_layouts WHERE workstation_id = ?').run(workstationId)
    return true
  }
  if (!db.prepare('SELECT 1 FROM layouts WHERE id = ?').get(layoutId)) return false
  db.prepare(
    `INSERT INTO workstation_layouts (workstation_id, layout_id, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (workstation_id) DO UPDATE SET layout_id = excluded.layout_id, updated_at = excluded.updated_at`
  ).run(workstationId, layoutId, now)
  return true
}
