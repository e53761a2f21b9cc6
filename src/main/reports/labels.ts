/**
 * The case report's words in both UI languages. The report is a document
 * main writes (like the CLI's output), so its text lives here rather than in
 * the renderer's locale files; the reason sentences mirror
 * locales/<lang>/lookup.json `lookup.reason.*`.
 */
import type { LookupReasonCode } from '../../shared/lookup/types'
import type { UiLanguage } from '../../shared/domain/language'

/** A report is written in one of the UI's languages. */
export type ReportLanguage = UiLanguage

export type ReportLabels = {
  title: string
  caseNo: string
  incident: string
  none: string
  createdBy: string
  generatedBy: string
  query: string
  origin: string
  originPick: Record<'map' | 'camera' | 'road', string>
  road: string
  window: string
  map: string
  windows: string
  windowCols: [string, string, string, string, string, string, string]
  candidates: string
  candidateCols: [string, string, string, string, string]
  evidence: string
  evidenceCols: [string, string, string, string]
  confirmations: string
  confirmationCols: [string, string, string, string, string, string]
  verdict: Record<'seen' | 'not_seen', string>
  fuzzy: string
  lookAlike: string
  inconsistent: string
  noneFound: string
  moreCandidates: string
  timeZone: string
  /** the opening paragraph and its conclusion, for a reader who reads nothing else */
  /** the witness's hints and how each candidate compares with them */
  hints: string
  hintNames: Record<'color' | 'type' | 'brand' | 'heading' | 'plate', string>
  hintVerdict: Record<'match' | 'contradict' | 'unknown', string>
  summaryTitle: string
  summary: string
  conclusion: {
    seen: string
    selected: string
    top: string
    none: string
    tied: string
  }
  reasons: Record<LookupReasonCode, string>
  /** the same when {count} is 1, where the language has a singular */
  reasonsOne: Partial<Record<LookupReasonCode, string>>
}

const zh: ReportLabels = {
  title: '肇事逃逸追查报告',
  caseNo: '案件编号',
  incident: '关联事件',
  none: '无',
  createdBy: '创建',
  generatedBy: '生成',
  query: '查询条件',
  origin: '事发地点',
  originPick: { map: '地图点选', camera: '摄像机', road: '道路位置' },
  road: '所在道路',
  window: '事发时间窗',
  map: '地图',
  windows: '需查看的摄像机时间窗',
  windowCols: ['#', '摄像机', '离开后第几个', '距离', '真实时间', '摄像机时钟', '概率'],
  candidates: '候选车辆',
  candidateCols: ['排名', '车牌', '得分', '命中时间窗', '理由'],
  evidence: '证据',
  evidenceCols: ['摄像机', '时间（摄像机时钟）', '识别车牌', '说明'],
  confirmations: '人工确认',
  confirmationCols: ['#', '摄像机', '车牌', '结论', '视频时刻', '确认人'],
  verdict: { seen: '在此出现', not_seen: '未在此出现' },
  fuzzy: '模糊匹配',
  lookAlike: '形近字符',
  inconsistent: '与路径不符',
  noneFound: '无',
  moreCandidates: '另有 {count} 辆候选车辆未列出',
  timeZone: '时区',
  hints: '线索',
  hintNames: {
    color: '车身颜色',
    type: '车辆类型',
    brand: '品牌',
    heading: '驶离方向',
    plate: '车牌'
  },
  hintVerdict: { match: '符合', contradict: '不符', unknown: '无法判断' },
  summaryTitle: '摘要与结论',
  summary:
    '{date} {place}发生事件，事发时间在 {window} 之间。系统按道路走向和车速推算出车辆离开后会经过的 {windows} 个摄像机及各自的时间段，在这些时间段的卡口过车记录中找出 {candidates} 辆候选车辆，按与事发时行驶的吻合程度排序。',
  conclusion: {
    seen: '结论：经录像复核，车辆 {plate} 在 {seen} 个摄像机处确认出现（{cameras}），是最可能的肇事车辆。',
    selected: '结论：重点车辆为 {plate}（候选第 {rank} 名），尚待录像确认。',
    top: '结论：最可能的车辆为 {plate}，尚未经录像确认。',
    none: '结论：时间窗内未发现候选车辆，建议放宽时间窗或直接查看录像。',
    tied: '另有 {count} 辆车同样符合，需以录像区分。'
  },
  reasons: {
    matched_windows: '在 {count} 个时间窗内出现',
    path_consistent: '各次识别符合约 {time} 经过事发地点的一次行驶（±{spreadS} 秒）',
    first_seen_after_origin: '事发后 {afterS} 秒首次在 {camera} 出现，此前附近无记录',
    seen_before_on_route: '事发前 {beforeS} 秒在通往事发地点的 {camera} 出现',
    contradicting_sighting: '{camera} 的一次识别与经过事发地点的行驶不符',
    detour: '从 {camera} 到达事发地点需绕行 {detourS} 秒',
    missed_reads: '途经的 {count} 个车牌识别摄像机未识别到',
    fuzzy_plate: '在 {camera} 识别为 {variant}，有一个字符不同{lookAlike}',
    clock_corrected: '{camera} 的时钟已校正 {offsetS} 秒',
    single_sighting: '仅有一次识别',
    equally_likely: '另有 {count} 辆候选车辆同样符合：识别记录无法区分，需以录像确认',
    hint_match: '符合线索“{hint}”（识别为 {seen}）',
    hint_contradict: '与线索“{hint}”不符（识别为 {seen}，线索为 {value}）'
  },
  reasonsOne: {}
}

