/** Camera event kinds an alarm rule can match. */
export const ONVIF_EVENT_KINDS = ['motion', 'line', 'intrusion', 'tamper'] as const
export type OnvifEventKind = (typeof ONVIF_EVENT_KINDS)[number]

/** One media profile of a device, as GetProfiles and GetStreamUri tell. */
export type OnvifProfile = {
  token: string
  name: string
  streamUri: string
  width: number | null
  height: number | null
  ptz: boolean
}

/** What the app reads from a device before a technician saves it as a camera. */
export type OnvifProbe = {
  /** largest first: [0] is the main stream, [1] the sub stream */
  profiles: OnvifProfile[]
  ptz: boolean
  snapshotUri: string | null
}

/** A camera's ONVIF link, without the password (never leaves main). */
export type OnvifLink = {
  cameraId: number
  xaddr: string
  /** only for technicians and admins */
  username: string | null
  profileToken: string
  ptz: boolean
  snapshotUri: string | null
}
