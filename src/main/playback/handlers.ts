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
  const { sql } = deps
  const checkCameras = async (ids: readonly number[]) => {
    for (const id of ids)
      if (!(await getCamera(sql, id))) throw new ApiError('not_found', `Unknown camera ${id}`)
  }
  return {
    'playback:availability': async ({ cameraIds, from, to, minGapMs }) => {
      await checkCameras(cameraIds)
      const out = []
      for (const cameraId of cameraIds)
        out.push({
          cameraId,
          ranges: await availability(
            sql,
            cameraId,
            from,
            to,
            Math.max(minGapMs, GAP_TOLERANCE_MS),
            services.room
          )
        })
      return out
    },
    'playback:open': async ({ cameraIds, from, to }, ctx) => {
      await checkCameras(cameraIds)
      const s = ctx.session?.id ?? null
      const e = deps.now() + GRANT_MS
      const out = []
      for (const cameraId of cameraIds) {
        const ranges = await availability(sql, cameraId, from, to, GAP_TOLERANCE_MS, services.room)
        const grant = services.signer.sign({ k: 'vod', c: cameraId, f: from, t: to, s, e })
        out.push({
          cameraId,
          from,
          to,
          ranges,
          url: ranges.length > 0 ? `${services.mediaBase}/vod/${grant}/index.m3u8` : null
        })
      }
      return out
    },
    'bookmarks:list': ({ from, to }) => listBookmarks(sql, from, to),
    'bookmarks:add': async ({ at, note, cameraIds }, ctx) => {
      const b = await addBookmark(sql, {
        at,
        note,
        cameraIds,
        createdAt: deps.now(),
        createdBy: ctx.actor
      })
      deps.bus.emit('bookmarks:changed', { id: b.id })
      return b
    },
    'bookmarks:delete': async ({ id }, ctx) => {
      await sql.tx(async (t) => {
        const before = await getBookmark(t, id)
        if (!before || !(await deleteBookmark(t, id)))
          throw new ApiError('not_found', `No bookmark ${id}`)
        await ctx.audit({ action: 'bookmark.delete', entityId: id, before })
      })
      deps.bus.emit('bookmarks:changed', { id })
      return null
    }
  }
}
