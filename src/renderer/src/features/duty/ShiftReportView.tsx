import { useEffect } from 'react'
import { createPortal } from 'react-dom'
import { Button, Spin } from 'antd'
import { CloseOutlined, PrinterOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../lib/time'
import { useRoomZone } from '../app/queries'
import { labelOf, useIncidentConfig } from '../incidents/queries'
import { useShiftReport } from './queries'
import styles from './report.module.css'

/**
 * The shift report as a print view (print CSS hides the app; the browser's
 * print dialog also saves a PDF). Rendered into a portal on <body> so the
 * print rules can drop everything else.
 */
export function ShiftReportView({ shiftId, onClose }: { shiftId: number; onClose: () => void }) {
  const { t } = useTranslation()
  const report = useShiftReport(shiftId)
  const config = useIncidentConfig()
  const tz = useRoomZone()
  const dt = (ms: number) => formatDateTime(ms, tz)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  const r = report.data
  const typeName = (c: string) => labelOf(t, 'incidentType', config.data?.types, c)
  return createPortal(
    <div className={`${styles.overlay} print-portal`} data-testid="shift-report">
      <div className={styles.toolbar}>
        <Button
          icon={<PrinterOutlined />}
          type="primary"
          onClick={() => window.print()}
          data-testid="report-print"
        >
          {t('report.print')}
        </Button>
        <Button icon={<CloseOutlined />} onClick={onClose} data-testid="report-close">
          {t('common.close')}
        </Button>
      </div>
      {!r ? (
        <Spin />
      ) : (
        <div className={styles.page}>
          <h1>{t('report.title', { id: r.shift.id })}</h1>
          <div className={styles.meta}>
            {t('report.period')}: {dt(r.from)} – {dt(r.to)}
            {r.shift.endedAt === null ? ` (${t('report.onDuty')})` : ''} · {t('report.operators')}:{' '}
            {r.shift.operators.join('、') || '—'} · {t('report.generated')}: {dt(r.generatedAt)}
          </div>

          <h2>{t('report.incidents', { count: r.incidents.length })}</h2>
          {r.incidents.length === 0 ? (
            <div className={styles.none}>{t('report.none')}</div>
          ) : (
            <table className={styles.table} data-testid="report-incidents">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('incident.at')}</th>
                  <th>{t('incident.type')}</th>
                  <th>{t('incident.severity')}</th>
                  <th>{t('incident.place')}</th>
                  <th>{t('incident.description')}</th>
                  <th>{t('incident.status')}</th>
                </tr>
              </thead>
              <tbody>
                {r.incidents.map((i) => (
                  <tr key={i.id}>
                    <td>{i.id}</td>
                    <td className={styles.nowrap}>{dt(i.at)}</td>
                    <td className={styles.nowrap}>{typeName(i.type)}</td>
                    <td className={styles.nowrap}>{t(`severity.${i.severity}`)}</td>
                    <td>
                      {i.placeName}
                      {i.block ? ` · ${i.block}` : ''}
                    </td>
                    <td>
                      {i.description}
                      <div className={styles.steps}>
                        {i.steps
                          .map(
                            (s) =>
                              `${dt(s.at).slice(11)} ${t(`incidentAction.${s.action}`)} (${s.actor ?? '—'})${s.note ? `: ${s.note}` : ''}`
                          )
                          .join(' → ')}
                      </div>
                    </td>
                    <td className={styles.nowrap}>{t(`incidentStatus.${i.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2>{t('report.notifications', { count: r.notifications.length })}</h2>
          {r.notifications.length === 0 ? (
            <div className={styles.none}>{t('report.none')}</div>
          ) : (
            <table className={styles.table} data-testid="report-notifications">
              <thead>
                <tr>
                  <th>{t('notify.at')}</th>
                  <th>{t('notify.department')}</th>
                  <th>{t('notify.method')}</th>
                  <th>{t('notify.calledBy')}</th>
                  <th>{t('notify.contact')}</th>
                  <th>{t('report.incident')}</th>
                </tr>
              </thead>
              <tbody>
                {r.notifications.map((n) => (
                  <tr key={n.id}>
                    <td className={styles.nowrap}>{dt(n.at)}</td>
                    <td className={styles.nowrap}>
                      {labelOf(t, 'department', config.data?.departments, n.department)}
                    </td>
                    <td className={styles.nowrap}>{t(`notifyMethod.${n.method}`)}</td>
                    <td>{n.calledBy}</td>
                    <td>{[n.contact, n.note].filter(Boolean).join(' · ')}</td>
                    <td>
                      #{n.incidentId} {typeName(n.incidentType)} · {n.incidentPlace}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2>{t('report.outages', { count: r.outages.length })}</h2>
          {r.outages.length === 0 ? (
            <div className={styles.none}>{t('report.none')}</div>
          ) : (
            <>
              <div data-testid="report-block-outages">
                {t('report.blockOutages')}:{' '}
                {r.blockOutages
                  .map((b) =>
                    t('report.blockOutage', {
                      block: b.block || '—',
                      minutes: b.minutes.toFixed(1),
                      cameras: b.cameras
                    })
                  )
                  .join('；')}
              </div>
              <table className={styles.table} data-testid="report-outages">
                <thead>
                  <tr>
                    <th>{t('report.camera')}</th>
                    <th>{t('incident.block')}</th>
                    <th>{t('report.from')}</th>
                    <th>{t('report.to')}</th>
                    <th>{t('report.minutes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.outages.map((o) => (
                    <tr key={`${o.cameraId}-${o.from}`}>
                      <td>
                        {o.cameraName} ({o.cameraCode})
                      </td>
                      <td>{o.block ?? '—'}</td>
                      <td className={styles.nowrap}>{dt(o.from)}</td>
                      <td className={styles.nowrap}>
                        {o.to === null ? t('report.stillOffline') : dt(o.to)}
                      </td>
                      <td>{o.minutes.toFixed(1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}

          <h2>{t('report.entries', { count: r.entries.length })}</h2>
          {r.entries.length === 0 ? (
            <div className={styles.none}>{t('report.none')}</div>
          ) : (
            <table className={styles.table}>
              <tbody>
                {r.entries.map((e) => (
                  <tr key={e.id}>
                    <td style={{ width: 150 }}>{dt(e.at)}</td>
                    <td style={{ width: 100 }}>{e.actor}</td>
                    <td style={{ whiteSpace: 'pre-wrap' }}>{e.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2>{t('report.handover')}</h2>
          <div style={{ whiteSpace: 'pre-wrap' }}>
            {r.shift.handoverNote || <span className={styles.none}>{t('report.none')}</span>}
          </div>
          <div className={styles.signature}>
            <span>{t('report.signOut')}: ____________</span>
            <span>{t('report.signIn')}: ____________</span>
          </div>
        </div>
      )}
    </div>,
    document.body
  )
}
