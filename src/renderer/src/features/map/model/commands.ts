/**
 * Site-map edits as data (Excalidraw-style): a gesture produces one command
 * holding the camera's pose before and after; undo applies `before`, redo
 * `after`. The history is a pure value; the map and the API only apply poses.
 */

/** Where a camera is and where it looks. */
export type Pose = { lat: number; lng: number; headingDeg: number | null; fovDeg: number | null }

export type PoseCommand = {
  kind: 'move' | 'turn' | 'widen'
  cameraId: number
  before: Pose
  after: Pose
}

export type History = { past: readonly PoseCommand[]; future: readonly PoseCommand[] }

export const emptyHistory: History = { past: [], future: [] }

/** Most undo steps kept. */
export const HISTORY_LIMIT = 100

export const samePose = (a: Pose, b: Pose): boolean =>
  a.lat === b.lat && a.lng === b.lng && a.headingDeg === b.headingDeg && a.fovDeg === b.fovDeg

/** Records a performed command; a new command clears the redo stack. No-op gestures are dropped. */
export function record(h: History, cmd: PoseCommand): History {
  if (samePose(cmd.before, cmd.after)) return h
  const past = [...h.past, cmd]
  return { past: past.slice(Math.max(0, past.length - HISTORY_LIMIT)), future: [] }
}

/** The pose to apply to undo the last command, and the history after. */
export function undo(
  h: History
): { history: History; apply: { cameraId: number; pose: Pose } } | null {
  const cmd = h.past[h.past.length - 1]
  if (!cmd) return null
  return {
    history: { past: h.past.slice(0, -1), future: [cmd, ...h.future] },
    apply: { cameraId: cmd.cameraId, pose: cmd.before }
  }
}

/** The pose to apply to redo the last undone command, and the history after. */
export function redo(
  h: History
): { history: History; apply: { cameraId: number; pose: Pose } } | null {
  const cmd = h.future[0]
  if (!cmd) return null
  return {
    history: { past: [...h.past, cmd], future: h.future.slice(1) },
    apply: { cameraId: cmd.cameraId, pose: cmd.after }
  }
}

/** Only the fields that differ, for the API patch. */
export function poseDelta(before: Pose, after: Pose): Partial<Pose> {
  const out: Partial<Pose> = {}
  for (const k of ['lat', 'lng', 'headingDeg', 'fovDeg'] as const)
    if (before[k] !== after[k]) (out as Record<string, unknown>)[k] = after[k]
  return out
}

/** Coordinates stored with 7 decimals (~1 cm), like the CSV files. */
export const roundCoord = (d: number): number => Math.round(d * 1e7) / 1e7
