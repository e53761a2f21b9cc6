import { Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import type { IncidentStatus, Severity } from '../../../../shared/domain/incident'

const STATUS_COLOR: Record<IncidentStatus, string> = {
  new: 'red',
  acknowledged: 'orange',
  dispatched: 'blue',
  resolved: 'green',
  closed: 'default'
}
const SEVERITY_COLOR: Record<Severity, string> = { high: 'red', medium: 'gold', low: 'default' }

export function StatusTag({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation()
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="incident-status" data-status={status}>
      {t(`incidentStatus.${status}`)}
    </Tag>
  )
}

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useTranslation()
  return <Tag color={SEVERITY_COLOR[severity]}>{t(`severity.${severity}`)}</Tag>
}
