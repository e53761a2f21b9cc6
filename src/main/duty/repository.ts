import type { Sql } from '../db/sql'
import type { DutyLogEntry, Shift } from '../../shared/domain/duty'
import { bigramTerms, bigramText } from '../incidents/search'
import { textMatch } from '../incidents/repository'

type ShiftRow = {
  id: number
  started_at: number
  ended_at: number | null
  operators: string
  handover_note: string
  started_by: string | null
  ended_by: string | null
}
const toShift = (r: ShiftRow): Shift => ({
  id: r.id,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  operators: JSON.parse(r.operators) as string[],
  handoverNote: r.handover_note,
  startedBy: r.started_by,
  endedBy: r.ended_by
})

const shiftOf = async (rows: Promise<ShiftRow | undefined>): Promise<Shift | null> => {
  const r = await rows
  return r ? toShift(r) : null
}

export function getCurrentShift(sql: Sql): Promise<Shift | null> {
  return shiftOf(sql.get('SELECT * FROM shifts WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1'))
}

export function getShift(sql: Sql, id: number): Promise<Shift | null> {
  return shiftOf(sql.get('SELECT * FROM shifts WHERE id = ?', [id]))
}

/** The last shift that ended (its handover note is for the incoming shift). */
export function getPreviousShift(sql: Sql): Promise<Shift | null> {
  return shiftOf(
    sql.get(
      'SELECT * FROM shifts WHERE ended_at IS NOT NULL ORDER BY ended_at DESC, id DESC LIMIT 1'
    )
  )
}

export async function listShifts(sql: Sql, limit: number): Promise<Shift[]> {
  return (
    await sql.all<ShiftRow>('SELECT * FROM shifts ORDER BY started_at DESC, id DESC LIMIT ?', [
      limit
    ])
  ).map(toShift)
}

/**
 * Starts a shift; undefined when another one is open (the one-open-shift
 * index). On PostgreSQL two rooms' transactions can both see no open shift:
 * the later insert waits for the first to commit and then inserts nothing.
 */
export async function insertShift(
  sql: Sql,
  s: { startedAt: number; operators: string[]; startedBy: string | null }
): Promise<Shift | undefined> {
  const r = await sql.get<ShiftRow>(
    `INSERT INTO shifts (started_at, operators, started_by) VALUES (@startedAt, @operators, @startedBy)
     ON CONFLICT DO NOTHING RETURNING *`,
    { ...s, operators: JSON.stringify(s.operators) }
  )
  return r && toShift(r)
}

/** Ends an open shift; false when it is not open (someone ended it first). */
export async function endShiftRow(
  sql: Sql,
  id: number,
  e: { endedAt: number; handoverNote: string; endedBy: string | null }
): Promise<boolean> {
  const r = await sql.run(
    'UPDATE shifts SET ended_at = @endedAt, handover_note = @handoverNote, ended_by = @endedBy WHERE id = @id AND ended_at IS NULL',
    { id, ...e }
  )
  return r.changes === 1
}

/** Edits an open shift; false when it is not open (ended meanwhile, e.g. from another room). */
export async function updateShiftRow(
  sql: Sql,
  id: number,
  s: { operators: string[]; handoverNote: string }
): Promise<boolean> {
  const r = await sql.run(
    'UPDATE shifts SET operators = @operators, handover_note = @handoverNote WHERE id = @id AND ended_at IS NULL',
    { id, operators: JSON.stringify(s.operators), handoverNote: s.handoverNote }
  )
  return r.changes === 1
}

type EntryRow = {
  id: number
  at: number
  shift_id: number | null
  actor: string | null
  text: string
  incident_id: number | null
}
const toEntry = (r: EntryRow): DutyLogEntry => ({
  id: r.id,
  at: r.at,
  shiftId: r.shift_id,
  actor: r.actor,
  text: r.text,
  incidentId: r.incident_id
})

/** One log entry with its searchable text (call inside a transaction: the two belong together). */
export async function insertLogEntry(sql: Sql, e: Omit<DutyLogEntry, 'id'>): Promise<DutyLogEntry> {
  const r = (await sql.get<EntryRow>(
    'INSERT INTO duty_log (at, shift_id, actor, text, incident_id) VALUES (@at, @shiftId, @actor, @text, @incidentId) RETURNING *',
    e
  )) as EntryRow
  await sql.run('INSERT INTO duty_log_fts (rowid, body) VALUES (?, ?)', [r.id, bigramText(e.text)])
  return toEntry(r)
}

export async function listLogEntries(
  sql: Sql,
  q: { shiftId?: number; fromMs?: number; toMs?: number; beforeId?: number; limit: number }
): Promise<DutyLogEntry[]> {
  const where: string[] = []
  if (q.shiftId !== undefined) where.push('shift_id = @shiftId')
  if (q.fromMs !== undefined) where.push('at >= @fromMs')
  if (q.toMs !== undefined) where.push('at < @toMs')
  if (q.beforeId !== undefined) where.push('id < @beforeId')
  const text = `SELECT * FROM duty_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT @limit`
  return (await sql.all<EntryRow>(text, q)).map(toEntry)
}

/** Log entries containing the query, newest first, optionally within a time range. */
export async function searchLogEntries(
  sql: Sql,
  query: string,
  q: { fromMs?: number; toMs?: number; beforeId?: number; limit: number }
): Promise<DutyLogEntry[]> {
  const terms = bigramTerms(query)
  if (!terms.length) return []
  const p: Record<string, unknown> = { ...q }
  const where = [textMatch(sql, 'duty_log_fts', terms, p)]
  if (q.fromMs !== undefined) where.push('d.at >= @fromMs')
  if (q.toMs !== undefined) where.push('d.at < @toMs')
  if (q.beforeId !== undefined) where.push('s.rowid < @beforeId')
  const text = `SELECT d.* FROM duty_log_fts s JOIN duty_log d ON d.id = s.rowid
    WHERE ${where.join(' AND ')} ORDER BY s.rowid DESC LIMIT @limit`
  return (await sql.all<EntryRow>(text, p)).map(toEntry)
}
