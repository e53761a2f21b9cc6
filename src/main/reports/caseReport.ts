/**
 * The lookup case report: a plain model built from a saved case (every time
 * formatted in the room's zone, every reason put into words), then rendered
 * as one self-contained HTML page (images inline as data URLs) or as a PDF
 * (pdf.ts). Pure: no files, no database.
 */
import type { LookupCase } from '../../shared/ipc/contracts/lookup'
import type { LookupReason } from '../../shared/lookup/types'
import { fill, reportLabels, type ReportLabels, type ReportLanguage } from './labels'
import {
  HEADING_LABELS,
  VEHICLE_BRAND_LABELS,
  VEHICLE_COLOR_LABELS,
  VEHICLE_TYPE_LABELS,
  type VocabularyLabel
} from '../../shared/domain/sighting'
import type { LookupHints } from '../../shared/lookup/types'
import { roomDateTime } from '../../shared/domain/roomTime'

const VOCABULARY: Record<string, Record<string, VocabularyLabel>> = {
  color: VEHICLE_COLOR_LABELS,
  type: VEHICLE_TYPE_LABELS,
  brand: VEHICLE_BRAND_LABELS,
  heading: HEADING_LABELS
}
/** A hint's or attribute's value in the report's language (plates as they are). */
export const hintValue = (hint: string, value: string, lang: ReportLanguage): string =>
  VOCABULARY[hint]?.[value]?.[lang] ?? value
const HINT_ORDER = ['color', 'type', 'brand', 'heading', 'plate'] as const

export type ReportImage = { mime: 'image/png' | 'image/jpeg'; bytes: Uint8Array }

export type CaseReportModel = {
  labels: ReportLabels
  language: ReportLanguage
  caseId: number
  title: string
  incident: string
  created: string
  generated: string
  timeZone: string
  /** one paragraph on what was done, and the conclusion */
  summary: string
  conclusion: string
  origin: { label: string; pick: string; latLng: string; road: string }
  /** the hints of the query in words, one per hint given */
  hints: string[]
  window: string
  map: ReportImage | null
  windows: {
    no: number
    camera: string
    hop: number
    distance: string
    trueRange: string
    cameraRange: string
    probability: string
  }[]
  candidates: {
    rank: number
    plate: string
    score: string
    windows: string
    selected: boolean
    /** how it compares with each hint, in words */
    hints: { text: string; verdict: 'match' | 'contradict' | 'unknown' }[]
    reasons: string[]
    evidence: { camera: string; time: string; plate: string; notes: string }[]
  }[]
  moreCandidates: number
  confirmations: {
    no: number
    camera: string
    plate: string
    verdict: string
    seen: boolean
    videoAt: string
    by: string
    note: string
    snapshot: ReportImage | null
  }[]
}

export type BuildReportOptions = {
  language: ReportLanguage
  timeZone: string
  now: number
  actor: string | null
  /** camera code → display name */
  cameraNames: ReadonlyMap<string, string>
  map: ReportImage | null
  /** confirmation id → its snapshot */
  snapshots: ReadonlyMap<number, ReportImage>
  /** candidates listed in full (the rest are counted) */
  maxCandidates?: number
}

const time = (ms: number, tz: string) => roomDateTime(ms, tz).slice(11)
const range = (a: number, b: number, tz: string) => `${roomDateTime(a, tz)} – ${time(b, tz)}`

/** A reason in words: camera codes get their names, the origin time its clock time. */
export function reasonText(
  r: LookupReason,
  labels: ReportLabels,
  o: { timeZone: string; cameraNames: ReadonlyMap<string, string>; language?: ReportLanguage }
): string {
  const p: Record<string, string | number> = { ...r.params }
  if ((r.code === 'hint_match' || r.code === 'hint_contradict') && typeof p.hint === 'string') {
    const hint = p.hint
    const lang = o.language ?? (labels === reportLabels('en') ? 'en' : 'zh-CN')
    for (const k of ['seen', 'value'] as const)
      if (typeof p[k] === 'string') p[k] = hintValue(hint, p[k], lang)
    p.hint = labels.hintNames[hint as keyof LookupHints] ?? hint
  }
  if (typeof p.camera === 'string') p.camera = cameraLabel(p.camera, o.cameraNames)
  if (r.code === 'path_consistent' && typeof p.time === 'number') p.time = time(p.time, o.timeZone)
  if (r.code === 'fuzzy_plate') p.lookAlike = p.lookAlike ? ` (${labels.lookAlike})` : ''
  const one = p.count === 1 ? labels.reasonsOne[r.code] : undefined
  return fill(one ?? labels.reasons[r.code] ?? r.code, p)
}

