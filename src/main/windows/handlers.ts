import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { windowContract } from '../../shared/ipc/contracts/window'

/** The query a wall window is opened with; the renderer reads the same names. */
export function wallWindowQuery(req: { windowId: string; layoutId?: number }): string {
  const q = new URLSearchParams({ window: req.windowId })
  if (req.layoutId !== undefined) q.set('layout', String(req.layoutId))
  return q.toString()
}

export function windowsHandlers(deps: AppDeps): HandlersOf<typeof windowContract> {
  return {
    'window:open': (req) => {
      // The desktop shell opens a BrowserWindow itself; a browser (host mode)
      // opens the URL with window.open, which only a user gesture may do.
      if (deps.openWindow) {
        deps.openWindow(req)
        return { kind: 'opened' }
      }
      return { kind: 'url', url: `/?${wallWindowQuery(req)}` }
    }
  }
}
