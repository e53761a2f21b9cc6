import type { ReadableDb } from '../db/database'
import type { CameraInfo, StatusChange } from './outages'

/** Blocks of the cameras in service: the statistics show them even with no incident. */
export function listServiceBlocks(db: ReadableDb): string[] {
  return db
    .prepare('SELECT DISTINCT block FROM cameras WHERE block IS NOT NULL AND archived = 0')
    .pluck()
    .all() as string[]
}

/** Each camera's last status change before `from` (whether it entered the period offline). */
export function listLastStatusChangesBefore(db: ReadableDb, from: number): StatusChange[] {
  return db
    .prepare(
      `SELECT e.camera_id AS cameraId, e.at, e.kind FROM system_events e
       JOIN (SELECT camera_id, MAX(id) AS id FROM system_events
             WHERE at < @from AND camera_id IS NOT NULL AND kind IN ('camera.offline', 'camera.online') GROUP BY camera_id) last
         ON last.id = e.id`
    )
    .all({ from }) as StatusChange[]
}

/** Camera status changes within [from, to), oldest first. */
export function listStatusChanges(db: ReadableDb, from: number, to: number): StatusChange[] {
  return db
    .prepare(
      `SELECT camera_id AS cameraId, at, kind FROM system_events
       WHERE at >= @from AND at < @to AND camera_id IS NOT NULL AND kind IN ('camera.offline', 'camera.online') ORDER BY at, id`
    )
    .all({ from, to }) as StatusChange[]
}

/** Every camera, archived ones too (an outage of last year names a camera archived since). */
export function listCameraInfo(db: ReadableDb): CameraInfo[] {
  return db.prepare('SELECT id, code, name, block FROM cameras').all() as CameraInfo[]
}
