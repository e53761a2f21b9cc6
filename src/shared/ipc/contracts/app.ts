import { z } from 'zod'
import { channel } from '../channel'

export type AppInfo = {
  name: string
  version: string
  /** `ipc` in the desktop app, `http` in host mode */
  transport: 'ipc' | 'http'
  /** the built-in demo site is active */
  demo: boolean
  /** IANA zone used to show times (storage is UTC epoch ms) */
  timeZone: string
  /** base URL of the local media server (live demo streams, recordings) */
  mediaBase: string
  /**
   * absolute ws:// base replacing mediaBase in live socket URLs (the desktop
   * app, whose pages are not served over http); null: the page's own origin
   */
  liveSocketBase: string | null
  /** server clock, for drift display */
  now: number
}

export type Counts = {
  cameras: number
  online: number
  offline: number
  degraded: number
  unknown: number
  roads: number
}

export const appContract = {
  /** Name, version, transport and clock of the running app. */
  'app:info': channel<AppInfo>()({ input: z.object({}).strict(), permission: 'public' }),
  /** Camera and road counts for the status bar. */
  'app:counts': channel<Counts>()({ input: z.object({}).strict(), permission: 'watch' })
}
