/**
 * The case report as PDF, drawn with pdf-lib in main (host mode has no
 * browser to print from). Chinese needs a CJK font: the first of a few system
 * fonts that exists is embedded as a subset; without one the text is drawn in
 * Helvetica with non-Latin characters replaced, so the PDF still carries the
 * plates' Latin part and every figure.
 *
 * Fonts go through upstream fontkit 2 rather than @pdf-lib/fontkit: that
 * fork's subsetter writes CID-keyed CFF (Noto Sans CJK) with an invalid
 * header, and viewers then draw every glyph blank (pdf-lib issue #1232).
 */
import { existsSync, readFileSync } from 'node:fs'
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib'
import type { Fontkit } from 'pdf-lib/cjs/types/fontkit'
import * as fontkit from 'fontkit'
import type { CaseReportModel, ReportImage } from './caseReport'
import { fill } from './labels'

/** [file, PostScript name of the member to use in a collection] */
export const CJK_FONTS: readonly [string, string | undefined][] = [
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf', undefined],
  ['/System/Library/Fonts/PingFang.ttc', 'PingFangSC-Regular'],
  ['C:\\Windows\\Fonts\\msyh.ttc', 'MicrosoftYaHei']
]

export type PdfFontSource = { bytes: Uint8Array; postscriptName: string | undefined }

let cachedFont: PdfFontSource | null | undefined
/** The first CJK font found on this machine (read once), or null. */
export function findCjkFont(candidates = CJK_FONTS): PdfFontSource | null {
  if (candidates === CJK_FONTS && cachedFont !== undefined) return cachedFont
  let found: PdfFontSource | null = null
  for (const [file, postscriptName] of candidates) {
    if (!existsSync(file)) continue
    try {
      found = { bytes: readFileSync(file), postscriptName }
      break
    } catch {
      // unreadable: try the next one
    }
  }
  if (candidates === CJK_FONTS) cachedFont = found
  return found
}

/** pdf-lib's fontkit interface over fontkit 2 (collection member, stream-style subset encoding). */
function fontkitAdapter(postscriptName: string | undefined): Fontkit {
  const adapter = {
    create(bytes: Uint8Array) {
      const font = fontkit.create(bytes, postscriptName)
      const createSubset = font.createSubset.bind(font)
      return Object.assign(font, {
        createSubset() {
          const subset = createSubset()
          return Object.assign(subset, {
            encodeStream() {
              const on: Record<string, (arg?: unknown) => void> = {}
              const stream = {
                on(event: string, fn: (arg?: unknown) => void) {
                  on[event] = fn
                  // pdf-lib registers data, end, error in that order
                  if (event === 'error')
                    queueMicrotask(() => {
                      try {
                        on.data?.(subset.encode())
                        on.end?.()
                      } catch (err) {
                        on.error?.(err)
                      }
                    })
                  return stream
                }
              }
              return stream
            }
          })
        }
      })
    }
  }
  // fontkit 2's font has every member pdf-lib reads; its own typings are not shipped
  return adapter as unknown as Fontkit
}

const A4: [number, number] = [595.28, 841.89]
const MARGIN = 40

/** Lays text out top-down over as many pages as it needs. */
class Writer {
  page!: PDFPage
  y = 0
  constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
    readonly safe: (s: string) => string
  ) {
    this.newPage()
  }
  get width() {
    return A4[0] - 2 * MARGIN
  }
  newPage() {
    this.page = this.doc.addPage(A4)
    this.y = A4[1] - MARGIN
  }
  ensure(h: number) {
    if (this.y - h < MARGIN) this.newPage()
  }
  /** Splits into lines that fit `width` (per character: Chinese has no spaces). */
  wrap(text: string, size: number, width: number): string[] {
    const lines: string[] = []
    let line = ''
    for (const ch of this.safe(text)) {
      if (this.font.widthOfTextAtSize(line + ch, size) > width && line) {
        lines.push(line)
        line = ch.trimStart()
      } else line += ch
    }
    if (line || lines.length === 0) lines.push(line)
    return lines
  }
  text(
    text: string,
    o: {
      size?: number
      x?: number
      width?: number
      color?: [number, number, number]
      gap?: number
    } = {}
  ) {
    const size = o.size ?? 10
    const x = MARGIN + (o.x ?? 0)
    for (const line of this.wrap(text, size, o.width ?? this.width - (o.x ?? 0))) {
      this.ensure(size * 1.4)
      this.y -= size * 1.4
      this.page.drawText(line, {
        x,
        y: this.y,
        size,
        font: this.font,
        color: rgb(...(o.color ?? [0.07, 0.07, 0.07]))
      })
    }
    this.y -= o.gap ?? 0
  }
  heading(text: string) {
    this.ensure(40)
    this.y -= 10
    this.text(text, { size: 14, gap: 2 })
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: A4[0] - MARGIN, y: this.y },
      thickness: 0.5,
      color: rgb(0.5, 0.5, 0.5)
    })
    this.y -= 4
  }
  /** A row of cells at fixed column offsets; wrapped cells make the row taller. */
  row(
    cells: readonly string[],
    cols: readonly number[],
    o: { size?: number; bold?: boolean } = {}
  ) {
    const size = o.size ?? 8.5
    const widths = cols.map((c, i) => (cols[i + 1] ?? this.width) - c - 4)
    const wrapped = cells.map((c, i) => this.wrap(c, size, widths[i] ?? 50))
    const h = Math.max(...wrapped.map((w) => w.length)) * size * 1.35 + 3
    this.ensure(h)
    if (o.bold)
      this.page.drawRectangle({
        x: MARGIN,
        y: this.y - h,
        width: this.width,
        height: h,
        color: rgb(0.92, 0.92, 0.92)
      })
    wrapped.forEach((lines, i) =>
      lines.forEach((line, j) =>
        this.page.drawText(line, {
          x: MARGIN + (cols[i] ?? 0),
          y: this.y - (j + 1) * size * 1.35,
          size,
          font: this.font,
          color: rgb(0.07, 0.07, 0.07)
        })
      )
    )
    this.y -= h
  }
  image(img: PDFImage, maxW: number, maxH: number, x = 0) {
    const s = Math.min(maxW / img.width, maxH / img.height, 1)
    const w = img.width * s
    const h = img.height * s
    this.ensure(h + 4)
    this.y -= h
    this.page.drawImage(img, { x: MARGIN + x, y: this.y, width: w, height: h })
    this.y -= 4
  }
}

