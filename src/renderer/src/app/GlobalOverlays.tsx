import { IncidentCreateHost } from '../features/incidents/IncidentCreateHost'
import { IncidentDrawerHost } from '../features/incidents/IncidentDrawer'
import { AlertBanner } from '../features/incidents/AlertBanner'
import { HandoverBanner } from '../features/duty/HandoverBanner'

/**
 * Overlays visible from every workspace (the incident form opened from any
 * feature, alerts that must stay until acknowledged). Features add theirs here.
 */
export function GlobalOverlays() {
  return (
    <>
      <AlertBanner />
      <HandoverBanner />
      <IncidentCreateHost />
      <IncidentDrawerHost />
    </>
  )
}
