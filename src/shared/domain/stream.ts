/**
 * One playable variant of a camera's live stream, resolved by main into a URL
 * the renderer may load. Sorted smallest first; width/height are null when
 * unknown (an external sub/main pair without a master playlist).
 */
export type StreamVariant = {
  id: string
  width: number | null
  height: number | null
  url: string
}
