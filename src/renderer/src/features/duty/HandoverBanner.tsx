import { useState } from 'react'
import { Button, Card, List, Space } from 'antd'
import { useTranslation } from 'react-i18next'
import { appBus } from '../../lib/appBus'
import { formatDateTime } from '../../lib/time'
import { useRoomZone } from '../app/queries'
import { StatusTag } from '../incidents/tags'
import { useHandover } from './queries'
import type { Handover } from '../../../../shared/domain/duty'
import styles from '../incidents/incidents.module.css'

const SEEN_KEY = 'watchroom.handoverSeen'

/** Which handover this workstation acknowledged: the ended shift's id, or the open shift's. */
const handoverId = (h: Handover) => `${h.previous?.id ?? 0}:${h.current?.id ?? 0}`

/**
 * Shown once per shift: the outgoing shift's handover note and the incidents
 * still open, so the incoming shift starts from what is pending. Once
 * acknowledged it stays away on this workstation (later logins, unlocks)
 * until the next handover.
 */
export function HandoverBanner() {
  const { t } = useTranslation()
  const handover = useHandover()
  const tz = useRoomZone()
  const [dismissed, setDismissed] = useState(false)
  // what was pending at login: later changes refresh the duty log, not this banner
  const [atLogin, setAtLogin] = useState<Handover | null>(null)
  if (!atLogin && handover.data) setAtLogin(handover.data)
  const h = atLogin
  if (dismissed || !h || localStorage.getItem(SEEN_KEY) === handoverId(h)) return null
  const note = h.previous?.handoverNote.trim()
  if (!note && h.openIncidents.length === 0) return null
  return (
    <Card
      size="small"
      className={styles.handoverBanner}
      title={t('handover.title')}
      data-testid="handover-banner"
      extra={
        <Button
          size="small"
          type="primary"
          onClick={() => {
            localStorage.setItem(SEEN_KEY, handoverId(h))
            setDismissed(true)
          }}
          data-testid="handover-dismiss"
        >
          {t('handover.ack')}
        </Button>
      }
    >
      {note && h.previous && (
        <p style={{ whiteSpace: 'pre-wrap', marginTop: 0 }}>
          <b>
            {t('handover.note', {
              operators: h.previous.operators.join('、') || h.previous.endedBy || '—',
              at: formatDateTime(h.previous.endedAt ?? 0, tz)
            })}
          </b>
          <br />
          {note}
        </p>
      )}
      {h.openIncidents.length > 0 && (
        <>
          <b>{t('handover.open', { count: h.openIncidents.length })}</b>
          <List
            size="small"
            dataSource={h.openIncidents.slice(0, 6)}
            renderItem={(i) => (
              <List.Item
                style={{ cursor: 'pointer' }}
                onClick={() => appBus.emit('incident:open', { id: i.id })}
              >
                <Space size={6}>
                  <StatusTag status={i.status} />
                  <span>#{i.id}</span>
                  <span>{formatDateTime(i.at, tz).slice(5, 16)}</span>
                  <span className={styles.cellText} style={{ maxWidth: 180 }}>
                    {i.placeName}
                  </span>
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  )
}
