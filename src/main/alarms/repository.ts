import type { ReadableDb, WritableDb } from '../db/database'
import type { Alarm, AlarmRule, AlarmRuleFields } from '../../shared/domain/alarm'
import type { OnvifEventKind } from '../../shared/domain/onvif'

type RuleRow = {
  id: number
  name: string
  enabled: number
  camera_ids: string
  kinds: string
  schedule: string
  actions: string
  updated_at: number
  updated_by: string | null
}

const toRule = (r: RuleRow): AlarmRule => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled === 1,
  cameraIds: JSON.parse(r.camera_ids) as number[],
  kinds: JSON.parse(r.kinds) as OnvifEventKind[],
  schedule: JSON.parse(r.schedule) as AlarmRule['schedule'],
  actions: JSON.parse(r.actions) as AlarmRule['actions'],
  updatedAt: r.updated_at,
  updatedBy: r.updated_by
})

const ruleParams = (f: AlarmRuleFields, now: number, actor: string | null) => ({
  name: f.name,
  enabled: f.enabled ? 1 : 0,
  cameraIds: JSON.stringify(f.cameraIds),
  kinds: JSON.stringify(f.kinds),
  schedule: JSON.stringify(f.schedule),
  actions: JSON.stringify(f.actions),
  now,
  actor
})

export function listAlarmRules(db: ReadableDb): AlarmRule[] {
  return (db.prepare('SELECT * FROM alarm_rules ORDER BY id').all() as RuleRow[]).map(toRule)
}

export function getAlarmRule(db: ReadableDb, id: number): AlarmRule | undefined {
  const r = db.prepare('SELECT * FROM alarm_rules WHERE id = ?').get(id) as RuleRow | undefined
  return r && toRule(r)
}

export function insertAlarmRule(
  db: WritableDb,
  f: AlarmRuleFields,
  now: number,
  actor: string | null
): AlarmRule {
  const r = db
    .prepare(
      `INSERT INTO alarm_rules (name, enabled, camera_ids, kinds, schedule, actions, created_at, updated_at, updated_by)
       VALUES (@name, @enabled, @cameraIds, @kinds, @schedule, @actions, @now, @now, @actor) RETURNING *`
    )
    .get(ruleParams(f, now, actor)) as RuleRow
  return toRule(r)
}

export function updateAlarmRule(
  db: WritableDb,
  id: number,
  f: AlarmRuleFields,
  now: number,
  actor: string | null
): AlarmRule | undefined {
  const r = db
    .prepare(
      `UPDATE alarm_rules SET name = @name, enabled = @enabled, camera_ids = @cameraIds, kinds = @kinds,
         schedule = @schedule, actions = @actions, updated_at = @now, updated_by = @actor
       WHERE id = @id RETURNING *`
    )
    .get({ ...ruleParams(f, now, actor), id }) as RuleRow | undefined
  return r && toRule(r)
}

/** Alarms keep their history; a deleted rule's alarms lose only the link. */
export function deleteAlarmRule(db: WritableDb, id: number): boolean {
  db.prepare('UPDATE alarms SET rule_id = NULL WHERE rule_id = ?').run(id)
  return db.prepare('DELETE FROM alarm_rules WHERE id = ?').run(id).changes === 1
}

type AlarmRow = {
  id: number
  camera_id: number
  code: string
  name: string
  rule_id: number | null
  kind: string
  first_at: number
  last_at: number
  count: number
  popup: number
  sound: number
  incident_id: number | null
  acked_at: number | null
  acked_by: string | null
}

const toAlarm = (r: AlarmRow): Alarm => ({
  id: r.id,
  cameraId: r.camera_id,
  cameraCode: r.code,
  cameraName: r.name,
  ruleId: r.rule_id,
  kind: r.kind as OnvifEventKind,
  firstAt: r.first_at,
  lastAt: r.last_at,
  count: r.count,
  popup: r.popup === 1,
  sound: r.sound === 1,
  incidentId: r.incident_id,
  ackedAt: r.acked_at,
  ackedBy: r.acked_by
})

const ALARM_SELECT = `SELECT a.*, c.code, c.name FROM alarms a JOIN cameras c ON c.id = a.camera_id`

export function getAlarm(db: ReadableDb, id: number): Alarm | undefined {
  const r = db.prepare(`${ALARM_SELECT} WHERE a.id = ?`).get(id) as AlarmRow | undefined
  return r && toAlarm(r)
}

/** The camera's newest alarm (the throttle folds into it). */
export function lastAlarmOfCamera(db: ReadableDb, cameraId: number): Alarm | undefined {
  const r = db
    .prepare(`${ALARM_SELECT} WHERE a.camera_id = ? ORDER BY a.first_at DESC, a.id DESC LIMIT 1`)
    .get(cameraId) as AlarmRow | undefined
  return r && toAlarm(r)
}

export function insertAlarm(
  db: WritableDb,
  a: {
    cameraId: number
    ruleId: number | null
    kind: OnvifEventKind
    at: number
    popup: boolean
    sound: boolean
  }
): Alarm {
  const { id } = db
    .prepare(
      `INSERT INTO alarms (camera_id, rule_id, kind, first_at, last_at, popup, sound)
       VALUES (@cameraId, @ruleId, @kind, @at, @at, @popup, @sound) RETURNING id`
    )
    .get({ ...a, popup: a.popup ? 1 : 0, sound: a.sound ? 1 : 0 }) as { id: number }
  return getAlarm(db, id)!
}

export function foldIntoAlarm(db: WritableDb, id: number, at: number): Alarm {
  db.prepare('UPDATE alarms SET count = count + 1, last_at = max(last_at, @at) WHERE id = @id').run(
    {
      id,
      at
    }
  )
  return getAlarm(db, id)!
}

export function setAlarmIncident(db: WritableDb, id: number, incidentId: number): void {
  db.prepare('UPDATE alarms SET incident_id = ? WHERE id = ?').run(incidentId, id)
}

/** Acknowledges once: a second acknowledgement changes nothing. */
export function ackAlarm(db: WritableDb, id: number, at: number, by: string): boolean {
  return (
    db
      .prepare(
        'UPDATE alarms SET acked_at = @at, acked_by = @by WHERE id = @id AND acked_at IS NULL'
      )
      .run({ id, at, by }).changes === 1
  )
}

/** Unacknowledged alarms (all of them: they stay until someone acknowledges) and the latest acknowledged ones. */
export function listAlarms(db: ReadableDb, opts: { ackedLimit: number }): Alarm[] {
  const open = db
    .prepare(`${ALARM_SELECT} WHERE a.acked_at IS NULL ORDER BY a.first_at DESC, a.id DESC`)
    .all() as AlarmRow[]
  const acked = db
    .prepare(
      `${ALARM_SELECT} WHERE a.acked_at IS NOT NULL ORDER BY a.first_at DESC, a.id DESC LIMIT ?`
    )
    .all(opts.ackedLimit) as AlarmRow[]
  return [...open, ...acked].map(toAlarm)
}
