import type { Sql } from '../db/sql'
import { column } from '../db/sql'
import type { CameraInfo, StatusChange } from './outages'

/** Blocks of the cameras in service: the statistics show them even with no incident. */
export function listServiceBlocks(sql: Sql): Promise<string[]> {
  return column<string>(
    sql,
    'SELECT DISTINCT block FROM cameras WHERE block IS NOT NULL AND archived = 0'
  )
}

/** Each camera's last status change before `from` (whether it entered the period offline). */
export function listLastStatusChangesBefore(sql: Sql, from: number): Promise<StatusChange[]> {
  return sql.all(
    `SELECT e.camera_id AS "cameraId", e.at, e.kind FROM system_events e
     JOIN (SELECT camera_id, MAX(id) AS id FROM system_events
           WHERE at < @from AND camera_id IS NOT NULL AND kind IN ('camera.offline', 'camera.online') GROUP BY camera_id) last
       ON last.id = e.id`,
    { from }
  )
}

/** Camera status changes within [from, to), oldest first. */
export function listStatusChanges(sql: Sql, from: number, to: number): Promise<StatusChange[]> {
  return sql.all(
    `SELECT camera_id AS "cameraId", at, kind FROM system_events
     WHERE at >= @from AND at < @to AND camera_id IS NOT NULL AND kind IN ('camera.offline', 'camera.online') ORDER BY at, id`,
    { from, to }
  )
}

/** Every camera, archived ones too (an outage of last year names a camera archived since). */
export function listCameraInfo(sql: Sql): Promise<CameraInfo[]> {
  return sql.all('SELECT id, code, name, block FROM cameras')
}
