import type { Sql } from '../db/sql'
import { rowReader } from '../db/rows'
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

const ruleRows = rowReader(toRule)

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

export function listAlarmRules(sql: Sql): Promise<AlarmRule[]> {
  return ruleRows.all(sql, 'SELECT * FROM alarm_rules ORDER BY id')
}

export function getAlarmRule(sql: Sql, id: number): Promise<AlarmRule | undefined> {
  return ruleRows.get(sql, 'SELECT * FROM alarm_rules WHERE id = ?', [id])
}

export async function insertAlarmRule(
  sql: Sql,
  f: AlarmRuleFields,
  now: number,
  actor: string | null
): Promise<AlarmRule> {
  const r = await ruleRows.get(
    sql,
    `INSERT INTO alarm_rules (name, enabled, camera_ids, kinds, schedule, actions, created_at, updated_at, updated_by)
     VALUES (@name, @enabled, @cameraIds, @kinds, @schedule, @actions, @now, @now, @actor) RETURNING *`,
    ruleParams(f, now, actor)
  )
  return r!
}

export function updateAlarmRule(
  sql: Sql,
  id: number,
  f: AlarmRuleFields,
  now: number,
  actor: string | null
): Promise<AlarmRule | undefined> {
  return ruleRows.get(
    sql,
    `UPDATE alarm_rules SET name = @name, enabled = @enabled, camera_ids = @cameraIds, kinds = @kinds,
       schedule = @schedule, actions = @actions, updated_at = @now, updated_by = @actor
     WHERE id = @id RETURNING *`,
    { ...ruleParams(f, now, actor), id }
  )
}

/** Alarms keep their history; a deleted rule's alarms lose only the link. */
export async function deleteAlarmRule(sql: Sql, id: number): Promise<boolean> {
  await sql.run('UPDATE alarms SET rule_id = NULL WHERE rule_id = ?', [id])
  return (await sql.run('DELETE FROM alarm_rules WHERE id = ?', [id])).changes === 1
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

const alarmRows = rowReader(toAlarm)

const ALARM_SELECT = `SELECT a.*, c.code, c.name FROM alarms a JOIN cameras c ON c.id = a.camera_id`

export function getAlarm(sql: Sql, id: number): Promise<Alarm | undefined> {
  return alarmRows.get(sql, `${ALARM_SELECT} WHERE a.id = ?`, [id])
}

/** The camera's newest alarm (the throttle folds into it). */
export function lastAlarmOfCamera(sql: Sql, cameraId: number): Promise<Alarm | undefined> {
  return alarmRows.get(
    sql,
    `${ALARM_SELECT} WHERE a.camera_id = ? ORDER BY a.first_at DESC, a.id DESC LIMIT 1`,
    [cameraId]
  )
}

export async function insertAlarm(
  sql: Sql,
  a: {
    cameraId: number
    ruleId: number | null
    kind: OnvifEventKind
    at: number
    popup: boolean
    sound: boolean
  }
): Promise<Alarm> {
  const row = await sql.get<{ id: number }>(
    `INSERT INTO alarms (camera_id, rule_id, kind, first_at, last_at, popup, sound)
     VALUES (@cameraId, @ruleId, @kind, @at, @at, @popup, @sound) RETURNING id`,
    {
      cameraId: a.cameraId,
      ruleId: a.ruleId,
      kind: a.kind,
      at: a.at,
      popup: a.popup ? 1 : 0,
      sound: a.sound ? 1 : 0
    }
  )
  return (await getAlarm(sql, row!.id))!
}

export async function foldIntoAlarm(sql: Sql, id: number, at: number): Promise<Alarm> {
  // CASE, not max()/GREATEST(): one spelling both dialects accept
  await sql.run(
    'UPDATE alarms SET count = count + 1, last_at = CASE WHEN last_at > @at THEN last_at ELSE @at END WHERE id = @id',
    { id, at }
  )
  return (await getAlarm(sql, id))!
}

export async function setAlarmIncident(sql: Sql, id: number, incidentId: number): Promise<void> {
  await sql.run('UPDATE alarms SET incident_id = ? WHERE id = ?', [incidentId, id])
}

/** Acknowledges once: a second acknowledgement changes nothing. */
export async function ackAlarm(sql: Sql, id: number, at: number, by: string): Promise<boolean> {
  const r = await sql.run(
    'UPDATE alarms SET acked_at = @at, acked_by = @by WHERE id = @id AND acked_at IS NULL',
    { id, at, by }
  )
  return r.changes === 1
}

/** Unacknowledged alarms (all of them: they stay until someone acknowledges) and the latest acknowledged ones. */
export async function listAlarms(sql: Sql, opts: { ackedLimit: number }): Promise<Alarm[]> {
  const open = await alarmRows.all(
    sql,
    `${ALARM_SELECT} WHERE a.acked_at IS NULL ORDER BY a.first_at DESC, a.id DESC`
  )
  const acked = await alarmRows.all(
    sql,
    `${ALARM_SELECT} WHERE a.acked_at IS NOT NULL ORDER BY a.first_at DESC, a.id DESC LIMIT ?`,
    [opts.ackedLimit]
  )
  return [...open, ...acked]
}
