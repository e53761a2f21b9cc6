import { describe, expect, it } from 'vitest'
import {
  buildCaseReportModel,
  escapeHtml,
  reasonText,
  renderCaseReportHtml
} from '../../../../src/main/reports/caseReport'
import { renderCaseReportPdf } from '../../../../src/main/reports/pdf'
import { reportLabels } from '../../../../src/main/reports/labels'
import { parseLookupMediaPath } from '../../../../src/main/reports/files'
import type { LookupCase } from '../../../../src/shared/ipc/contracts/lookup'

const T0 = Date.UTC(2026, 5, 1, 6, 0)

const lookupCase: LookupCase = {
  id: 3,
  title: '<b>刮擦</b>',
  incidentId: 12,
  query: {
    lat: 30.18,
    lng: 120.26,
    fromMs: T0,
    toMs: T0 + 600_000,
    pick: 'map',
    label: '东瑞小区'
  },
  result: {
    origin: {
      lat: 30.18,
      lng: 120.26,
      road: '东瑞小区地下车库出口',
      roadId: 'R1',
      roadKind: 'parking',
      snappedLat: 30.18,
      snappedLng: 120.26,
      snappedM: 3,
      directions: 1
    },
    windows: [
      {
        cameraCode: 'BG-0026',
        cameraName: '耕文北路与中山街交叉口',
        anpr: true,
        fromMs: T0,
        toMs: T0 + 60_000,
        cameraFromMs: T0 + 2000,
        cameraToMs: T0 + 62_000,
        distanceM: 128.4,
        hops: 1,
        source: 'route',
        probability: 0.98,
        plates: ['浙A01199']
      }
    ],
    candidates: [
      {
        plate: 'PLATE-A1',
        score: 0.8,
        rank: 1,
        originMs: T0 + 30_000,
        originFromMs: T0,
        originToMs: T0 + 60_000,
        matchedWindows: 1,
        pathConsistency: 0.9,
        fuzzyMatched: true,
        plateVariants: ['PLATE-A8'],
        contradictions: 0,
        hintMatches: [],
        sightings: [
          {
            cameraCode: 'BG-0026',
            ts: T0 + 40_000,
            trueTs: T0 + 38_000,
            plate: 'PLATE-A8',
            confidence: 0.9,
            direction: null,
            plateColor: null,
            vehicleColor: null,
            vehicleType: null,
            vehicleBrand: null,
            fuzzy: true,
            lookAlike: true,
            role: 'after',
            windowIndex: 0,
            consistent: true
          }
        ],
        reasons: [
          { code: 'path_consistent', params: { time: T0 + 30_000, spreadS: 12 } },
          { code: 'fuzzy_plate', params: { variant: 'PLATE-A8', camera: 'BG-0026', lookAlike: 1 } }
        ]
      }
    ],
    candidateCount: 4
  },
  selectedPlate: 'PLATE-A1',
  mapUrl: null,
  version: 2,
  createdAt: T0 + 700_000,
  createdBy: 'wang',
  updatedAt: T0 + 700_000,
  updatedBy: 'wang',
  confirmations: [
    {
      id: 9,
      caseId: 3,
      windowIndex: 0,
      cameraCode: 'BG-0026',
      plate: 'PLATE-A1',
      verdict: 'seen',
      videoAt: T0 + 41_000,
      note: '',
      snapshotUrl: null,
      snapshotSha256: null,
      createdAt: T0 + 800_000,
      createdBy: 'li'
    }
  ]
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64'
)
const opts = {
  language: 'en' as const,
  timeZone: 'Asia/Shanghai',
  now: T0 + 900_000,
  actor: 'zhao',
  cameraNames: new Map([['BG-0026', '耕文北路与中山街交叉口']]),
  map: { mime: 'image/png' as const, bytes: PNG },
  snapshots: new Map()
}

