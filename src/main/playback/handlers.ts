import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { playbackContract } from '../../shared/ipc/contracts/playback'
import type { bookmarksContract } from '../../shared/ipc/contracts/bookmarks'
import { ApiError } from '../../shared/ipc/errors'
import { getCamera } from '../cameras/repository'
import {
  addBookmark,
  availability,
  deleteBookmark,
  getBookmark,
  listBookmarks
} from '../recording/repository'
import type { RecordingServices } from '../recording/service'
import { GAP_TOLERANCE_MS } from './vod'

/** How long a playlist URL stays valid. */
const GRANT_MS = 12 * 3600_000

export function playbackHandlers(
  deps: AppDeps,
  services: RecordingServices
): HandlersOf<typeof playbackContract & typeof bookmarksContract> {
  const { db } = deps
  const checkCameras = (ids: readonly number[]) => {
    for (const id of ids)
      if (!getCamera(db, id)) throw new ApiError('not_found', `Unknown camera ${id}`)
  }
  return {
    'playback:availability': ({ cameraIds, from, to, minGapMs }) => {
      checkCameras(cameraIds)
      return cameraIds.map((cameraId) => ({
        cameraId,
        ranges: availability(db, cameraId, from, to, Math.max(minGapMs, GAP_TOLERANCE_MS))
      }))
    },
    'playback:open': ({ cameraIds, from, to }, ctx) => {
      checkCameras(cameraIds)
      const s = ctx.session?.id ?? null
      const e = deps.now() + GRANT_MS
      return cameraIds.map((cameraId) => {
        const ranges = availability(db, cameraId, from, to, GAP_TOLERANCE_MS)
        const grant = services.signer.sign({ k: 'vod', c: cameraId, f: from, t: to, s, e })
        return {
          cameraId,
          from,
          to,
          ranges,
          url: ranges.length > 0 ? `${services.mediaBase}/vod/${grant}/index.m3u8` : null
        }
      })
    },
    'bookmarks:list': ({ from, to }) => listBookmarks(db, from, to),
    'bookmarks:add': ({ at, note, cameraIds }, ctx) => {
      const b = addBookmark(db, {
        at,
        note,
        cameraIds,
        createdAt: deps.now(),
        createdBy: ctx.actor
      })
      deps.bus.emit('bookmarks:changed', { id: b.id })
      return b
    },
    'bookmarks:delete': ({ id }, ctx) => {
      const before = getBookmark(db, id)
      if (!before || !deleteBookmark(db, id)) throw new ApiError('not_found', `No bookmark ${id}`)
      ctx.audit({ action: 'bookmark.delete', entityId: id, before })
      deps.bus.emit('bookmarks:changed', { id })
      return null
    }
  }
}
