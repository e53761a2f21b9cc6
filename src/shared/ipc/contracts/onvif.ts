import { z } from 'zod'
import { channel } from '../channel'
import type { Camera } from '../../domain/camera'
import { CAMERA_LIMITS } from '../../domain/registry'
import type { OnvifLink, OnvifProbe } from '../../domain/onvif'

/** ONVIF device service address: http(s) only, no credentials in the URL */
const xaddr = z
  .string()
  .trim()
  .max(500)
  .url()
  .refine((u) => /^https?:\/\//i.test(u) && !/^https?:\/\/[^/]*@/i.test(u), {
    message: 'http(s) address without user:password@'
  })
const account = {
  xaddr,
  username: z.string().trim().min(1).max(100),
  password: z.string().max(200)
}

export const onvifContract = {
  /** Read a device's profiles (main/sub stream URIs, resolution, PTZ, snapshot URI) before saving it. */
  'onvif:probe': channel<OnvifProbe>()({
    input: z.object(account).strict(),
    permission: 'registry.edit'
  }),
  /** WS-Discovery on the local network: device service addresses that answered. */
  'onvif:discover': channel<{ xaddr: string; name: string }[]>()({
    input: z.object({ timeoutMs: z.number().int().min(500).max(10_000).default(3000) }).strict(),
    permission: 'registry.edit'
  }),
  /**
   * Register a camera from its ONVIF device: streams, PTZ and snapshot come
   * from the device; the account is kept in main and never returned.
   */
  'onvif:addCamera': channel<Camera>()({
    input: z
      .object({
        ...account,
        code: z.string().trim().min(1).max(CAMERA_LIMITS.code),
        name: z.string().trim().min(1).max(CAMERA_LIMITS.name),
        lat: z.number().finite().min(-90).max(90),
        lng: z.number().finite().min(-180).max(180),
        block: z.string().trim().max(CAMERA_LIMITS.block).nullable().default(null)
      })
      .strict(),
    permission: 'registry.edit',
    audit: 'camera'
  }),
  /** Cameras with an ONVIF device; the account's user name only for technicians and admins. */
  'onvif:links': channel<OnvifLink[]>()({
    input: z.object({}).strict(),
    permission: 'watch'
  })
}