describe('case report', () => {
  it('puts reasons into words with camera names and the room-zone time', () => {
    const L = reportLabels('en')
    expect(reasonText(lookupCase.result.candidates[0].reasons[0], L, opts)).toBe(
      'its reads fit one drive through the place at about 14:00:30 (±12 s)'
    )
    expect(reasonText(lookupCase.result.candidates[0].reasons[1], L, opts)).toBe(
      'read as PLATE-A8 at BG-0026 耕文北路与中山街交叉口: one character differs (look-alike)'
    )
    // one or many: English says which, Chinese needs no change
    const tied = (count: number) => ({ code: 'equally_likely' as const, params: { count } })
    expect(reasonText(tied(1), L, opts)).toMatch(/^1 other candidate fits exactly as well/)
    expect(reasonText(tied(3), L, opts)).toMatch(/^3 other candidates fit exactly as well/)
    expect(reasonText(tied(1), reportLabels('zh-CN'), opts)).toMatch(/^另有 1 辆候选车辆同样符合/)
  })

  it('builds the model: windows, candidates with evidence, verdicts, who and when', () => {
    const m = buildCaseReportModel(lookupCase, opts)
    expect(m.windows[0]).toMatchObject({
      no: 1,
      distance: '128 m',
      trueRange: '14:00:00 – 14:01:00',
      cameraRange: '14:00:02 – 14:01:02',
      probability: '98%'
    })
    expect(m.candidates[0]).toMatchObject({ plate: 'PLATE-A1', selected: true })
    expect(m.candidates[0].evidence[0]).toMatchObject({
      camera: 'BG-0026 耕文北路与中山街交叉口 [#1]',
      time: '14:00:40',
      notes: 'fuzzy match, look-alike'
    })
    expect(m.moreCandidates).toBe(3)
    expect(m.confirmations[0]).toMatchObject({
      verdict: 'seen here',
      by: 'li · 2026-06-01 14:13:20'
    })
    expect(m.generated).toBe('zhao · 2026-06-01 14:15:00')
    expect(m.incident).toBe('#12')
  })

  it('opens with a summary and a conclusion that says how sure it is', () => {
    const m = buildCaseReportModel(lookupCase, opts)
    expect(m.summary).toBe(
      "An incident happened on 2026-06-01 at 东瑞小区, between 14:00:00 – 14:10:00. From the roads and speeds, the lookup worked out the 1 cameras the vehicle would pass after leaving and when, and found 4 candidate vehicles in those cameras' pass records, ranked by how well they fit the drive at the time."
    )
    expect(m.conclusion).toBe(
      'Conclusion: on review of the video, vehicle PLATE-A1 was confirmed at 1 cameras (BG-0026 耕文北路与中山街交叉口); it is the most likely vehicle.'
    )
    const unconfirmed = { ...lookupCase, confirmations: [], selectedPlate: null }
    const zh = buildCaseReportModel(unconfirmed, { ...opts, language: 'zh-CN' })
    expect(zh.conclusion).toBe('结论：最可能的车辆为 PLATE-A1，尚未经录像确认。')
    const none = { ...unconfirmed, result: { ...lookupCase.result, candidates: [] } }
    expect(buildCaseReportModel(none, opts).conclusion).toMatch(/^Conclusion: no candidate/)
    const html = renderCaseReportHtml(buildCaseReportModel(lookupCase, opts))
    // the summary comes before everything else in the body
    expect(html.indexOf('class="summary"')).toBeLessThan(
      html.indexOf(opts.cameraNames.get('BG-0026')!)
    )
  })

  it('shows the hints and how each candidate compares with them, in words', () => {
    const withHints: LookupCase = {
      ...lookupCase,
      query: { ...lookupCase.query, hints: { color: 'white', plate: '浙A?3??8' } },
      result: {
        ...lookupCase.result,
        candidates: [
          {
            ...lookupCase.result.candidates[0],
            hintMatches: [
              { hint: 'color', verdict: 'contradict', seen: 'silver' },
              { hint: 'plate', verdict: 'match', seen: 'PLATE-A1' }
            ],
            reasons: [
              {
                code: 'hint_contradict',
                params: { hint: 'color', seen: 'silver', value: 'white' }
              }
            ]
          }
        ]
      }
    }
    const zh = buildCaseReportModel(withHints, { ...opts, language: 'zh-CN' })
    expect(zh.hints).toEqual(['车身颜色: 白', '车牌: 浙A?3??8'])
    expect(zh.candidates[0].hints).toEqual([
      { verdict: 'contradict', text: '车身颜色 白: 不符 (银)' },
      { verdict: 'match', text: '车牌 浙A?3??8: 符合 (PLATE-A1)' }
    ])
    expect(zh.candidates[0].reasons[0]).toBe('与线索“车身颜色”不符（识别为 银，线索为 白）')
    const html = renderCaseReportHtml(zh)
    expect(html).toContain('<span class="hint contradict">车身颜色 白: 不符 (银)</span>')
    expect(html).toContain('车身颜色: 白; 车牌: 浙A?3??8')
    const en = buildCaseReportModel(withHints, opts)
    expect(en.candidates[0].hints[0].text).toBe('body colour White: contradicts (Silver)')
  })

  it('renders a self-contained, escaped HTML page with the map inline', () => {
    const html = renderCaseReportHtml(buildCaseReportModel(lookupCase, opts))
    expect(html).toContain('&lt;b&gt;刮擦&lt;/b&gt;')
    expect(html).not.toContain('<b>刮擦</b>')
    expect(html).toContain('<img class="map" alt="map" src="data:image/png;base64,')
    expect(html).toContain('data-plate="PLATE-A1"')
    expect(html).not.toMatch(/(src|href)="(?!data:)/)
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;')
  })

  it('draws a PDF even without a CJK font (Latin text kept, the rest replaced)', async () => {
    const pdf = await renderCaseReportPdf(buildCaseReportModel(lookupCase, opts), null)
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
    expect(pdf.length).toBeGreaterThan(1000)
  })
})

describe('lookup media paths', () => {
  it('accepts exactly the case and report files', () => {
    expect(parseLookupMediaPath('lookup-cases/3/map.png')).toBe('lookup-cases/3/map.png')
    expect(parseLookupMediaPath('lookup-cases/3/snap-9.jpg')).toBe('lookup-cases/3/snap-9.jpg')
    expect(parseLookupMediaPath(`reports/case-3-${'a'.repeat(32)}/report.pdf`)).toBe(
      `reports/case-3-${'a'.repeat(32)}/report.pdf`
    )
    for (const bad of [
      'lookup-cases/3/../../lookup.db',
      'lookup-cases/0/map.png',
      'lookup-cases/3/map.png/x',
      'lookup-cases/3/snap-9.exe',
      'reports/case-3-short/report.pdf',
      `reports/case-3-${'a'.repeat(32)}/report.PDF`,
      `reports/case-3-${'a'.repeat(32)}%2f/report.pdf`,
      'reports/../watchroom.db',
      'lookup-cases\\3\\map.png'
    ])
      expect(parseLookupMediaPath(bad), bad).toBeUndefined()
  })
})
