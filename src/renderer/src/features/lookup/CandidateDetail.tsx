import { Descriptions, List, Space, Table, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { LookupCandidate, LookupWindow, TrailPoint } from '../../../../shared/lookup/types'
import { formatTime } from '../../lib/time'
import { reasonParams } from './model/trail'
import { ScoreBar } from './ScoreBar'
import { HintMatches } from './HintMatches'
import { hintValueLabel, type Lang } from './model/hints'
import type { LookupHints } from '../../../../shared/lookup/types'
import { ReadPlate } from './ReadPlate'
import styles from './lookup.module.css'

/** A candidate's evidence: reasons in words, the sightings with their windows and flags, and its trail. */
export function CandidateDetail({
  candidate,
  best,
  windows,
  trail,
  timeZone,
  cameraName
}: {
  candidate: LookupCandidate
  /** the best score of the result (scores compare within one result) */
  best: number
  windows: readonly LookupWindow[]
  trail: readonly TrailPoint[] | undefined
  timeZone: string
  cameraName: (code: string) => string | undefined
}) {
  const { t, i18n } = useTranslation()
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const clock = (ms: number) => formatTime(ms, timeZone)
  return (
    <Space
      direction="vertical"
      style={{ width: '100%' }}
      data-testid="lookup-candidate-detail"
      data-plate={candidate.plate}
    >
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('lookup.score')}>
          <ScoreBar candidate={candidate} best={best} width={80} />
        </Descriptions.Item>
        <Descriptions.Item label={t('lookup.originAt')}>
          {clock(candidate.originMs)}
        </Descriptions.Item>
        <Descriptions.Item label={t('lookup.pathConsistency')}>
          {Math.round(candidate.pathConsistency * 100)}%
        </Descriptions.Item>
        <Descriptions.Item label={t('lookup.variants')}>
          {candidate.plateVariants.length ? candidate.plateVariants.join(', ') : '—'}
        </Descriptions.Item>
      </Descriptions>
      {candidate.hintMatches.length > 0 && (
        <div>
          <span className={styles.mono}>{t('lookup.hint.compare')}：</span>
          <HintMatches matches={candidate.hintMatches} />
        </div>
      )}
      <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="lookup-reasons">
        {candidate.reasons.map((r, i) => (
          <li key={i}>
            {t(
              `lookup.reason.${r.code}`,
              reasonParams(r, {
                cameraName,
                formatTime: clock,
                lookAlikeText: t('lookup.lookAlikeSuffix'),
                hintName: (h) => t(`lookup.hint.${h}`),
                hintValue: (h, v) => hintValueLabel(h as keyof LookupHints, v, lang)
              })
            )}
          </li>
        ))}
      </ul>
      <Table
        size="small"
        className={styles.evidence}
        pagination={false}
        rowKey={(s) => `${s.cameraCode}-${s.ts}`}
        dataSource={candidate.sightings}
        columns={[
          {
            title: t('lookup.camera'),
            render: (_, s) => `${s.cameraCode} ${cameraName(s.cameraCode) ?? ''}`
          },
          {
            title: t('lookup.time'),
            render: (_, s) => (
              <span className={styles.mono}>
                {clock(s.ts)}
                {s.ts !== s.trueTs && (
                  <div title={t('lookup.clockCorrected')}>→ {clock(s.trueTs)}</div>
                )}
              </span>
            )
          },
          {
            title: t('lookup.read'),
            render: (_, s) => <span className={styles.plate}>{s.plate}</span>
          },
          {
            title: t('lookup.window'),
            render: (_, s) =>
              s.windowIndex === null || !windows[s.windowIndex] ? '—' : `#${s.windowIndex + 1}`
          },
          {
            title: '',
            render: (_, s) => (
              <Space size={2} wrap>
                <Tag color={s.role === 'before' ? 'blue' : 'purple'}>
                  {t(`lookup.role.${s.role}`)}
                </Tag>
                {s.fuzzy && <Tag color="gold">{t('lookup.fuzzy')}</Tag>}
                {s.lookAlike && <Tag color="orange">{t('lookup.lookAlike')}</Tag>}
                {!s.consistent && <Tag color="red">{t('lookup.inconsistent')}</Tag>}
              </Space>
            )
          }
        ]}
      />
      <Typography.Text strong>{t('lookup.trail', { count: trail?.length ?? 0 })}</Typography.Text>
      <List
        size="small"
        data-testid="lookup-trail"
        dataSource={trail ?? []}
        style={{ maxHeight: 180, overflowY: 'auto' }}
        renderItem={(p) => (
          <List.Item style={{ padding: '2px 8px' }}>
            <span className={styles.mono}>{clock(p.trueTs)}</span>
            <span className={styles.grow} style={{ marginInline: 8 }}>
              {p.cameraCode} {cameraName(p.cameraCode) ?? ''}
            </span>
            <ReadPlate plate={p.plate} fuzzy={p.fuzzy} />
          </List.Item>
        )}
      />
    </Space>
  )
}
