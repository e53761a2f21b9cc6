import { Tooltip } from 'antd'
import { useTranslation } from 'react-i18next'
import type { LookupCandidate } from '../../../../shared/lookup/types'
import { SCORE_LEVEL_COLORS, scoreLevel } from './model/score'
import styles from './lookup.module.css'

/** A candidate's score as a word and a bar; hovering says in one line what it rests on. */
export function ScoreBar({
  candidate: c,
  best,
  width = 56
}: {
  candidate: LookupCandidate
  best: number
  width?: number
}) {
  const { t } = useTranslation()
  const level = scoreLevel(c, best)
  const color = SCORE_LEVEL_COLORS[level]
  const hint = t(`lookup.scoreHint.${level}`, {
    windows: c.matchedWindows,
    fit: Math.round(c.pathConsistency * 100),
    pct: Math.round(c.score * 100)
  })
  return (
    <Tooltip title={hint}>
      <span className={styles.score} data-testid="lookup-score" data-level={level}>
        <span className={styles.scoreWord} style={{ color }}>
          {t(`lookup.scoreLevel.${level}`)}
        </span>
        <span className={styles.scoreTrack} style={{ width }}>
          <span
            style={{
              width: `${Math.max(4, Math.round(c.score * 100))}%`,
              background: color
            }}
          />
        </span>
      </span>
    </Tooltip>
  )
}
