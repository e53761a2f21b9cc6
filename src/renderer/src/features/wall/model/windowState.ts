import { findLayoutProblem, isLayoutPreset } from '../../../../../shared/domain/layout'
import type { WallView } from './wallView'
import type { TourSpec } from './tour'

/** What a wall window remembers across reloads, per window id. */
export type WindowState = { view: WallView; tour: TourSpec | null }

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/
const WORKSTATION_KEY = 'watchroom.workstationId'
const NEXT_WINDOW_KEY = 'watchroom.nextWindow'
const stateKey = (windowId: string) => `watchroom.wall.${windowId}`

/** This window's id: `?window=` for windows the wall opened, `main` for the first one. */
export function currentWindowId(search = window.location.search): string {
  const id = new URLSearchParams(search).get('window')
  return id && ID_RE.test(id) ? id : 'main'
}

/** The layout a window was opened with (`?layout=`), if any. */
export function requestedLayoutId(search = window.location.search): number | null {
  const n = Number(new URLSearchParams(search).get('layout'))
  return Number.isInteger(n) && n > 0 ? n : null
}

/** This workstation's id, made once and kept in local storage. */
export function workstationId(storage: Storage = window.localStorage): string {
  const v = storage.getItem(WORKSTATION_KEY)
  if (v && ID_RE.test(v)) return v
  const id = `ws-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
  storage.setItem(WORKSTATION_KEY, id)
  return id
}

/** A fresh id for a window the wall opens (w2, w3, …). */
export function nextWindowId(storage: Storage = window.localStorage): string {
  const n = Math.max(2, Number(storage.getItem(NEXT_WINDOW_KEY)) || 2)
  storage.setItem(NEXT_WINDOW_KEY, String(n + 1))
  return `w${n}`
}

const isIdList = (v: unknown): v is (number | null)[] =>
  Array.isArray(v) && v.every((x) => x === null || (Number.isInteger(x) && (x as number) > 0))

/** The stored state of a window, or null if none (or it does not make a valid layout). */
export function loadWindowState(
  windowId: string,
  storage: Storage = window.localStorage
): WindowState | null {
  try {
    const raw = JSON.parse(
      storage.getItem(stateKey(windowId)) ?? 'null'
    ) as Partial<WindowState> | null
    const v = raw?.view
    if (!v || !isIdList(v.cameraIds) || !Array.isArray(v.cells) || findLayoutProblem(v)) return null
    const view: WallView = {
      layoutId: typeof v.layoutId === 'number' ? v.layoutId : null,
      preset: typeof v.preset === 'number' && isLayoutPreset(v.preset) ? v.preset : null,
      cols: v.cols,
      rows: v.rows,
      cells: v.cells,
      cameraIds: v.cameraIds
    }
    const t = raw.tour
    const tour =
      t &&
      isIdList(t.cameraIds) &&
      typeof t.dwellMs === 'number' &&
      typeof t.startedAt === 'number' &&
      t.target
        ? t
        : null
    return { view, tour: tour }
  } catch {
    return null
  }
}

export function saveWindowState(
  windowId: string,
  s: WindowState,
  storage: Storage = window.localStorage
): void {
  storage.setItem(stateKey(windowId), JSON.stringify(s))
}
