import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { describeBackends } from '../../../helpers/backends'
import { createTestDeps } from '../../../helpers/appDeps'
import { dispatchAs } from '../../../helpers/dispatchAs'
import { createDispatcher, type Handlers } from '../../../../src/main/api/dispatch'
import { camerasHandlers } from '../../../../src/main/cameras/handlers'
import { cameraCredentialsHandlers } from '../../../../src/main/cameras/credentialsHandlers'
import { groupsHandlers, registryHandlers } from '../../../../src/main/registry/handlers'
import { listAudit, verifyAuditChain } from '../../../../src/main/audit/repository'
import { getCameraCredentials } from '../../../../src/main/cameras/repository'
import { createKeyFileSecretBox } from '../../../../src/main/security/secretBox'
import type { Camera } from '../../../../src/shared/domain/camera'
import type { CameraGroup } from '../../../../src/shared/domain/registry'
import type { ImportSummary } from '../../../../src/shared/domain/import'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/**
 * Camera edits through the real pipeline on each backend: every change and
 * its audit row land in one transaction, and the registry's push follows.
 */
describeBackends('camera handlers', (b) => {
  const setup = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wr-cam-h-'))
    dirs.push(dir)
    const t = createTestDeps(b.sql(), 1_780_000_000_000)
    const secrets = createKeyFileSecretBox(dir)
    const deps = { ...t.deps, resolveStreams: () => [], secrets }
    const dispatch = createDispatcher(
      {
        ...camerasHandlers(deps),
        ...cameraCredentialsHandlers(deps),
        ...registryHandlers(deps),
        ...groupsHandlers(deps)
      } as unknown as Handlers,
      { ...deps, unaudited: 'refuse' }
    )
    return { ...t, sql: deps.sql, ...dispatchAs(dispatch) }
  }

  it('creates, edits, archives and restores a camera, each change audited once', async () => {
    const { as, ok, sql, events } = setup()
    const tech = as('technician')
    const cam = await ok<Camera>(
      tech('cameras:create', {
        code: 'H-1',
        fields: {
          name: '金城路口',
          lat: 30.18,
          lng: 120.26,
          block: '1',
          streamUrl: 'rtsp://admin:Secret-1@10.0.0.9/main'
        }
      })
    )
    expect(cam).toMatchObject({
      code: 'H-1',
      streamUrl: 'rtsp://10.0.0.9/main',
      streamUser: 'admin',
      streamPasswordSet: true
    })
    const moved = await ok<Camera>(
      tech('cameras:update', {
        id: cam.id,
        patch: { lat: 30.2 },
        expectedUpdatedAt: cam.updatedAt
      })
    )
    expect(moved.lat).toBe(30.2)
    // a stale copy is refused, and nothing is written for it
    expect(
      await tech('cameras:update', {
        id: cam.id,
        patch: { name: 'x' },
        expectedUpdatedAt: cam.updatedAt - 1
      })
    ).toMatchObject({ ok: false, error: { code: 'conflict' } })
    const g = await ok<CameraGroup>(tech('groups:create', { name: '沿线' }))
    await ok(tech('cameras:bulkEdit', { ids: [cam.id], edit: { addToGroups: [g.id] } }))
    await ok(tech('cameras:remove', { ids: [cam.id], mode: 'archive' }))
    expect(await ok(tech('cameras:restore', { ids: [cam.id] }))).toEqual({ restored: 1 })
    // restoring a camera in service changes nothing and owes no audit row
    expect(await ok(tech('cameras:restore', { ids: [cam.id] }))).toEqual({ restored: 0 })
    const actions = (await listAudit(sql, { limit: 20 })).map((a) => a.action).reverse()
    expect(actions).toEqual([
      'camera.create',
      'camera.update',
      'group.create',
      'camera.bulkEdit',
      'camera.archive',
      'camera.restore'
    ])
    expect(JSON.stringify(await listAudit(sql, { limit: 20 }))).not.toContain('Secret-1')
    expect((await verifyAuditChain(sql)).ok).toBe(true)
    expect(events.filter((e) => e.event === 'registry:changed').length).toBeGreaterThanOrEqual(6)
    // the duty officer sees neither the account nor the URL's user info
    const seen = await ok<Camera[]>(as('duty')('cameras:list', {}))
    expect(seen[0]).toMatchObject({ streamUser: null, streamPasswordSet: false })
  })

  it('sets and clears stream credentials with the audit row in the same transaction', async () => {
    const { as, ok, sql } = setup()
    const tech = as('technician')
    const cam = await ok<Camera>(
      tech('cameras:create', { code: 'H-2', fields: { name: '育才路', lat: 30.1, lng: 120.2 } })
    )
    const set = await ok<Camera>(
      tech('cameras:setCredentials', { id: cam.id, user: 'op', password: 'Pw-2' })
    )
    expect(set).toMatchObject({ streamUser: 'op', streamPasswordSet: true })
    const sealed = (await getCameraCredentials(sql, cam.id))?.sealedPassword
    expect(sealed).toBeInstanceOf(Buffer)
    expect(sealed?.toString('latin1')).not.toContain('Pw-2')
    // no password in the call keeps the stored one
    await ok(tech('cameras:setCredentials', { id: cam.id, user: 'op2' }))
    expect((await getCameraCredentials(sql, cam.id))?.sealedPassword).toEqual(sealed)
    expect(
      await ok<Camera>(tech('cameras:setCredentials', { id: cam.id, user: '', password: '' }))
    ).toMatchObject({ streamUser: null, streamPasswordSet: false })
    expect(await getCameraCredentials(sql, cam.id)).toEqual({ user: null, sealedPassword: null })
    expect(
      await tech('cameras:setCredentials', { id: 999, user: 'x', password: 'y' })
    ).toMatchObject({ ok: false, error: { code: 'not_found' } })
    const rows = (await listAudit(sql, { action: 'camera.credentials', limit: 5 })).reverse()
    expect(rows.map((r) => r.after)).toEqual([
      { streamUser: 'op', streamPasswordSet: true },
      { streamUser: 'op2', streamPasswordSet: true },
      { streamUser: null, streamPasswordSet: false }
    ])
  })

  it('imports a file through the registry handler and records the import in the event log', async () => {
    const { as, ok, sql, events } = setup()
    const file = 'code,name,lat,lng\nI-1,一号,30.1,120.2\nI-2,二号,30.1,120.2\n'
    const summary = await ok<ImportSummary>(
      as('technician')('registry:import', {
        kind: 'cameras',
        contentBase64: Buffer.from(file).toString('base64'),
        fileName: 'cams.csv',
        dryRun: false
      })
    )
    expect(summary).toMatchObject({ added: 2, updated: 0 })
    expect(
      await sql.all('SELECT kind, actor FROM system_events WHERE kind = ?', ['import.cameras'])
    ).toEqual([{ kind: 'import.cameras', actor: 'technician' }])
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining(['event:appended', 'registry:changed'])
    )
    expect((await listAudit(sql, { action: 'registry.import.cameras', limit: 5 })).length).toBe(1)
  })
})
