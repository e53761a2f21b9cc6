import type { IncidentStats } from '../../shared/domain/stats'
import type { Outage } from '../../shared/domain/duty'
import { blockOutageMinutes } from './outages'
import { zoneFieldsFormatter } from '../../shared/domain/zoneClock'
import { naturalCompareBlankLast } from '../../shared/domain/naturalOrder'

export type IncidentFact = { at: number; block: string | null; type: string }

const QUARTER_HOUR = 15 * 60_000

/**
 * Local calendar fields of an instant in a time zone. Intl is slow for
 * hundreds of thousands of rows, so the zone's offset is cached per quarter
 * hour (no zone changes its offset in between).
 */
export function createZonedClock(timeZone: string, period?: { from: number; to: number }) {
  const fmt = zoneFieldsFormatter(timeZone)
  const offsets = new Map<number, number>()
  const offsetAt = (ms: number): number => {
    const key = Math.floor(ms / QUARTER_HOUR)
    let off = offsets.get(key)
    if (off === undefined) {
      const base = key * QUARTER_HOUR
      const p = Object.fromEntries(fmt.formatToParts(base).map((x) => [x.type, x.value]))
      off = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - base
      offsets.set(key, off)
    }
    return off
  }
  // Most periods see one offset throughout (no DST in the room's zone, or no
  // transition in the period): sampled daily, a change cannot hide (offsets stay changed for months).
  let fixed: number | null = null
  if (period && period.to > period.from) {
    fixed = offsetAt(period.from)
    for (let t = period.from; t < period.to + 86_400_000 && fixed !== null; t += 86_400_000)
      if (offsetAt(Math.min(t, period.to)) !== fixed) fixed = null
  }
  const DAY = 86_400_000
  /** The instant shifted so that its UTC fields read as local time. */
  const localMs = (ms: number) =>
    ms + (fixed !== null && period && ms >= period.from && ms <= period.to ? fixed : offsetAt(ms))
  // labels are cached per local day: hundreds of thousands of rows share a few hundred days
  const weekOfDay = new Map<number, string>()
  const monthOfDay = new Map<number, string>()
  return {
    hour: (ms: number) => Math.floor((((localMs(ms) % DAY) + DAY) % DAY) / 3_600_000),
    /** YYYY-MM-DD of the Monday starting the instant's week */
    week: (ms: number) => {
      const day = Math.floor(localMs(ms) / DAY)
      let w = weekOfDay.get(day)
      if (w === undefined) {
        const d = new Date(day * DAY)
        d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
        w = d.toISOString().slice(0, 10)
        weekOfDay.set(day, w)
      }
      return w
    },
    month: (ms: number) => {
      const day = Math.floor(localMs(ms) / DAY)
      let m = monthOfDay.get(day)
      if (m === undefined) {
        m = new Date(day * DAY).toISOString().slice(0, 7)
        monthOfDay.set(day, m)
      }
      return m
    }
  }
}

/**
 * Blocks in natural order of their names (第二片区 before 第十片区, A区3号 before
 * B区1号), "no block" ('') last.
 */
export const blockOrder = (a: string, b: string): number => naturalCompareBlankLast(a, b)

/** Same instant one calendar year earlier (29 Feb → 28 Feb). */
export function oneYearEarlier(ms: number): number {
  const d = new Date(ms)
  const month = d.getUTCMonth()
  d.setUTCFullYear(d.getUTCFullYear() - 1)
  if (d.getUTCMonth() !== month) d.setUTCDate(0)
  return d.getTime()
}

export type StatsInput = {
  from: number
  to: number
  timeZone: string
  bucket: 'week' | 'month'
  /** hours per patrol-focus slot (1, 2, 3, 4, 6, 8 or 12) */
  slotHours: number
  /** incidents in [from, to) */
  facts: readonly IncidentFact[]
  /** incidents in the same period a year earlier */
  lastYear: readonly IncidentFact[]
  outages: readonly Outage[]
  /** blocks to show even with no incident (the registry's) */
  knownBlocks?: readonly string[]
  focusLimit?: number
}

