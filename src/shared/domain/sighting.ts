/** One plate read by an ANPR camera. `ts` is UTC epoch milliseconds. */
export type Sighting = {
  cameraCode: string
  ts: number
  plate: string
  confidence: number | null
}
