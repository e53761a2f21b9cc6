import type { z } from 'zod'
import type { ChannelDef } from './channel'
import { appContract } from './contracts/app'
import { authContract } from './contracts/auth'
import { camerasContract } from './contracts/cameras'
import { layoutsContract } from './contracts/layouts'
import { eventsContract } from './contracts/events'
import { demoContract } from './contracts/demo'
import { incidentsContract } from './contracts/incidents'
import { dutyContract } from './contracts/duty'
import { statsContract } from './contracts/stats'
import { auditContract } from './contracts/audit'
import { usersContract } from './contracts/users'
import { lookupContract } from './contracts/lookup'
import { settingsContract } from './contracts/settings'
import { windowContract } from './contracts/window'
import { registryContract } from './contracts/registry'
import { healthContract } from './contracts/health'
import { recordingContract } from './contracts/recording'
import { playbackContract } from './contracts/playback'
import { exportContract } from './contracts/export'
import { setupContract } from './contracts/setup'
import { ptzContract } from './contracts/ptz'
import { groupsContract } from './contracts/groups'
import { roadsContract } from './contracts/roads'
import { sightingsContract } from './contracts/sightings'
import { onvifContract } from './contracts/onvif'
import { alarmsContract } from './contracts/alarms'
import { bookmarksContract } from './contracts/bookmarks'
import { districtContract } from './contracts/district'

/**
 * The one API contract: every channel of every process. Main's handler map,
 * the IPC and HTTP adapters, preload's window.api and the renderer's client
 * are all derived from it.
 */
export const contract = {
  ...appContract,
  ...authContract,
  ...camerasContract,
  ...layoutsContract,
  ...eventsContract,
  ...demoContract,
  ...incidentsContract,
  ...dutyContract,
  ...statsContract,
  ...auditContract,
  ...usersContract,
  ...lookupContract,
  ...settingsContract,
  ...registryContract,
  ...healthContract,
  ...windowContract,
  ...recordingContract,
  ...playbackContract,
  ...exportContract,
  ...setupContract,
  ...ptzContract,
  ...groupsContract,
  ...roadsContract,
  ...sightingsContract,
  ...onvifContract,
  ...alarmsContract,
  ...bookmarksContract,
  ...districtContract
} as const

export type Contract = typeof contract
export type Channel = keyof Contract

export const CHANNELS = Object.keys(contract) as Channel[]

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name)
}

/** What a caller passes (before zod defaults and transforms). */
export type InputOf<K extends Channel> = z.input<Contract[K]['input']>
/** What a handler receives (after parsing). */
export type ParsedInputOf<K extends Channel> = z.output<Contract[K]['input']>
/** What a channel resolves to. */
export type OutputOf<K extends Channel> =
  Contract[K] extends ChannelDef<z.ZodType, infer O> ? O : never

/** The renderer's view of the API: one async function per channel. */
export type Api = { [K in Channel]: (input: InputOf<K>) => Promise<OutputOf<K>> }
