import type { Sql } from '../db/sql'

export type Room = { id: string; name: string; publicUrl: string; lastSeenMs: number }

/** Registers (or re-registers) a room server on the district; `origin` is its pool's application_name. */
export async function registerRoom(
  sql: Sql,
  r: { id: string; name: string; publicUrl: string; origin: string; nowMs: number }
): Promise<void> {
  await sql.run(
    `INSERT INTO rooms (id, name, public_url, origin, last_seen_ms)
     VALUES (@id, @name, @publicUrl, @origin, @nowMs)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, public_url = EXCLUDED.public_url,
       origin = EXCLUDED.origin, last_seen_ms = EXCLUDED.last_seen_ms`,
    r
  )
}

export async function touchRoom(sql: Sql, id: string, nowMs: number): Promise<void> {
  await sql.run('UPDATE rooms SET last_seen_ms = @nowMs WHERE id = @id', { id, nowMs })
}

export async function listRooms(sql: Sql): Promise<Room[]> {
  return sql.all<Room>(
    `SELECT id, name, public_url AS "publicUrl", last_seen_ms::float8 AS "lastSeenMs"
     FROM rooms ORDER BY name, id`
  )
}

/** The room that serves a camera and the URL it is reached at; null: no room is named for it. */
export async function servingRoomOf(
  sql: Sql,
  cameraId: number
): Promise<{ id: string; publicUrl: string } | null> {
  return (
    (await sql.get<{ id: string; publicUrl: string }>(
      `SELECT r.id, r.public_url AS "publicUrl" FROM camera_rooms c JOIN rooms r ON r.id = c.room
       WHERE c.camera_id = @cameraId`,
      { cameraId }
    )) ?? null
  )
}

/** Names the room that serves a camera (a technician's choice; by default the room that registered it). */
export async function setCameraRoom(sql: Sql, cameraId: number, room: string): Promise<void> {
  await sql.run(
    `INSERT INTO camera_rooms (camera_id, room) VALUES (@cameraId, @room)
     ON CONFLICT (camera_id) DO UPDATE SET room = EXCLUDED.room`,
    { cameraId, room }
  )
}

/** The room whose data directory holds an attachment's file; null: not known (stored before rooms). */
export async function attachmentRoomOf(
  sql: Sql,
  attachmentId: number
): Promise<{ id: string; publicUrl: string } | null> {
  return (
    (await sql.get<{ id: string; publicUrl: string }>(
      `SELECT r.id, r.public_url AS "publicUrl" FROM attachment_rooms a JOIN rooms r ON r.id = a.room
       WHERE a.attachment_id = @attachmentId`,
      { attachmentId }
    )) ?? null
  )
}

/** The cameras a room is named for. */
export async function listCameraRooms(sql: Sql): Promise<{ cameraId: number; room: string }[]> {
  return sql.all(
    'SELECT camera_id::float8 AS "cameraId", room FROM camera_rooms ORDER BY camera_id'
  )
}

/** Leaves a camera to whichever room shows it; whether it was named for one. */
export async function clearCameraRoom(sql: Sql, cameraId: number): Promise<boolean> {
  return (
    (await sql.run('DELETE FROM camera_rooms WHERE camera_id = @cameraId', { cameraId })).changes >
    0
  )
}

export async function cameraRoomOf(sql: Sql, cameraId: number): Promise<string | null> {
  return (
    (
      await sql.get<{ room: string }>('SELECT room FROM camera_rooms WHERE camera_id = @cameraId', {
        cameraId
      })
    )?.room ?? null
  )
}

export async function roomExists(sql: Sql, id: string): Promise<boolean> {
  return (await sql.get('SELECT 1 FROM rooms WHERE id = @id', { id })) !== undefined
}
