/**
 * The recording store on disk: <data dir>/recordings/<camera id>/<UTC day>/<start ms>-<run>.ts.
 * Index rows keep paths relative to the store; every path that leaves the
 * index for the file system goes through resolveInStore().
 */
import { realpathSync } from 'node:fs'
import path from 'node:path'

const REL_RE = /^[1-9][0-9]{0,9}\/[0-9]{8}\/[0-9]{1,16}-[0-9]{1,10}\.ts$/

function utcDay(ms: number): string {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`
}

/** Where a new segment goes, relative to the store. */
export function segmentRelPath(cameraId: number, startMs: number, run: number): string {
  return `${cameraId}/${utcDay(startMs)}/${Math.max(0, Math.round(startMs))}-${run}.ts`
}

/**
 * Absolute path of an index path inside the store, or undefined when it is
 * not one the recorder writes (grammar check first: no `..`, no absolute
 * paths, no separators of another platform), or when it resolves outside the
 * store (also through symlinks, if the file exists).
 */
export function resolveInStore(storeDir: string, rel: string): string | undefined {
  if (!REL_RE.test(rel)) return undefined
  const root = path.resolve(storeDir)
  const full = path.resolve(root, rel)
  if (!full.startsWith(root + path.sep)) return undefined
  try {
    const realRoot = realpathSync(root)
    const realFull = realpathSync(full)
    if (!realFull.startsWith(realRoot + path.sep)) return undefined
  } catch {
    // Not there (yet): the grammar check already confines it to the store.
  }
  return full
}

/** Quick MPEG-TS sanity check: sync bytes where packets start. */
export function looksLikeTs(buf: Uint8Array): boolean {
  if (buf.length < 188) return false
  for (let at = 0; at + 188 <= Math.min(buf.length, 188 * 8); at += 188)
    if (buf[at] !== 0x47) return false
  return true
}
