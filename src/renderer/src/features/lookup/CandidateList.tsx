import { Tooltip } from 'antd'
import { useTranslation } from 'react-i18next'
import type { LookupCandidate } from '../../../../shared/lookup/types'
import { VirtualList } from './VirtualList'
import { ScoreBar } from './ScoreBar'
import { HintMatches } from './HintMatches'
import styles from './lookup.module.css'

/** Candidates best first; a click selects one (its evidence and trail show below). */
export function CandidateList({
  candidates,
  selected,
  onSelect
}: {
  candidates: readonly LookupCandidate[]
  selected: string | null
  onSelect: (plate: string) => void
}) {
  const { t } = useTranslation()
  const best = candidates.reduce((m, c) => Math.max(m, c.score), 0)
  return (
    <VirtualList
      items={candidates}
      rowHeight={34}
      testId="lookup-candidates"
      render={(c) => (
        <div
          className={`${styles.row} ${c.plate === selected ? styles.rowSelected : ''}`}
          style={{ height: 34 }}
          onClick={() => onSelect(c.plate)}
          data-testid="lookup-candidate"
          data-plate={c.plate}
        >
          <span className={styles.mono} style={{ width: 24 }}>
            #{c.rank}
          </span>
          <span className={`${styles.plate} ${styles.grow}`}>
            {c.plate}
            {c.fuzzyMatched && (
              <Tooltip title={t('lookup.fuzzyHint', { variants: c.plateVariants.join(', ') })}>
                <span style={{ color: '#faad14', marginInlineStart: 6, fontSize: 11 }}>
                  ≈ {t('lookup.fuzzy')}
                </span>
              </Tooltip>
            )}
            <HintMatches matches={c.hintMatches} compact />
            {c.contradictions > 0 && (
              <span style={{ color: '#ff7875', marginInlineStart: 6, fontSize: 11 }}>
                {t('lookup.contradictions', { count: c.contradictions })}
              </span>
            )}
          </span>
          <span className={styles.mono}>
            {t('lookup.matchedWindows', { count: c.matchedWindows })}
          </span>
          <ScoreBar candidate={c} best={best} />
        </div>
      )}
    />
  )
}
