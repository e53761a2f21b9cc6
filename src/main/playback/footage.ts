/** Bytes of an indexed segment, wherever they live (store file or demo loop). */
import { readFile } from 'node:fs/promises'
import type { SegmentRow } from '../recording/repository'
import { parseDemoRef, resolveInStore } from '../recording/store'
import type { DemoFootageSource } from '../recording/sources'

export type FootageReader = {
  /** Absolute path of a stored segment inside the store, undefined for demo footage or a bad path. */
  filePath(seg: SegmentRow): string | undefined
  /**
   * The segment's bytes; undefined when the file is gone, the path is not
   * one of the store's, or demo footage is not rendered yet.
   */
  bytes(seg: SegmentRow): Promise<Buffer | undefined>
  /** Demo footage whose loop is still being rendered (worth a retry). */
  pending(seg: SegmentRow): boolean
}

export function createFootageReader(
  storeDir: string,
  demo: (Pick<DemoFootageSource, 'segment'> & { status?(code: string): string }) | null
): FootageReader {
  return {
    filePath: (seg) => resolveInStore(storeDir, seg.path),
    async bytes(seg) {
      const ref = parseDemoRef(seg.path)
      if (ref)
        return demo ? demo.segment(ref.code, ref.variant, ref.seq, { cache: false }) : undefined
      const full = resolveInStore(storeDir, seg.path)
      if (!full) return undefined
      try {
        return await readFile(full)
      } catch {
        return undefined
      }
    },
    pending(seg) {
      const ref = parseDemoRef(seg.path)
      return !!ref && !!demo && demo.status?.(ref.code) !== 'failed'
    }
  }
}