/** Every figure of the statistics workspace, from plain rows (tested against a hand-computed fixture). */
export function computeStats(input: StatsInput): IncidentStats {
  const clock = createZonedClock(input.timeZone, { from: input.from, to: input.to })
  const blockOf = (b: string | null) => b ?? ''
  const blocks = [
    ...new Set([...(input.knownBlocks ?? []), ...input.facts.map((f) => blockOf(f.block))])
  ].sort(blockOrder)
  const row = new Map(blocks.map((b, i) => [b, i]))
  const counts = blocks.map(() => new Array<number>(24).fill(0))
  const slots = Math.ceil(24 / input.slotHours)
  const slotTypes = new Map<string, Map<string, number>>()
  for (const f of input.facts) {
    const h = clock.hour(f.at)
    counts[row.get(blockOf(f.block))!][h]++
    const key = `${blockOf(f.block)}\u0000${Math.floor(h / input.slotHours)}`
    const types = slotTypes.get(key) ?? new Map<string, number>()
    types.set(f.type, (types.get(f.type) ?? 0) + 1)
    slotTypes.set(key, types)
  }

  // trend: every bucket of the period, even empty ones
  const label = input.bucket === 'week' ? clock.week : clock.month
  const labels: string[] = []
  for (let t = input.from; t < input.to; t += 6 * 3600_000) {
    const l = label(t)
    if (labels[labels.length - 1] !== l && !labels.includes(l)) labels.push(l)
  }
  const lastLabel = label(input.to - 1)
  if (input.to > input.from && !labels.includes(lastLabel)) labels.push(lastLabel)
  const types = [...new Set(input.facts.map((f) => f.type))].sort()
  const series = types.map((type) => ({ type, counts: labels.map(() => 0) }))
  const seriesOf = new Map(series.map((s) => [s.type, s]))
  const labelIndex = new Map(labels.map((l, i) => [l, i]))
  for (const f of input.facts) {
    const i = labelIndex.get(label(f.at))
    if (i !== undefined) seriesOf.get(f.type)!.counts[i]++
  }

  // this period against the same period last year
  const tally = (facts: readonly IncidentFact[]) => {
    const m = new Map<string, number>()
    for (const f of facts) m.set(f.type, (m.get(f.type) ?? 0) + 1)
    return m
  }
  const cur = tally(input.facts)
  const ly = tally(input.lastYear)
  const pct = (c: number, l: number) => (l === 0 ? null : Math.round(((c - l) / l) * 1000) / 10)
  const yoy = [...new Set([...cur.keys(), ...ly.keys()])].sort().map((type) => {
    const c = cur.get(type) ?? 0
    const l = ly.get(type) ?? 0
    return { type, current: c, lastYear: l, changePct: pct(c, l) }
  })
  yoy.push({
    type: '*',
    current: input.facts.length,
    lastYear: input.lastYear.length,
    changePct: pct(input.facts.length, input.lastYear.length)
  })

  // outage minutes per block: the definition the shift report shares
  const outages = blockOutageMinutes(input.outages).sort(
    (a, b) => b.minutes - a.minutes || blockOrder(a.block, b.block)
  )

  // patrol focus: block × slot cells with the most incidents
  const total = input.facts.length
  const focus: IncidentStats['patrolFocus'] = []
  for (const b of blocks) {
    for (let s = 0; s < slots; s++) {
      const fromHour = s * input.slotHours
      const toHour = Math.min(24, fromHour + input.slotHours)
      let count = 0
      for (let h = fromHour; h < toHour; h++) count += counts[row.get(b)!][h]
      if (count === 0) continue
      const tt = [...(slotTypes.get(`${b}\u0000${s}`) ?? new Map<string, number>()).entries()].sort(
        (x, y) => y[1] - x[1] || x[0].localeCompare(y[0])
      )
      focus.push({
        block: b,
        fromHour,
        toHour,
        count,
        share: Math.round((count / total) * 1000) / 10,
        topType: tt[0]?.[0] ?? null
      })
    }
  }
  focus.sort((a, b) => b.count - a.count || blockOrder(a.block, b.block) || a.fromHour - b.fromHour)

  return {
    from: input.from,
    to: input.to,
    timeZone: input.timeZone,
    total,
    heatmap: { blocks, counts },
    trend: { bucket: input.bucket, labels, series },
    yoy,
    outages,
    patrolFocus: focus.slice(0, input.focusLimit ?? 10)
  }
}

const csvCell = (v: string | number | null): string => {
  if (v === null) return ''
  const s = String(v)
  // neutralise formula-like cells for spreadsheet users, then quote
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** The statistics as one CSV (sections separated by a blank line), UTF-8 with BOM for spreadsheet programs. */
export function statsToCsv(
  s: IncidentStats,
  names: { type: (code: string) => string; block: (b: string) => string }
): string {
  const lines: string[] = []
  const row = (...cells: (string | number | null)[]) => lines.push(cells.map(csvCell).join(','))
  row('section', 'block', ...Array.from({ length: 24 }, (_, h) => `${h}:00`))
  s.heatmap.blocks.forEach((b, i) => row('heatmap', names.block(b), ...s.heatmap.counts[i]))
  lines.push('')
  row('section', 'type', ...s.trend.labels)
  for (const se of s.trend.series) row(`trend_${s.trend.bucket}`, names.type(se.type), ...se.counts)
  lines.push('')
  row('section', 'type', 'current', 'last_year', 'change_pct')
  for (const y of s.yoy)
    row('yoy', y.type === '*' ? 'total' : names.type(y.type), y.current, y.lastYear, y.changePct)
  lines.push('')
  row('section', 'block', 'outage_minutes', 'cameras')
  for (const o of s.outages) row('outages', names.block(o.block), o.minutes, o.cameras)
  lines.push('')
  row('section', 'block', 'from_hour', 'to_hour', 'count', 'share_pct', 'top_type')
  for (const f of s.patrolFocus)
    row(
      'patrol_focus',
      names.block(f.block),
      f.fromHour,
      f.toHour,
      f.count,
      f.share,
      f.topType === null ? null : names.type(f.topType)
    )
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}