const cameraLabel = (code: string, names: ReadonlyMap<string, string>) => {
  const n = names.get(code)
  return n ? `${code} ${n}` : code
}

/**
 * The opening paragraph and conclusion: what was looked for, where and when,
 * and which vehicle it points to, with how sure (confirmed on video, chosen
 * by the operator, or only ranked first).
 */
export function summarize(
  c: LookupCase,
  labels: ReportLabels,
  o: { timeZone: string; cameraNames: ReadonlyMap<string, string> }
): { summary: string; conclusion: string } {
  const q = c.query
  const tz = o.timeZone
  const summary = fill(labels.summary, {
    date: roomDateTime(q.fromMs, tz).slice(0, 10),
    place: q.label || c.result.origin.road || `${q.lat.toFixed(5)}, ${q.lng.toFixed(5)}`,
    window: `${time(q.fromMs, tz)} – ${time(q.toMs, tz)}`,
    windows: c.result.windows.length,
    candidates: c.result.candidateCount
  })
  const top = c.result.candidates[0]
  const plate = c.selectedPlate ?? top?.plate ?? null
  if (!plate) return { summary, conclusion: labels.conclusion.none }
  const seenAt = [
    ...new Set(
      c.confirmations
        .filter((k) => k.plate === plate && k.verdict === 'seen')
        .map((k) => cameraLabel(k.cameraCode, o.cameraNames))
    )
  ]
  const cand = c.result.candidates.find((x) => x.plate === plate)
  let conclusion: string
  if (seenAt.length > 0)
    conclusion = fill(labels.conclusion.seen, {
      plate,
      seen: seenAt.length,
      cameras: seenAt.join(', ')
    })
  else if (c.selectedPlate && cand && cand.rank !== 1)
    conclusion = fill(labels.conclusion.selected, { plate, rank: cand.rank })
  else {
    conclusion = fill(labels.conclusion.top, { plate })
    const tied = cand?.reasons.find((r) => r.code === 'equally_likely')?.params.count
    if (typeof tied === 'number' && tied > 0)
      conclusion += ' ' + fill(labels.conclusion.tied, { count: tied })
  }
  return { summary, conclusion }
}

