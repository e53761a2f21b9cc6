import type { ReadableDb, WritableDb } from '../db/database'
import type { DutyLogEntry, Shift } from '../../shared/domain/duty'
import { bigramQuery, bigramText } from '../incidents/search'

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

export function getCurrentShift(db: ReadableDb): Shift | null {
  const r = db
    .prepare('SELECT * FROM shifts WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1')
    .get() as ShiftRow | undefined
  return r ? toShift(r) : null
}

export function getShift(db: ReadableDb, id: number): Shift | null {
  const r = db.prepare('SELECT * FROM shifts WHERE id = ?').get(id) as ShiftRow | undefined
  return r ? toShift(r) : null
}

/** The last shift that ended (its handover note is for the incoming shift). */
export function getPreviousShift(db: ReadableDb): Shift | null {
  const r = db
    .prepare(
      'SELECT * FROM shifts WHERE ended_at IS NOT NULL ORDER BY ended_at DESC, id DESC LIMIT 1'
    )
    .get() as ShiftRow | undefined
  return r ? toShift(r) : null
}

export function listShifts(db: ReadableDb, limit: number): Shift[] {
  return (
    db
      .prepare('SELECT * FROM shifts ORDER BY started_at DESC, id DESC LIMIT ?')
      .all(limit) as ShiftRow[]
  ).map(toShift)
}

export function insertShift(
  db: WritableDb,
  s: { startedAt: number; operators: string[]; startedBy: string | null }
): Shift {
  const r = db
    .prepare(
      'INSERT INTO shifts (started_at, operators, started_by) VALUES (@startedAt, @operators, @startedBy) RETURNING *'
    )
    .get({ ...s, operators: JSON.stringify(s.operators) }) as ShiftRow
  return toShift(r)
}

/** Ends an open shift; false when it is not open (someone ended it first). */
export function endShiftRow(
  db: WritableDb,
  id: number,
  e: { endedAt: number; handoverNote: string; endedBy: string | null }
): boolean {
  return (
    db
      .prepare(
        'UPDATE shifts SET ended_at = @endedAt, handover_note = @handoverNote, ended_by = @endedBy WHERE id = @id AND ended_at IS NULL'
      )
      .run({ id, ...e }).changes === 1
  )
}

export function updateShiftRow(
  db: WritableDb,
  id: number,
  s: { operators: string[]; handoverNote: string }
): void {
  db.prepare(
    'UPDATE shifts SET operators = @operators, handover_note = @handoverNote WHERE id = @id'
  ).run({
    id,
    operators: JSON.stringify(s.operators),
    handoverNote: s.handoverNote
  })
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

/** Prepares a reusable appender (the bench inserts millions through it). */
export function prepareLogInsert(db: WritableDb): (e: Omit<DutyLogEntry, 'id'>) => DutyLogEntry {
  const ins = db.prepare(
    'INSERT INTO duty_log (at, shift_id, actor, text, incident_id) VALUES (@at, @shiftId, @actor, @text, @incidentId) RETURNING *'
  )
  const fts = db.prepare('INSERT INTO duty_log_fts (rowid, body) VALUES (?, ?)')
  return (e) => {
    const r = ins.get(e) as EntryRow
    fts.run(r.id, bigramText(e.text))
    return toEntry(r)
  }
}

export function listLogEntries(
  db: ReadableDb,
  q: { shiftId?: number; fromMs?: number; toMs?: number; beforeId?: number; limit: number }
): DutyLogEntry[] {
  const where: string[] = []
  if (q.shiftId !== undefined) where.push('shift_id = @shiftId')
  if (q.fromMs !== undefined) where.push('at >= @fromMs')
  if (q.toMs !== undefined) where.push('at < @toMs')
  if (q.beforeId !== undefined) where.push('id < @beforeId')
  const sql = `SELECT * FROM duty_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT @limit`
  return (db.prepare(sql).all(q) as EntryRow[]).map(toEntry)
}

/** Log entries containing the query, newest first, optionally within a time range. */
export function searchLogEntries(
  db: ReadableDb,
  query: string,
  q: { fromMs?: number; toMs?: number; beforeId?: number; limit: number }
): DutyLogEntry[] {
  const match = bigramQuery(query)
  if (!match) return []
  const where: string[] = []
  if (q.fromMs !== undefined) where.push('d.at >= @fromMs')
  if (q.toMs !== undefined) where.push('d.at < @toMs')
  if (q.beforeId !== undefined) where.push('s.rowid < @beforeId')
  const sql = `SELECT d.* FROM duty_log_fts s JOIN duty_log d ON d.id = s.rowid WHERE duty_log_fts MATCH @match
    ${where.length ? 'AND ' + where.join(' AND ') : ''} ORDER BY s.rowid DESC LIMIT @limit`
  return (db.prepare(sql).all({ ...q, match }) as EntryRow[]).map(toEntry)
}
