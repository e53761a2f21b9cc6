/** Fonts the burned-in code, name and clock use, where this machine has them. */
import { existsSync } from 'node:fs'

export interface DemoFonts {
  /** Font with Latin glyphs for code and clock. */
  latin?: string
  mono?: string
  /** Font with CJK glyphs for the camera name. */
  cjk?: string
}

const CJK_FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  '/System/Library/Fonts/PingFang.ttc',
  '/System/Library/Fonts/STHeiti Medium.ttc',
  '/Library/Fonts/Arial Unicode.ttf',
  'C:/Windows/Fonts/msyh.ttc',
  'C:/Windows/Fonts/simhei.ttf'
]
const LATIN_FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  '/System/Library/Fonts/Helvetica.ttc',
  'C:/Windows/Fonts/arialbd.ttf'
]
const MONO_FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSansMono-Bold.ttf',
  '/usr/share/fonts/TTF/DejaVuSansMono-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf',
  '/System/Library/Fonts/Menlo.ttc',
  'C:/Windows/Fonts/consolab.ttf'
]

/** Fonts found on this machine; any may be missing (text is then dropped, never an error). */
export function detectDemoFonts(): DemoFonts {
  const pick = (list: readonly string[]): string | undefined => list.find((f) => existsSync(f))
  const cjk = pick(CJK_FONT_CANDIDATES)
  const latin = pick(LATIN_FONT_CANDIDATES) ?? cjk
  const mono = pick(MONO_FONT_CANDIDATES) ?? latin
  return { latin, mono, cjk }
}
