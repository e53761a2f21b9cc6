// fontkit 2 ships no types; only what pdf.ts uses is declared.
declare module 'fontkit' {
  export type FontkitFont = {
    postscriptName: string
    createSubset(): { encode(): Uint8Array; includeGlyph(glyph: unknown): number }
  } & Record<string, unknown>
  export function create(buffer: Uint8Array, postscriptName?: string): FontkitFont
}
