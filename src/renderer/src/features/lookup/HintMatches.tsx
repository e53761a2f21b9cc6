import { Tag, Tooltip } from 'antd'
import { CheckOutlined, CloseOutlined, QuestionOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { LookupHintMatch } from '../../../../shared/lookup/types'
import { hintValueLabel, type Lang } from './model/hints'
import styles from './lookup.module.css'

const COLORS = { match: 'success', contradict: 'error', unknown: 'default' } as const
const ICONS = {
  match: <CheckOutlined />,
  contradict: <CloseOutlined />,
  unknown: <QuestionOutlined />
} as const

/**
 * How a candidate compares with each hint: compact chips in the list, tags
 * with what its reads say in the detail.
 */
export function HintMatches({
  matches,
  compact
}: {
  matches: readonly LookupHintMatch[]
  compact?: boolean
}) {
  const { t, i18n } = useTranslation()
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  if (matches.length === 0) return null
  return (
    <span data-testid="lookup-hint-matches">
      {matches.map((m) => {
        const seen = m.seen ? hintValueLabel(m.hint, m.seen, lang) : null
        const text = `${t(`lookup.hint.${m.hint}`)}：${t(`lookup.hint.${m.verdict}`)}${
          seen ? ` (${seen})` : ''
        }`
        return compact ? (
          <Tooltip key={m.hint} title={text}>
            <span
              className={styles.hintChip}
              style={{
                color:
                  m.verdict === 'match'
                    ? '#52c41a'
                    : m.verdict === 'contradict'
                      ? '#ff7875'
                      : '#8c8c8c'
              }}
              data-hint={m.hint}
              data-verdict={m.verdict}
            >
              {ICONS[m.verdict]}
              {t(`lookup.hint.short.${m.hint}`)}
            </span>
          </Tooltip>
        ) : (
          <Tag
            key={m.hint}
            color={COLORS[m.verdict]}
            icon={ICONS[m.verdict]}
            data-hint={m.hint}
            data-verdict={m.verdict}
          >
            {text}
          </Tag>
        )
      })}
    </span>
  )
}
