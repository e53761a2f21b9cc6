/**
 * Lookup cases: a lookup saved with the operator's review verdicts and their
 * snapshots, linked to an incident, and written out as a report. Every change
 * is audited. Files live under the data dir (reports/files.ts).
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Sql } from '../db/sql'
import { appendAudit } from '../audit/repository'
import { listCameras } from '../cameras/repository'
import { incidentExists } from '../incidents/repository'
import { ApiError } from '../../shared/ipc/errors'
import {
  CASE_CANDIDATES,
  type LookupCase,
  type LookupCaseQuery,
  type LookupCaseResult,
  type LookupCaseSummary
} from '../../shared/ipc/contracts/lookup'
import type { LookupResult } from '../../shared/lookup/types'
import {
  countConfirmations,
  deleteConfirmation,
  getCaseRow,
  getConfirmation,
  insertCase,
  insertConfirmation,
  listCaseRows,
  listConfirmations,
  setConfirmationSnapshot,
  touchCase,
  updateCaseRow,
  type CaseRow
} from './repository'
import { buildCaseReportModel, renderCaseReportHtml, type ReportImage } from '../reports/caseReport'
import { findCjkFont, renderCaseReportPdf } from '../reports/pdf'
import { caseFileRel, REPORTS_DIR } from '../reports/files'
import type { ReportLanguage } from '../reports/labels'

export type CaseDeps = {
  sql: Sql
  dataDir: string
  /** URL prefix of the media mount (`/media` in host mode) */
  mediaBase: string
  timeZone: string
  now(): number
  /** runs the lookup for a query (the lookup service) */
  lookup(q: LookupCaseQuery): Promise<LookupResult>
}

type Actor = string | null

/** What a case keeps of a result: everything but the long tail of candidates. */
export function summarizeResult(r: LookupResult): LookupCaseResult {
  return {
    origin: r.origin,
    windows: r.windows,
    candidates: r.candidates.slice(0, CASE_CANDIDATES),
    candidateCount: r.candidates.length
  }
}

/** Splits a `data:<mime>;base64,<data>` URL (images only). */
export function parseImageDataUrl(url: string): ReportImage | null {
  const m = /^data:(image\/(?:png|jpeg));base64,([A-Za-z0-9+/=]*)$/.exec(url)
  if (!m) return null
  const bytes = Buffer.from(m[2], 'base64')
  const png = bytes
    .subarray(0, 8)
    .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8
  // the bytes must be what the URL says they are
  if ((m[1] === 'image/png' && !png) || (m[1] === 'image/jpeg' && !jpeg)) return null
  return { mime: m[1] as ReportImage['mime'], bytes }
}

/** Writes a file atomically (temp name, then rename) and returns its SHA-256. */
function writeAtomic(full: string, bytes: Uint8Array): string {
  mkdirSync(path.dirname(full), { recursive: true })
  const tmp = `${full}.${process.pid}.tmp`
  writeFileSync(tmp, bytes)
  renameSync(tmp, full)
  return createHash('sha256').update(bytes).digest('hex')
}

