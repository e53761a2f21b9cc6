import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Permission } from '../../shared/auth/roles'
import { checkPermission, type Denial } from '../api/dispatch'
import type { MediaViewer } from '../playback/server'

/**
 * One family of media paths below the media mount. Each declares the
 * permission its viewer must hold: the router checks it before the route
 * sees the request, so a new route cannot forget it.
 */
export type MediaRoute = {
  prefix: string
  permission: Permission
  /**
   * Still served while the viewer's session is locked: the room keeps
   * watching the wall behind a locked workstation (issue #18), so live
   * pictures flow; recordings, exports and reports do not.
   */
  whileLocked?: boolean
  handle(
    req: IncomingMessage,
    res: ServerResponse,
    subPath: string,
    viewer: MediaViewer
  ): Promise<boolean>
}

export type MediaHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  subPath: string,
  viewer?: MediaViewer
) => Promise<boolean>

const DENIAL_STATUS: Record<Denial['reason'], number> = {
  unauthenticated: 401,
  locked: 423,
  forbidden: 403
}

/**
 * The media server's route table. `viewer` is the caller's session where the
 * transport has one (host mode); undefined where it has none (the desktop's
 * secret loopback path), in which case routes with signed links check the
 * session the link names.
 */
export function createMediaRouter(
  routes: readonly MediaRoute[],
  hooks: { onDenied?(d: Denial): void } = {}
): MediaHandler {
  return async (req, res, subPath, viewer) => {
    const route = routes.find((r) => subPath.startsWith(r.prefix))
    if (!route) return false
    if (viewer !== undefined) {
      // a session that must change its password first sees no media either
      const unlockedView =
        route.whileLocked && viewer?.locked ? { ...viewer, locked: false } : viewer
      const reason =
        checkPermission(route.permission, unlockedView) ??
        (viewer?.mustChangePassword ? ('forbidden' as const) : null)
      if (reason) {
        hooks.onDenied?.({
          channel: `media:${route.prefix}`,
          permission: route.permission,
          reason,
          session: viewer
        })
        res.writeHead(DENIAL_STATUS[reason], { 'Content-Type': 'text/plain; charset=utf-8' })
        res.end(`${reason}\n`)
        return true
      }
    }
    return route.handle(req, res, subPath, viewer)
  }
}