export function buildCaseReportModel(c: LookupCase, o: BuildReportOptions): CaseReportModel {
  const labels = reportLabels(o.language)
  const tz = o.timeZone
  const who = (by: string | null, at: number) => `${by ?? '—'} · ${roomDateTime(at, tz)}`
  const max = o.maxCandidates ?? 20
  const q = c.query
  const windows = c.result.windows
  return {
    labels,
    language: o.language,
    caseId: c.id,
    title: c.title || `${labels.title} #${c.id}`,
    incident: c.incidentId === null ? labels.none : `#${c.incidentId}`,
    created: who(c.createdBy, c.createdAt),
    generated: who(o.actor, o.now),
    timeZone: tz,
    ...summarize(c, labels, { timeZone: tz, cameraNames: o.cameraNames }),
    origin: {
      label: q.label,
      pick: labels.originPick[q.pick],
      latLng: `${q.lat.toFixed(6)}, ${q.lng.toFixed(6)}`,
      road: c.result.origin.road ?? labels.none
    },
    hints: HINT_ORDER.flatMap((h) => {
      const v = q.hints?.[h]
      return v ? [`${labels.hintNames[h]}: ${hintValue(h, v, o.language)}`] : []
    }),
    window: range(q.fromMs, q.toMs, tz),
    map: o.map,
    windows: windows.map((w, i) => ({
      no: i + 1,
      camera: `${w.cameraCode} ${w.cameraName}`,
      hop: w.hops,
      distance: `${Math.round(w.distanceM)} m`,
      trueRange: `${time(w.fromMs, tz)} – ${time(w.toMs, tz)}`,
      cameraRange: `${time(w.cameraFromMs, tz)} – ${time(w.cameraToMs, tz)}`,
      probability: `${Math.round(w.probability * 100)}%`
    })),
    candidates: c.result.candidates.slice(0, max).map((cand) => ({
      rank: cand.rank,
      plate: cand.plate,
      score: cand.score.toFixed(2),
      windows: String(cand.matchedWindows),
      selected: cand.plate === c.selectedPlate,
      hints: (cand.hintMatches ?? []).map((m) => ({
        verdict: m.verdict,
        text: `${labels.hintNames[m.hint]} ${hintValue(m.hint, q.hints?.[m.hint] ?? '', o.language)}: ${labels.hintVerdict[m.verdict]}${
          m.seen ? ` (${hintValue(m.hint, m.seen, o.language)})` : ''
        }`
      })),
      reasons: cand.reasons.map((r) =>
        reasonText(r, labels, {
          timeZone: tz,
          cameraNames: o.cameraNames,
          language: o.language
        })
      ),
      evidence: cand.sightings.map((s) => ({
        camera:
          cameraLabel(s.cameraCode, o.cameraNames) +
          (s.windowIndex === null ? '' : ` [#${s.windowIndex + 1}]`),
        time: time(s.ts, tz),
        plate: s.plate,
        notes: [
          s.fuzzy ? labels.fuzzy : '',
          s.lookAlike ? labels.lookAlike : '',
          s.consistent ? '' : labels.inconsistent
        ]
          .filter(Boolean)
          .join(', ')
      }))
    })),
    moreCandidates: Math.max(
      0,
      c.result.candidateCount - Math.min(max, c.result.candidates.length)
    ),
    confirmations: c.confirmations.map((k) => ({
      no: k.windowIndex + 1,
      camera: cameraLabel(k.cameraCode, o.cameraNames),
      plate: k.plate ?? '—',
      verdict: labels.verdict[k.verdict],
      seen: k.verdict === 'seen',
      videoAt: roomDateTime(k.videoAt, tz),
      by: who(k.createdBy, k.createdAt),
      note: k.note,
      snapshot: o.snapshots.get(k.id) ?? null
    }))
  }
}

