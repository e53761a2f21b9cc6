import type { LookupCandidate } from '../../../../../shared/lookup/types'

/** A candidate's score as a word: what an operator should do with it. */
export type ScoreLevel = 'strong' | 'likely' | 'possible' | 'weak'

export const SCORE_LEVEL_COLORS: Record<ScoreLevel, string> = {
  strong: '#52c41a',
  likely: '#40a9ff',
  possible: '#faad14',
  weak: '#8c8c8c'
}

/**
 * Scores are comparable only within one result, so the word weighs the score
 * against the best one too: a clear leader is "strong"; a candidate the reads
 * cannot tell from others never is.
 */
export function scoreLevel(
  c: Pick<LookupCandidate, 'score' | 'reasons'>,
  best: number
): ScoreLevel {
  const tied = c.reasons.some((r) => r.code === 'equally_likely')
  const rel = best > 0 ? c.score / best : 0
  if (c.score >= 0.7 && rel >= 0.95 && !tied) return 'strong'
  if (c.score >= 0.45 && rel >= 0.7) return 'likely'
  if (c.score >= 0.2) return 'possible'
  return 'weak'
}
