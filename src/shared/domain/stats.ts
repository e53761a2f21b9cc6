/** Statistics of incidents over a period, by block, hour of day, type and week/month. */
export type IncidentStats = {
  from: number
  to: number
  timeZone: string
  total: number
  /** rows: blocks (null block as ''), cols: hour of day 0..23 in the room's zone */
  heatmap: { blocks: string[]; counts: number[][] }
  /** per-type counts by bucket (week starting Monday, or calendar month), oldest first */
  trend: {
    bucket: 'week' | 'month'
    labels: string[]
    series: { type: string; counts: number[] }[]
  }
  /** this period against the same period one year earlier */
  yoy: { type: string; current: number; lastYear: number; changePct: number | null }[]
  /** camera outage minutes per block within the period */
  outages: { block: string; minutes: number; cameras: number }[]
  /** block × time slot with the most incidents */
  patrolFocus: {
    block: string
    fromHour: number
    toHour: number
    count: number
    share: number
    topType: string | null
  }[]
}
