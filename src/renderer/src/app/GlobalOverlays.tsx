/**
 * Overlays visible from every workspace (the incident form opened from any
 * feature, alerts that must stay until acknowledged). Features add theirs here.
 */
export function GlobalOverlays() {
  return null
}
