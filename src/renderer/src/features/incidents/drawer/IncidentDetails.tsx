import { Descriptions, Table, Timeline } from 'antd'
import { useTranslation } from 'react-i18next'
import { appBus } from '../../../lib/appBus'
import { formatDateTime } from '../../../lib/time'
import type { Incident } from '../../../../../shared/domain/incident'
import { useCameras, useRoomZone } from '../../app/queries'
import { labelOf, useIncidentConfig } from '../queries'
import { SeverityTag } from '../tags'
import { AttachmentList } from './Attachments'
import styles from '../incidents.module.css'

/** What was recorded: the facts, the linked footage (a click replays it), attachments, calls, the workflow's steps. */
export function IncidentDetails({ incident: i }: { incident: Incident }) {
  const { t } = useTranslation()
  const tz = useRoomZone()
  const cameras = useCameras()
  const config = useIncidentConfig()
  const cameraName = (cid: number | null) =>
    cid === null ? '—' : (cameras.data?.find((c) => c.id === cid)?.name ?? `#${cid}`)
  return (
    <>
      <Descriptions size="small" column={2} bordered className={styles.section}>
        <Descriptions.Item label={t('incident.at')}>{formatDateTime(i.at, tz)}</Descriptions.Item>
        <Descriptions.Item label={t('incident.severity')}>
          <SeverityTag severity={i.severity} />
        </Descriptions.Item>
        <Descriptions.Item label={t('incident.place')}>
          {i.placeName} <span className={styles.hint}>({t(`placeKind.${i.placeKind}`)})</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('incident.block')}>
          {[i.block, i.community].filter(Boolean).join(' / ') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('incident.description')} span={2}>
          <div style={{ whiteSpace: 'pre-wrap' }} data-testid="incident-description-view">
            {i.description || '—'}
          </div>
        </Descriptions.Item>
        <Descriptions.Item label={t('incident.linkedCameras')} span={2}>
          {i.linkedCameras.length === 0
            ? '—'
            : i.linkedCameras.map((l) => (
                <div key={`${l.cameraId}-${l.from}`}>
                  <a
                    onClick={() =>
                      appBus.emit('playback:open', {
                        cameraIds: [l.cameraId],
                        at: l.from,
                        windows: [{ cameraId: l.cameraId, from: l.from, to: l.to }]
                      })
                    }
                  >
                    {cameraName(l.cameraId)}
                  </a>{' '}
                  {formatDateTime(l.from, tz)} – {formatDateTime(l.to, tz).slice(11)}
                </div>
              ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('incident.version')}>
          v{i.version} · {i.updatedBy ?? '—'} · {formatDateTime(i.updatedAt, tz)}
        </Descriptions.Item>
      </Descriptions>
      <AttachmentList attachments={i.attachments} />
      <h4 className={styles.section}>{t('notify.title')}</h4>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={i.notifications}
        data-testid="incident-notifications"
        locale={{ emptyText: t('notify.none') }}
        columns={[
          {
            title: t('notify.department'),
            dataIndex: 'department',
            render: (d: string) => labelOf(t, 'department', config.data?.departments, d)
          },
          {
            title: t('notify.at'),
            dataIndex: 'at',
            render: (at: number) => formatDateTime(at, tz)
          },
          {
            title: t('notify.method'),
            dataIndex: 'method',
            render: (m: string) => t(`notifyMethod.${m}`)
          },
          { title: t('notify.calledBy'), dataIndex: 'calledBy' },
          { title: t('notify.contact'), dataIndex: 'contact' },
          { title: t('notify.note'), dataIndex: 'note' }
        ]}
      />
      <h4 className={styles.section}>{t('incident.history')}</h4>
      <Timeline
        className={styles.steps}
        data-testid="incident-steps"
        items={i.steps.map((s) => ({
          color: s.action === 'reopen' ? 'orange' : s.toStatus === 'closed' ? 'gray' : 'blue',
          content: (
            <>
              <b>{t(`incidentAction.${s.action}`)}</b> → {t(`incidentStatus.${s.toStatus}`)} ·{' '}
              {s.actor ?? '—'} · {formatDateTime(s.at, tz)}
              {s.note && <div className={styles.hint}>{s.note}</div>}
            </>
          )
        }))}
      />
    </>
  )
}