const en: ReportLabels = {
  title: 'Hit-and-run lookup report',
  caseNo: 'Case no.',
  incident: 'Incident',
  none: 'none',
  createdBy: 'Created',
  generatedBy: 'Generated',
  query: 'Query',
  origin: 'Incident place',
  originPick: { map: 'map click', camera: 'camera', road: 'road position' },
  road: 'Road',
  window: 'Time window',
  map: 'Map',
  windows: 'Camera windows to review',
  windowCols: ['#', 'Camera', 'Hop', 'Distance', 'True time', 'Camera clock', 'Prob.'],
  candidates: 'Candidate vehicles',
  candidateCols: ['Rank', 'Plate', 'Score', 'Windows', 'Reasons'],
  evidence: 'Evidence',
  evidenceCols: ['Camera', 'Time (camera clock)', 'Plate read', 'Notes'],
  confirmations: 'Review verdicts',
  confirmationCols: ['#', 'Camera', 'Plate', 'Verdict', 'Video time', 'By'],
  verdict: { seen: 'seen here', not_seen: 'not here' },
  fuzzy: 'fuzzy match',
  lookAlike: 'look-alike',
  inconsistent: 'does not fit the path',
  noneFound: 'none',
  moreCandidates: '{count} more candidates not listed',
  timeZone: 'Time zone',
  hints: 'Hints',
  hintNames: {
    color: 'body colour',
    type: 'vehicle type',
    brand: 'brand',
    heading: 'fled towards',
    plate: 'plate'
  },
  hintVerdict: { match: 'matches', contradict: 'contradicts', unknown: 'cannot tell' },
  summaryTitle: 'Summary and conclusion',
  summary:
    "An incident happened on {date} at {place}, between {window}. From the roads and speeds, the lookup worked out the {windows} cameras the vehicle would pass after leaving and when, and found {candidates} candidate vehicles in those cameras' pass records, ranked by how well they fit the drive at the time.",
  conclusion: {
    seen: 'Conclusion: on review of the video, vehicle {plate} was confirmed at {seen} cameras ({cameras}); it is the most likely vehicle.',
    selected:
      'Conclusion: the vehicle of interest is {plate} (candidate no. {rank}), not yet confirmed on video.',
    top: 'Conclusion: the most likely vehicle is {plate}, not yet confirmed on video.',
    none: 'Conclusion: no candidate vehicle in the windows; widen the window or review the video directly.',
    tied: '{count} other vehicles fit as well; the video must tell them apart.'
  },
  reasons: {
    matched_windows: 'seen in {count} listed windows',
    path_consistent: 'its reads fit one drive through the place at about {time} (±{spreadS} s)',
    first_seen_after_origin: 'first seen {afterS} s after, at {camera}; no earlier read nearby',
    seen_before_on_route: 'seen at {camera} {beforeS} s before, on a road leading to the place',
    contradicting_sighting: 'a read at {camera} does not fit a drive through the place',
    detour: 'reaching the place from {camera} needs a detour of {detourS} s',
    missed_reads: '{count} ANPR cameras on its route did not read it',
    fuzzy_plate: 'read as {variant} at {camera}: one character differs{lookAlike}',
    clock_corrected: 'the clock of {camera} is corrected by {offsetS} s',
    single_sighting: 'only a single read supports it',
    equally_likely:
      '{count} other candidates fit exactly as well: the reads cannot tell them apart, the video can',
    hint_match: 'matches the {hint} hint (seen as {seen})',
    hint_contradict: 'contradicts the {hint} hint (seen as {seen}, the hint says {value})'
  },
  reasonsOne: {
    matched_windows: 'seen in {count} listed window',
    missed_reads: '{count} ANPR camera on its route did not read it',
    equally_likely:
      '{count} other candidate fits exactly as well: the reads cannot tell them apart, the video can'
  }
}

export function reportLabels(lang: ReportLanguage): ReportLabels {
  return lang === 'en' ? en : zh
}

/** `{name}` placeholders filled from params. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m))
}
