import type { ReactNode } from 'react'
import { Button, Input, Select, Space, Typography } from 'antd'
import { FilePdfOutlined, FileTextOutlined, SaveOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { LookupCase } from '../../../../shared/ipc/contracts/lookup'
import { formatDateTime } from '../../lib/time'
import { useIncidentChoices } from './queries'

/** A written report, opened in a window of its own. */
function ReportLink({
  href,
  testId,
  children
}: {
  href: string
  testId: string
  children: ReactNode
}) {
  return (
    <a href={href} target="_blank" rel="noreferrer" data-testid={testId}>
      {children}
    </a>
  )
}

/** The saved case: title, linked incident, verdict count, report export. */
export function CasePanel({
  lookupCase,
  onSave,
  onPatch,
  onReport,
  state
}: {
  lookupCase: LookupCase | null
  onSave: () => void
  onPatch: (patch: { title?: string; incidentId?: number | null }) => void
  onReport: () => void
  state: {
    busy: boolean
    canSave: boolean
    report: { htmlUrl: string; pdfUrl: string } | null
    timeZone: string
  }
}) {
  const { t } = useTranslation()
  const incidents = useIncidentChoices()
  if (!lookupCase)
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('lookup.caseNotSaved')}</Typography.Text>
        <Button
          icon={<SaveOutlined />}
          disabled={!state.canSave}
          loading={state.busy}
          onClick={onSave}
          data-testid="lookup-save-case"
        >
          {t('lookup.saveCase')}
        </Button>
      </Space>
    )
  const seen = lookupCase.confirmations.filter((k) => k.verdict === 'seen').length
  return (
    <Space
      direction="vertical"
      style={{ width: '100%' }}
      data-testid="lookup-case"
      data-case-id={lookupCase.id}
    >
      <Typography.Text>
        {t('lookup.caseNo', { id: lookupCase.id })} · {lookupCase.createdBy ?? ''} ·{' '}
        {formatDateTime(lookupCase.createdAt, state.timeZone)}
      </Typography.Text>
      <Input
        defaultValue={lookupCase.title}
        placeholder={t('lookup.caseTitle')}
        onBlur={(e) => e.target.value !== lookupCase.title && onPatch({ title: e.target.value })}
        key={`title-${lookupCase.id}`}
      />
      <Select
        allowClear
        style={{ width: '100%' }}
        placeholder={t('lookup.linkIncident')}
        value={lookupCase.incidentId}
        onChange={(v: number | undefined) => onPatch({ incidentId: v ?? null })}
        options={(incidents.data ?? []).map((i) => ({
          value: i.id,
          label: `#${i.id} ${i.placeName || i.type} · ${formatDateTime(i.at, state.timeZone)}`
        }))}
        data-testid="lookup-incident"
      />
      <Typography.Text type="secondary">
        {t('lookup.verdicts', { count: lookupCase.confirmations.length, seen })}
      </Typography.Text>
      <Space wrap>
        <Button
          type="primary"
          icon={<FilePdfOutlined />}
          loading={state.busy}
          onClick={onReport}
          data-testid="lookup-report"
        >
          {t('lookup.exportReport')}
        </Button>
        {state.report && (
          <>
            <ReportLink href={state.report.htmlUrl} testId="lookup-report-html">
              <FileTextOutlined /> HTML
            </ReportLink>
            <ReportLink href={state.report.pdfUrl} testId="lookup-report-pdf">
              <FilePdfOutlined /> PDF
            </ReportLink>
          </>
        )}
      </Space>
    </Space>
  )
}