export function createCaseService(d: CaseDeps) {
  const { sql } = d
  const url = (rel: string | null) => (rel ? `${d.mediaBase}/${rel}` : null)
  const audit = (actor: Actor, action: string, id: number, before: unknown, after: unknown) =>
    appendAudit(sql, {
      at: d.now(),
      actor,
      action,
      entity: 'lookup_case',
      entityId: String(id),
      before,
      after
    })

  /** The audit trail keeps who changed what, not the whole result. */
  const auditView = (c: CaseRow) => ({
    title: c.title,
    incidentId: c.incidentId,
    selectedPlate: c.selectedPlate,
    query: c.query,
    version: c.version
  })

  const mustGet = async (id: number): Promise<CaseRow> => {
    const c = await getCaseRow(sql, id)
    if (!c) throw new ApiError('not_found', `No lookup case ${id}`)
    return c
  }

  const checkIncident = async (incidentId: number | null | undefined): Promise<void> => {
    if (incidentId === null || incidentId === undefined) return
    if (!(await incidentExists(sql, incidentId)))
      throw new ApiError('not_found', `No incident ${incidentId}`)
  }

  async function get(id: number): Promise<LookupCase> {
    const c = await mustGet(id)
    const confirmations = await listConfirmations(sql, id)
    return {
      id: c.id,
      title: c.title,
      incidentId: c.incidentId,
      query: c.query,
      result: c.result,
      selectedPlate: c.selectedPlate,
      mapUrl: url(c.mapFile),
      version: c.version,
      createdAt: c.createdAt,
      createdBy: c.createdBy,
      updatedAt: c.updatedAt,
      updatedBy: c.updatedBy,
      confirmations: confirmations.map((k) => ({
        id: k.id,
        caseId: k.caseId,
        windowIndex: k.windowIndex,
        cameraCode: k.cameraCode,
        plate: k.plate,
        verdict: k.verdict,
        videoAt: k.videoAt,
        note: k.note,
        snapshotUrl: url(k.snapshotFile),
        snapshotSha256: k.snapshotSha256,
        createdAt: k.createdAt,
        createdBy: k.createdBy
      }))
    }
  }

  return {
    get,
    async list(f: { incidentId?: number; limit: number }): Promise<LookupCaseSummary[]> {
      const rows = await listCaseRows(sql, f)
      const counts = await countConfirmations(
        sql,
        rows.map((r) => r.id)
      )
      return rows.map((r) => ({
        id: r.id,
        title: r.title,
        incidentId: r.incidentId,
        selectedPlate: r.selectedPlate,
        createdAt: r.createdAt,
        createdBy: r.createdBy,
        updatedAt: r.updatedAt,
        query: r.query,
        windows: r.result.windows.length,
        topPlate: r.result.candidates[0]?.plate ?? null,
        confirmations: counts.get(r.id) ?? 0
      }))
    },

    async create(
      input: {
        query: LookupCaseQuery
        title: string
        incidentId: number | null
        selectedPlate: string | null
      },
      actor: Actor
    ): Promise<LookupCase> {
      await checkIncident(input.incidentId)
      const result = summarizeResult(await d.lookup(input.query))
      const row = await sql.tx(async (t) => {
        const c = await insertCase(t, { ...input, result, at: d.now(), actor })
        await audit(actor, 'lookup_case.create', c.id, null, {
          ...auditView(c),
          windows: result.windows.length,
          candidates: result.candidates.slice(0, 5).map((x) => x.plate)
        })
        return c
      })
      return get(row.id)
    },

    async update(
      input: {
        id: number
        version: number
        title?: string
        incidentId?: number | null
        selectedPlate?: string | null
      },
      actor: Actor
    ): Promise<LookupCase> {
      await checkIncident(input.incidentId)
      await sql.tx(async (t) => {
        const before = await mustGet(input.id)
        const { id, version, ...patch } = input
        if (!(await updateCaseRow(t, id, version, patch, { at: d.now(), actor })))
          throw new ApiError('conflict', `Lookup case ${id} was changed by someone else`, {
            current: await get(id)
          })
        await audit(
          actor,
          'lookup_case.update',
          id,
          auditView(before),
          auditView(await mustGet(id))
        )
      })
      return get(input.id)
    },

    async confirm(
      input: {
        caseId: number
        windowIndex: number
        plate: string | null
        verdict: 'seen' | 'not_seen'
        videoAt: number
        note: string
        snapshotDataUrl?: string
      },
      actor: Actor
    ): Promise<LookupCase> {
      const c = await mustGet(input.caseId)
      const w = c.result.windows[input.windowIndex]
      if (!w)
        throw new ApiError('invalid_input', `Case ${c.id} has no window ${input.windowIndex}`, {
          reason: 'bad_window'
        })
      const image =
        input.snapshotDataUrl === undefined ? null : parseImageDataUrl(input.snapshotDataUrl)
      if (input.snapshotDataUrl !== undefined && !image)
        throw new ApiError('invalid_input', 'The snapshot is not a PNG or JPEG data URL', {
          reason: 'bad_data_url'
        })
      await sql.tx(async (t) => {
        const k = await insertConfirmation(t, {
          caseId: c.id,
          windowIndex: input.windowIndex,
          cameraCode: w.cameraCode,
          plate: input.plate,
          verdict: input.verdict,
          videoAt: input.videoAt,
          note: input.note,
          snapshotFile: null,
          snapshotSha256: null,
          createdAt: d.now(),
          createdBy: actor
        })
        let sha256: string | null = null
        if (image) {
          // the row id names the file: written inside the transaction, so a failed write leaves no row
          const rel = caseFileRel(
            c.id,
            `snap-${k.id}.${image.mime === 'image/png' ? 'png' : 'jpg'}`
          )
          sha256 = writeAtomic(path.join(d.dataDir, rel), image.bytes)
          await setConfirmationSnapshot(t, k.id, rel, sha256)
        }
        await touchCase(t, c.id, { at: d.now(), actor })
        await audit(actor, 'lookup_case.confirm', c.id, null, {
          confirmationId: k.id,
          windowIndex: k.windowIndex,
          cameraCode: k.cameraCode,
          plate: k.plate,
          verdict: k.verdict,
          videoAt: k.videoAt,
          snapshotSha256: sha256
        })
      })
      return get(c.id)
    },

    async unconfirm(
      input: { caseId: number; confirmationId: number },
      actor: Actor
    ): Promise<LookupCase> {
      await sql.tx(async (t) => {
        const k = await getConfirmation(t, input.confirmationId)
        if (!k || k.caseId !== input.caseId)
          throw new ApiError(
            'not_found',
            `No verdict ${input.confirmationId} in case ${input.caseId}`
          )
        await deleteConfirmation(t, k.id)
        await touchCase(t, k.caseId, { at: d.now(), actor })
        // the snapshot file stays: the audit entry names its hash
        await audit(actor, 'lookup_case.unconfirm', k.caseId, k, null)
      })
      return get(input.caseId)
    },

    /** Writes report.html and report.pdf into a fresh folder; audited as an export. */
    async report(
      input: { caseId: number; mapPngDataUrl?: string; language: ReportLanguage },
      actor: Actor
    ): Promise<{ htmlUrl: string; pdfUrl: string }> {
      let c = await mustGet(input.caseId)
      if (input.mapPngDataUrl !== undefined) {
        const map = parseImageDataUrl(input.mapPngDataUrl)
        if (!map || map.mime !== 'image/png')
          throw new ApiError('invalid_input', 'The map is not a PNG data URL', {
            reason: 'bad_data_url'
          })
        const rel = caseFileRel(c.id, 'map.png')
        writeAtomic(path.join(d.dataDir, rel), map.bytes)
        await sql.tx(async (t) => {
          const cur = await mustGet(c.id)
          await updateCaseRow(t, cur.id, cur.version, { mapFile: rel }, { at: d.now(), actor })
        })
        c = await mustGet(c.id)
      }
      const full = await get(c.id)
      const readImage = (rel: string | null): ReportImage | null => {
        if (!rel) return null
        try {
          const bytes = readFileSync(path.join(d.dataDir, rel))
          return { mime: rel.endsWith('.png') ? 'image/png' : 'image/jpeg', bytes }
        } catch {
          return null
        }
      }
      const snapshots = new Map<number, ReportImage>()
      for (const k of await listConfirmations(sql, c.id)) {
        const img = readImage(k.snapshotFile)
        if (img) snapshots.set(k.id, img)
      }
      const model = buildCaseReportModel(full, {
        language: input.language,
        timeZone: d.timeZone,
        now: d.now(),
        actor,
        cameraNames: new Map((await listCameras(sql)).map((cam) => [cam.code, cam.name])),
        map: readImage(c.mapFile),
        snapshots
      })
      const html = renderCaseReportHtml(model)
      const pdf = await renderCaseReportPdf(model, findCjkFont())
      const folder = `case-${c.id}-${randomBytes(16).toString('hex')}`
      const dir = path.join(d.dataDir, REPORTS_DIR, folder)
      const htmlSha = writeAtomic(path.join(dir, 'report.html'), Buffer.from(html, 'utf8'))
      const pdfSha = writeAtomic(path.join(dir, 'report.pdf'), pdf)
      await appendAudit(sql, {
        at: d.now(),
        actor,
        action: 'lookup_case.report',
        entity: 'lookup_case',
        entityId: String(c.id),
        before: null,
        after: {
          folder,
          htmlSha256: htmlSha,
          pdfSha256: pdfSha,
          candidates: model.candidates.length,
          confirmations: model.confirmations.length
        }
      })
      return {
        htmlUrl: `${d.mediaBase}/${REPORTS_DIR}/${folder}/report.html`,
        pdfUrl: `${d.mediaBase}/${REPORTS_DIR}/${folder}/report.pdf`
      }
    }
  }
}
export type CaseService = ReturnType<typeof createCaseService>
