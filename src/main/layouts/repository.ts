import type { Sql } from '../db/sql'
import { value } from '../db/sql'
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
export async function getWorkstationDefault(
  sql: Sql,
  workstationId: string
): Promise<number | null> {
  const id = await value<number>(
    sql,
    'SELECT layout_id FROM workstation_layouts WHERE workstation_id = ?',
    [workstationId]
  )
  return id ?? null
}

/** Saved layouts, the (workstation's, else the room's) default first, then by name. */
export async function listLayouts(
  sql: Sql,
  opts: { workstationId?: string } = {}
): Promise<WallLayout[]> {
  const choice =
    opts.workstationId === undefined ? null : await getWorkstationDefault(sql, opts.workstationId)
  const rows = await sql.all<LayoutRow>('SELECT * FROM layouts ORDER BY name, id')
  return rows
    .map((r) => toLayout(r, choice))
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault))
}

export async function getLayout(sql: Sql, id: number): Promise<WallLayout | undefined> {
  const row = await sql.get<LayoutRow>('SELECT * FROM layouts WHERE id = ?', [id])
  return row && toLayout(row)
}

const stored = (l: WallLayoutInput, now: number) => ({
  ...l,
  cells: JSON.stringify(l.cells),
  cameraIds: JSON.stringify(l.cameraIds),
  now
})

export async function insertLayout(sql: Sql, l: WallLayoutInput, now: number): Promise<WallLayout> {
  const row = (await sql.get<LayoutRow>(
    `INSERT INTO layouts (name, cols, rows, cells, camera_ids, updated_at)
     VALUES (@name, @cols, @rows, @cells, @cameraIds, @now) RETURNING *`,
    stored(l, now)
  )) as LayoutRow
  return toLayout(row)
}

export async function updateLayout(
  sql: Sql,
  id: number,
  l: WallLayoutInput,
  now: number
): Promise<WallLayout | undefined> {
  const row = await sql.get<LayoutRow>(
    `UPDATE layouts SET name = @name, cols = @cols, rows = @rows, cells = @cells, camera_ids = @cameraIds,
       updated_at = @now WHERE id = @id RETURNING *`,
    { ...stored(l, now), id }
  )
  return row && toLayout(row)
}

/** Deletes a layout; workstations that opened with it fall back to the room default (ON DELETE CASCADE). */
export async function deleteLayout(sql: Sql, id: number): Promise<boolean> {
  return (await sql.run('DELETE FROM layouts WHERE id = ?', [id])).changes === 1
}

const layoutExists = async (sql: Sql, id: number): Promise<boolean> =>
  (await sql.get('SELECT 1 FROM layouts WHERE id = ?', [id])) !== undefined

/**
 * pg_advisory_xact_lock key: on a district two rooms setting the room default
 * at once would each clear the defaults their snapshot saw and both set theirs.
 */
const ROOM_DEFAULT_LOCK = 0x5752_0014

export function setDefaultLayout(sql: Sql, id: number): Promise<boolean> {
  return sql.tx(async (t) => {
    if (t.dialect === 'postgres')
      await t.run('SELECT pg_advisory_xact_lock(?)', [ROOM_DEFAULT_LOCK])
    if (!(await layoutExists(t, id))) return false
    await t.run('UPDATE layouts SET is_default = 0 WHERE is_default = 1')
    return (await t.run('UPDATE layouts SET is_default = 1 WHERE id = ?', [id])).changes === 1
  })
}

/** Sets (or with null clears) the layout one workstation opens with. False if the layout does not exist. */
export async function setWorkstationDefault(
  sql: Sql,
  workstationId: string,
  layoutId: number | null,
  now: number
): Promise<boolean> {
  if (layoutId === null) {
    await sql.run('DELETE FROM workstation_layouts WHERE workstation_id = ?', [workstationId])
    return true
  }
  if (!(await layoutExists(sql, layoutId))) return false
  await sql.run(
    `INSERT INTO workstation_layouts (workstation_id, layout_id, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (workstation_id) DO UPDATE SET layout_id = excluded.layout_id, updated_at = excluded.updated_at`,
    [workstationId, layoutId, now]
  )
  return true
}
