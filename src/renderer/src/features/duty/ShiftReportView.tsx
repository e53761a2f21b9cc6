import { useEffect, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { Button, Spin } from 'antd'
import { CloseOutlined, PrinterOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../lib/time'
import { useRoomZone } from '../app/queries'
import { labelOf, useIncidentConfig } from '../incidents/queries'
import { useShiftReport } from './queries'
import styles from './report.module.css'

/** A part of the report under its heading with the number of rows; "none" stands in for no rows. */
function Section({
  title,
  rows,
  children
}: {
  title: string
  rows: readonly unknown[]
  children: ReactNode
}) {
  const { t } = useTranslation()
  return (
    <>
      <h2>{t(title, { count: rows.length })}</h2>
      {rows.length === 0 ? <div className={styles.none}>{t('report.none')}</div> : children}
    </>
  )
}

function ReportTable({
  testId,
  headers,
  children
}: {
  testId?: string
  headers?: string[]
  children: ReactNode
}) {
  return (
    <table className={styles.table} data-testid={testId}>
      {headers && (
        <thead>
          <tr>
            {headers.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
      )}
      <tbody>{children}</tbody>
    </table>
  )
}

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

          <Section title="report.incidents" rows={r.incidents}>
            <ReportTable
              testId="report-incidents"
              headers={[
                '#',
                t('incident.at'),
                t('incident.type'),
                t('incident.severity'),
                t('incident.place'),
                t('incident.description'),
                t('incident.status')
              ]}
            >
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
            </ReportTable>
          </Section>

          <Section title="report.notifications" rows={r.notifications}>
            <ReportTable
              testId="report-notifications"
              headers={[
                t('notify.at'),
                t('notify.department'),
                t('notify.method'),
                t('notify.calledBy'),
                t('notify.contact'),
                t('report.incident')
              ]}
            >
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
            </ReportTable>
          </Section>

          <Section title="report.outages" rows={r.outages}>
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
              <ReportTable
                testId="report-outages"
                headers={[
                  t('report.camera'),
                  t('incident.block'),
                  t('report.from'),
                  t('report.to'),
                  t('report.minutes')
                ]}
              >
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
              </ReportTable>
            </>
          </Section>

          <Section title="report.entries" rows={r.entries}>
            <ReportTable>
              {r.entries.map((e) => (
                <tr key={e.id}>
                  <td style={{ width: 150 }}>{dt(e.at)}</td>
                  <td style={{ width: 100 }}>{e.actor}</td>
                  <td style={{ whiteSpace: 'pre-wrap' }}>{e.text}</td>
                </tr>
              ))}
            </ReportTable>
          </Section>

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
