import type { ReadableDb } from '../db/database'
import { ApiError } from '../../shared/ipc/errors'
import { connectOnvif, type OnvifDevice } from './client'
import { getOnvifLink, type StoredLink } from './repository'
import type { SecretBox } from '../security/secretBox'

/**
 * One connected client per linked camera, made on first use and dropped when
 * the link changes. Device calls of one camera run one after another, so a
 * Stop can never overtake the Move it ends.
 */
export type OnvifDevices = ReturnType<typeof createOnvifDevices>

export function createOnvifDevices(db: ReadableDb, secrets?: SecretBox) {
  const clients = new Map<
    number,
    { link: StoredLink; device: OnvifDevice; queue: Promise<unknown> }
  >()

  const entry = (cameraId: number) => {
    const link = getOnvifLink(db, cameraId, secrets)
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
      e = { link, device: connectOnvif(link), queue: Promise.resolve() }
      clients.set(cameraId, e)
    }
    e.link = link
    return e
  }

  return {
    link(cameraId: number): StoredLink {
      return entry(cameraId).link
    },
    /** Runs a device call after the camera's previous ones; a device failure becomes `unavailable`. */
    run<T>(cameraId: number, fn: (d: OnvifDevice, link: StoredLink) => Promise<T>): Promise<T> {
      const e = entry(cameraId)
      const p = e.queue.then(() => fn(e.device, e.link))
      e.queue = p.catch(() => undefined)
      return p.catch((err: unknown) => {
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
    pull(cameraId: number) {
      return entry(cameraId).device.pull()
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
