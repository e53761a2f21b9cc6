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
 * Scores are the chance that the candidate is the vehicle sought, given the
 * reads and the hints (they share one result's probability), so the word
 * reads the chance; a candidate the reads cannot tell from others is never
 * called "very likely", and a close second never more than "likely".
 */
export function scoreLevel(
  c: Pick<LookupCandidate, 'score' | 'reasons'>,
  best: number
): ScoreLevel {
  const tied = c.reasons.some((r) => r.code === 'equally_likely')
  const clear = best > 0 && c.score >= best * 0.999
  if (c.score >= 0.6 && clear && !tied) return 'strong'
  if (c.score >= 0.25) return 'likely'
  if (c.score >= 0.08) return 'possible'
  return 'weak'
}
