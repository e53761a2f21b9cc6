import type { Sql } from '../db/sql'
import type { EventBus } from './bus'
import type { SessionStore } from '../users/sessions'
import type { AppInfo } from '../../shared/ipc/contracts/app'
import type { Camera } from '../../shared/domain/camera'
import type { LiveFailure } from '../../shared/domain/live'
import type { StreamVariant } from '../../shared/domain/stream'
import type { SecretBox } from '../security/secretBox'

/** What handlers and services receive: the composition root builds it once. */
export type AppDeps = {
  /** the storage seam every repository takes: the room's SQLite file, or a district's PostgreSQL */
  sql: Sql
  bus: EventBus
  sessions: SessionStore
  now: () => number
  info: Omit<AppInfo, 'now'>
  /** live stream variants of a camera, as URLs the renderer may load */
  resolveStreams(camera: Camera): StreamVariant[]
  /** why the live service cannot play a camera right now (null: it plays, or it is not open) */
  liveReason?: (cameraId: number) => LiveFailure | null
  /** seals and opens camera stream passwords (the key never enters the database) */
  secrets?: SecretBox
  /** opens another wall window (desktop shell only; host mode lets the browser do it) */
  openWindow?: (req: { windowId: string; layoutId?: number }) => void
}