const ESC: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
}
export const escapeHtml = (s: string | number): string =>
  String(s).replace(/[&<>"']/g, (ch) => ESC[ch] ?? ch)

const dataUrl = (img: ReportImage) =>
  `data:${img.mime};base64,${Buffer.from(img.bytes).toString('base64')}`

function table(
  cols: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  cls = ''
): string {
  const head = cols.map((c) => `<th>${escapeHtml(c)}</th>`).join('')
  const body = rows
    .map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`)
    .join('\n')
  return `<table class="${cls}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
}

/** One self-contained page: no external requests, prints on A4. */
export function renderCaseReportHtml(m: CaseReportModel): string {
  const L = m.labels
  const candidates = m.candidates
    .map(
      (
        c
      ) => `<section class="candidate${c.selected ? ' selected' : ''}" data-plate="${escapeHtml(c.plate)}">
<h3>#${c.rank} <span class="plate">${escapeHtml(c.plate)}</span> <small>${escapeHtml(L.candidateCols[2])} ${escapeHtml(c.score)} · ${escapeHtml(L.candidateCols[3])} ${escapeHtml(c.windows)}</small></h3>
${c.hints.length ? `<p class="hints">${c.hints.map((h) => `<span class="hint ${h.verdict}">${escapeHtml(h.text)}</span>`).join(' ')}</p>` : ''}
<ul>${c.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>
${table(
  L.evidenceCols,
  c.evidence.map((e) => [e.camera, e.time, e.plate, e.notes]),
  'evidence'
)}
</section>`
    )
    .join('\n')
  const confirmations = m.confirmations.length
    ? m.confirmations
        .map(
          (k) => `<figure class="confirmation ${k.seen ? 'seen' : 'not-seen'}">
${k.snapshot ? `<img alt="snapshot" src="${dataUrl(k.snapshot)}">` : ''}
<figcaption><b>#${k.no} ${escapeHtml(k.camera)}</b> · ${escapeHtml(k.plate)} · <b>${escapeHtml(k.verdict)}</b><br>${escapeHtml(k.videoAt)} · ${escapeHtml(k.by)}${k.note ? `<br>${escapeHtml(k.note)}` : ''}</figcaption>
</figure>`
        )
        .join('\n')
    : `<p>${escapeHtml(L.noneFound)}</p>`
  return `<!doctype html>
<html lang="${m.language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeHtml(m.title)}</title>
<style>
body { font: 13px/1.5 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #111; margin: 24px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; border-bottom: 1px solid #999; margin-top: 24px; } h3 { font-size: 14px; margin: 12px 0 4px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0; } th, td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #eee; } dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; } dt { color: #555; }
.map { max-width: 100%; border: 1px solid #999; } .plate { font-family: monospace; font-size: 15px; }
.summary p { margin: 4px 0; } .hint { display: inline-block; margin: 0 6px 2px 0; padding: 0 6px; border: 1px solid #999; border-radius: 3px; } .hint.match { border-color: #2b8a3e; color: #2b8a3e; } .hint.contradict { border-color: #c92a2a; color: #c92a2a; } .hint.unknown { color: #666; } .conclusion { font-weight: bold; } .candidate.selected h3 { color: #a40000; } .confirmation { display: inline-block; width: 300px; margin: 6px; vertical-align: top; }
.confirmation img { width: 300px; border: 2px solid #999; } .confirmation.seen img { border-color: #2b8a3e; } .confirmation.not-seen img { border-color: #c92a2a; }
@media print { .candidate { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escapeHtml(m.title)}</h1>
<dl>
<dt>${escapeHtml(L.caseNo)}</dt><dd>#${m.caseId}</dd>
<dt>${escapeHtml(L.incident)}</dt><dd>${escapeHtml(m.incident)}</dd>
<dt>${escapeHtml(L.createdBy)}</dt><dd>${escapeHtml(m.created)}</dd>
<dt>${escapeHtml(L.generatedBy)}</dt><dd>${escapeHtml(m.generated)}</dd>
<dt>${escapeHtml(L.timeZone)}</dt><dd>${escapeHtml(m.timeZone)}</dd>
</dl>
<section class="summary">
<h2>${escapeHtml(L.summaryTitle)}</h2>
<p>${escapeHtml(m.summary)}</p>
<p class="conclusion">${escapeHtml(m.conclusion)}</p>
</section>
<h2>${escapeHtml(L.query)}</h2>
<dl>
<dt>${escapeHtml(L.origin)}</dt><dd>${escapeHtml(m.origin.label)} (${escapeHtml(m.origin.pick)}; ${escapeHtml(m.origin.latLng)})</dd>
<dt>${escapeHtml(L.road)}</dt><dd>${escapeHtml(m.origin.road)}</dd>
<dt>${escapeHtml(L.window)}</dt><dd>${escapeHtml(m.window)}</dd>
<dt>${escapeHtml(L.hints)}</dt><dd class="query-hints">${escapeHtml(m.hints.length ? m.hints.join('; ') : L.none)}</dd>
</dl>
<h2>${escapeHtml(L.map)}</h2>
${m.map ? `<img class="map" alt="map" src="${dataUrl(m.map)}">` : `<p>${escapeHtml(L.none)}</p>`}
<h2>${escapeHtml(L.windows)}</h2>
${table(
  L.windowCols,
  m.windows.map((w) => [
    w.no,
    w.camera,
    w.hop,
    w.distance,
    w.trueRange,
    w.cameraRange,
    w.probability
  ]),
  'windows'
)}
<h2>${escapeHtml(L.candidates)}</h2>
${candidates || `<p>${escapeHtml(L.noneFound)}</p>`}
${m.moreCandidates > 0 ? `<p>${escapeHtml(fill(L.moreCandidates, { count: m.moreCandidates }))}</p>` : ''}
<h2>${escapeHtml(L.confirmations)}</h2>
${confirmations}
</body>
</html>
`
}
