import { Alert, App, Button, Space } from 'antd'
import { useTranslation } from 'react-i18next'
import { appBus } from '../../lib/appBus'
import { formatTime } from '../../lib/time'
import { roleHas } from '../../../../shared/auth/roles'
import { useSession, useRoomZone } from '../app/queries'
import { labelOf, useAlerts, useIncidentConfig } from './queries'
import { useTransition } from './mutations'
import { incidentErrorMessage } from './errors'
import styles from './incidents.module.css'

/**
 * Unacknowledged high-severity incidents, on top of every workspace until
 * someone acknowledges them (refreshed by `incident:changed` events).
 */
export function AlertBanner() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const alerts = useAlerts()
  const config = useIncidentConfig()
  const session = useSession()
  const zone = useRoomZone()
  const ack = useTransition()
  const list = alerts.data ?? []
  if (list.length === 0) return null
  const first = list[0]
  const canAck = session.data ? roleHas(session.data.user.role, 'incident.log') : false
  return (
    <Alert
      className={styles.alertBanner}
      type="error"
      showIcon
      banner
      data-testid="high-severity-banner"
      title={
        <Space wrap>
          <b>{t('alert.title', { count: list.length })}</b>
          <span>
            {formatTime(first.at, zone)} ·{' '}
            {labelOf(t, 'incidentType', config.data?.types, first.type)} · {first.placeName}
            {first.block ? ` (${first.block})` : ''}
          </span>
        </Space>
      }
      action={
        <Space>
          <Button size="small" onClick={() => appBus.emit('incident:open', { id: first.id })}>
            {t('alert.open')}
          </Button>
          {canAck && (
            <Button
              size="small"
              type="primary"
              danger
              loading={ack.isPending}
              onClick={() =>
                ack.mutate(
                  { id: first.id, action: 'acknowledge' },
                  { onError: (err) => void message.error(incidentErrorMessage(t, err)) }
                )
              }
              data-testid="banner-acknowledge"
            >
              {t('incidentAction.acknowledge')}
            </Button>
          )}
        </Space>
      }
    />
  )
}