async function embed(doc: PDFDocument, img: ReportImage): Promise<PDFImage> {
  return img.mime === 'image/png' ? doc.embedPng(img.bytes) : doc.embedJpg(img.bytes)
}

/** Characters Helvetica (WinAnsi) can draw; everything else becomes '?'. */
const latinOnly = (s: string) => s.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '?')

export async function renderCaseReportPdf(
  m: CaseReportModel,
  font: PdfFontSource | null
): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  doc.setTitle(m.title)
  doc.setCreator('WatchRoom')
  doc.setProducer('WatchRoom (pdf-lib)')
  let pdfFont: PDFFont
  let safe = (s: string) => s
  if (font) {
    doc.registerFontkit(fontkitAdapter(font.postscriptName))
    pdfFont = await doc.embedFont(font.bytes, { subset: true })
  } else {
    pdfFont = await doc.embedFont(StandardFonts.Helvetica)
    safe = latinOnly
  }
  const L = m.labels
  const w = new Writer(doc, pdfFont, safe)

  w.text(m.title, { size: 18, gap: 4 })
  for (const [k, v] of [
    [L.caseNo, `#${m.caseId}`],
    [L.incident, m.incident],
    [L.createdBy, m.created],
    [L.generatedBy, m.generated],
    [L.timeZone, m.timeZone]
  ] as const)
    w.text(`${k}: ${v}`, { size: 9.5 })

  w.heading(L.summaryTitle)
  w.text(m.summary, { size: 10.5, gap: 4 })
  w.text(m.conclusion, { size: 10.5, color: [0.64, 0, 0] })

  w.heading(L.query)
  w.text(`${L.origin}: ${m.origin.label} (${m.origin.pick}; ${m.origin.latLng})`)
  w.text(`${L.road}: ${m.origin.road}`)
  w.text(`${L.window}: ${m.window}`)
  w.text(`${L.hints}: ${m.hints.length ? m.hints.join('; ') : L.none}`)

  if (m.map) {
    w.heading(L.map)
    w.image(await embed(doc, m.map), w.width, 420)
  }

  w.heading(L.windows)
  const wc = [0, 22, 190, 222, 262, 372, 482]
  w.row(L.windowCols, wc, { bold: true })
  for (const r of m.windows)
    w.row(
      [
        String(r.no),
        r.camera,
        String(r.hop),
        r.distance,
        r.trueRange,
        r.cameraRange,
        r.probability
      ],
      wc
    )

  w.heading(L.candidates)
  if (m.candidates.length === 0) w.text(L.noneFound)
  const ec = [10, 200, 290, 380]
  for (const c of m.candidates) {
    w.ensure(60)
    w.text(
      `#${c.rank}  ${c.plate}   ${L.candidateCols[2]} ${c.score} · ${L.candidateCols[3]} ${c.windows}`,
      {
        size: 11.5,
        color: c.selected ? [0.64, 0, 0] : undefined
      }
    )
    for (const h of c.hints)
      w.text(h.text, {
        size: 9,
        x: 10,
        color:
          h.verdict === 'match'
            ? [0.17, 0.54, 0.24]
            : h.verdict === 'contradict'
              ? [0.79, 0.16, 0.16]
              : undefined
      })
    for (const r of c.reasons) w.text(`• ${r}`, { size: 9, x: 10 })
    w.row(['', ...L.evidenceCols], [0, ...ec], { bold: true })
    for (const e of c.evidence) w.row(['', e.camera, e.time, e.plate, e.notes], [0, ...ec])
    w.y -= 6
  }
  if (m.moreCandidates > 0) w.text(fill(L.moreCandidates, { count: m.moreCandidates }), { size: 9 })

  w.heading(L.confirmations)
  if (m.confirmations.length === 0) w.text(L.noneFound)
  for (const k of m.confirmations) {
    w.ensure(k.snapshot ? 200 : 40)
    w.text(`#${k.no} ${k.camera} · ${k.plate} · ${k.verdict}`, {
      size: 10.5,
      color: k.seen ? [0.17, 0.54, 0.24] : [0.79, 0.16, 0.16]
    })
    w.text(`${k.videoAt} · ${k.by}${k.note ? ` · ${k.note}` : ''}`, { size: 9 })
    if (k.snapshot) w.image(await embed(doc, k.snapshot), 280, 170)
  }
  return doc.save()
}
