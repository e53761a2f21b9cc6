import type { Sql } from '../db/sql'
import { ApiError } from '../../shared/ipc/errors'
import { connectOnvif, type OnvifDevice } from './client'
import { getOnvifLink, type StoredLink } from './repository'
import type { SecretBox } from '../security/secretBox'

/**
 * One connected client per linked camera, made on first use and dropped when
 * the link changes. Device calls of one camera run one after another (the
 * link is read inside the camera's queue too), so a Stop can never overtake
 * the Move it ends, whichever database answers first.
 */
export type OnvifDevices = ReturnType<typeof createOnvifDevices>

export function createOnvifDevices(sql: Sql, secrets?: SecretBox) {
  const clients = new Map<number, { link: StoredLink; device: OnvifDevice }>()
  const queues = new Map<number, Promise<unknown>>()

  const entry = async (cameraId: number) => {
    const link = await getOnvifLink(sql, cameraId, secrets)
    if (!link)
      throw new ApiError('not_found', 'This camera has no ONVIF device.', { reason: 'no_onvif' })
    let e = clients.get(cameraId)
    if (
      !e ||
      e.link.xaddr !== link.xaddr ||
      e.link.password !== link.password ||
      e.link.username !== link.username
    ) {
      e?.device.close()
      e = { link, device: connectOnvif(link) }
      clients.set(cameraId, e)
    }
    e.link = link
    return e
  }

  return {
    async link(cameraId: number): Promise<StoredLink> {
      return (await entry(cameraId)).link
    },
    /**
     * Runs a device call after the camera's previous ones; a device failure
     * becomes `unavailable` (a camera without a link stays `not_found`).
     */
    run<T>(cameraId: number, fn: (d: OnvifDevice, link: StoredLink) => Promise<T>): Promise<T> {
      const linked = (queues.get(cameraId) ?? Promise.resolve()).then(() => entry(cameraId))
      const p = linked.then((e) => fn(e.device, e.link))
      const settled = p.catch(() => undefined)
      queues.set(cameraId, settled)
      void settled.then(() => {
        if (queues.get(cameraId) === settled) queues.delete(cameraId)
      })
      return p.catch(async (err: unknown) => {
        // no link (or no database): not the device's fault, so not `unavailable`
        await linked
        throw new ApiError(
          'unavailable',
          `The camera did not answer: ${err instanceof Error ? err.message : String(err)}`,
          {
            reason: 'device'
          }
        )
      })
    },
    /** A PullPoint long poll: outside the queue, or it would hold up a PTZ stop for its whole wait. */
    async pull(cameraId: number) {
      return (await entry(cameraId)).device.pull()
    },
    forget(cameraId: number): void {
      clients.get(cameraId)?.device.close()
      clients.delete(cameraId)
    },
    close(): void {
      for (const e of clients.values()) e.device.close()
      clients.clear()
    }
  }
}
