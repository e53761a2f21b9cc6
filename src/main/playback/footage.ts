/** Bytes of an indexed segment, wherever they live (a store file, or a source that produces them). */
import { readFile } from 'node:fs/promises'
import type { SegmentRow } from '../recording/repository'
import { resolveInStore } from '../recording/store'

/**
 * Index paths that name footage a source inside main produces when asked
 * (a pre-rendered loop) instead of a file in the store. The composition root
 * plugs one in where such a source runs.
 */
export type FootageRefs = {
  owns(path: string): boolean
  bytes(path: string): Promise<Buffer | undefined>
  /** not producible yet, but soon (worth a retry) */
  pending(path: string): boolean
}

export type FootageReader = {
  /** Absolute path of a stored segment inside the store, undefined for produced footage or a bad path. */
  filePath(seg: SegmentRow): string | undefined
  /**
   * The segment's bytes; undefined when the file is gone, the path is not
   * one of the store's, or produced footage is not ready yet.
   */
  bytes(seg: SegmentRow): Promise<Buffer | undefined>
  /** Produced footage that is still being prepared (worth a retry). */
  pending(seg: SegmentRow): boolean
}

export function createFootageReader(storeDir: string, refs: FootageRefs | null): FootageReader {
  return {
    filePath: (seg) => resolveInStore(storeDir, seg.path),
    async bytes(seg) {
      if (refs?.owns(seg.path)) return refs.bytes(seg.path)
      const full = resolveInStore(storeDir, seg.path)
      if (!full) return undefined
      try {
        return await readFile(full)
      } catch {
        return undefined
      }
    },
    pending: (seg) => !!refs?.owns(seg.path) && refs.pending(seg.path)
  }
}
