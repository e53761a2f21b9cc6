import { z } from 'zod'
import { channel } from '../channel'
import type { Camera } from '../../domain/camera'

// they end up percent-encoded in a URL on an ffmpeg command line: no control characters
const printable = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]*$/)

export const cameraCredentialsContract = {
  /**
   * Set or clear the user name and password of a camera's streams. Without
   * `password` the stored one stays; null or '' clears it. The password is
   * sealed in main and never returned: cameras show only whether one is set.
   */
  'cameras:setCredentials': channel<Camera>()({
    input: z
      .object({
        id: z.number().int().positive(),
        user: printable(128).nullable(),
        password: printable(256).nullable().optional()
      })
      .strict(),
    permission: 'registry.edit'
  })
}
