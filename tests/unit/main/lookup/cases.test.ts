import { existsSync, readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { expect, it } from 'vitest'
import { describeBackends } from '../../../helpers/backends'
import { createLookupHarness } from './harness'
import type { LookupCase } from '../../../../src/shared/ipc/contracts/lookup'
import type { LookupResult } from '../../../../src/shared/lookup/types'
import { listAudit } from '../../../../src/main/audit/repository'

/** A 1×1 PNG and a tiny JPEG header: enough for the type checks and the PDF embedder. */
const PNG_1x1 =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

describeBackends('lookup cases', (b) => {
  it('saves a lookup near a car-park exit, keeps review verdicts with snapshots, audits every change', async () => {
    const h = await createLookupHarness(b.sql())
    const sup = h.as('supervisor', 'wang')
    const { lat, lng, name } = await h.exitRamp()
    const query = { lat, lng, fromMs: h.now() - 15 * 60_000, toMs: h.now() - 5 * 60_000 }
    const run = await h.ok(sup<LookupResult>('lookup:run', query))
    expect(run.windows.length).toBeGreaterThan(0)
    expect(run.candidates.length).toBeGreaterThan(0)

    const created = await h.ok(
      sup<LookupCase>('lookup:cases:create', {
        query: { ...query, pick: 'map', label: name },
        title: '刮擦逃逸'
      })
    )
    // the server ran the same lookup: same windows, same best candidate
    expect(created.result.windows.map((w) => w.cameraCode)).toEqual(
      run.windows.map((w) => w.cameraCode)
    )
    expect(created.result.candidates[0]?.plate).toBe(run.candidates[0]?.plate)
    expect(created.version).toBe(1)

    const plate = created.result.candidates[0].plate
    const w = created.result.windows[0]
    const confirmed = await h.ok(
      sup<LookupCase>('lookup:cases:confirm', {
        caseId: created.id,
        windowIndex: 0,
        plate,
        verdict: 'seen',
        videoAt: w.cameraFromMs + 5000,
        snapshotDataUrl: PNG_1x1
      })
    )
    expect(confirmed.version).toBe(2)
    expect(confirmed.confirmations).toHaveLength(1)
    const k = confirmed.confirmations[0]
    expect(k).toMatchObject({ cameraCode: w.cameraCode, plate, verdict: 'seen', createdBy: 'wang' })
    expect(k.snapshotUrl).toBe(`/media/lookup-cases/${created.id}/snap-${k.id}.png`)
    expect(
      existsSync(path.join(h.dataDir, 'lookup-cases', String(created.id), `snap-${k.id}.png`))
    ).toBe(true)

    // a window the case does not have, a snapshot that is not what it claims
    const bad = await sup('lookup:cases:confirm', {
      caseId: created.id,
      windowIndex: 9999,
      plate,
      verdict: 'seen',
      videoAt: 1
    })
    expect(bad.ok).toBe(false)
    const fake = await sup('lookup:cases:confirm', {
      caseId: created.id,
      windowIndex: 0,
      plate,
      verdict: 'seen',
      videoAt: 1,
      snapshotDataUrl: 'data:image/png;base64,AAAA'
    })
    expect(fake.ok).toBe(false)

    // optimistic concurrency: an update over an old version is refused
    const stale = await sup('lookup:cases:update', { id: created.id, version: 1, title: 'x' })
    expect(!stale.ok && stale.error.code).toBe('conflict')
    const renamed = await h.ok(
      sup<LookupCase>('lookup:cases:update', {
        id: created.id,
        version: 2,
        title: '东瑞小区刮擦',
        selectedPlate: plate
      })
    )
    expect(renamed).toMatchObject({ title: '东瑞小区刮擦', selectedPlate: plate, version: 3 })

    const withdrawn = await h.ok(
      sup<LookupCase>('lookup:cases:unconfirm', { caseId: created.id, confirmationId: k.id })
    )
    expect(withdrawn.confirmations).toHaveLength(0)

    const actions = (await listAudit(h.sql, { entity: 'lookup_case', limit: 50 })).map(
      (a) => a.action
    )
    expect(actions).toEqual(
      expect.arrayContaining([
        'lookup_case.create',
        'lookup_case.confirm',
        'lookup_case.update',
        'lookup_case.unconfirm'
      ])
    )
    expect(h.events.filter((e) => e.event === 'lookup:caseChanged')).toHaveLength(4)
  })

  it('writes a self-contained HTML report and a PDF with the map and the candidate', async () => {
    const h = await createLookupHarness(b.sql())
    const sup = h.as('supervisor', 'wang')
    const { lat, lng, name } = await h.exitRamp()
    const query = {
      lat,
      lng,
      fromMs: h.now() - 15 * 60_000,
      toMs: h.now() - 5 * 60_000,
      pick: 'map',
      label: name
    }
    const c = await h.ok(sup<LookupCase>('lookup:cases:create', { query, title: '' }))
    const plate = c.result.candidates[0].plate
    await h.ok(
      sup('lookup:cases:confirm', {
        caseId: c.id,
        windowIndex: 0,
        plate,
        verdict: 'seen',
        videoAt: c.result.windows[0].cameraFromMs,
        snapshotDataUrl: PNG_1x1
      })
    )
    const urls = await h.ok(
      sup<{ htmlUrl: string; pdfUrl: string }>('lookup:report', {
        caseId: c.id,
        mapPngDataUrl: PNG_1x1,
        language: 'zh-CN'
      })
    )
    expect(urls.htmlUrl).toMatch(/^\/media\/reports\/case-\d+-[0-9a-f]{32}\/report\.html$/)

    const file = (u: string) => path.join(h.dataDir, u.replace(/^\/media\//, ''))
    const html = readFileSync(file(urls.htmlUrl), 'utf8')
    expect(html).toContain('<img class="map"')
    expect(html).toContain(plate)
    expect(html).toContain('在此出现')
    // nothing outside the page: every image inline
    expect(html).not.toMatch(/src="(?!data:)/)

    const pdf = readFileSync(file(urls.pdfUrl))
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    if (hasPdftotext)
      expect(execFileSync('pdftotext', [file(urls.pdfUrl), '-'], { encoding: 'utf8' })).toContain(
        plate
      )

    const report = (await listAudit(h.sql, { entity: 'lookup_case', limit: 50 })).find(
      (a) => a.action === 'lookup_case.report'
    )
    expect(report?.actor).toBe('wang')
    // the map is kept with the case
    expect((await h.ok(sup<LookupCase>('lookup:cases:get', { id: c.id }))).mapUrl).toBe(
      `/media/lookup-cases/${c.id}/map.png`
    )
  }, 60_000)

  it('lets the duty role look cases up (the duty staff are the ones who find the car)', async () => {
    const h = await createLookupHarness(b.sql())
    const r = await h.as('duty')('lookup:cases:list', {})
    expect(r.ok).toBe(true)
  })
})
