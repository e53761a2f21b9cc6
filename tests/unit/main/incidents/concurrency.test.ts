import { expect, it } from 'vitest'
import pg from 'pg'
import { value } from '../../../../src/main/db/sql'
import { describeBackends } from '../../../helpers/backends'
import { createHarness, fields, untilLockWait } from './helpers'
import type { Incident } from '../../../../src/shared/domain/incident'

describeBackends('optimistic concurrency: two windows editing one incident', (backend) => {
  it('refuses the second save with conflict, tells why, and loses nothing', async () => {
    const h = await createHarness(backend.sql())
    const windowA = h.as('duty', 'zhang')
    const windowB = h.as('duty', 'wang')
    const created = await h.ok(windowA<Incident>('incidents:create', { fields: fields() }))
    // both windows open version 1
    const a = await h.ok(windowA<Incident>('incidents:get', { id: created.id }))
    const b = await h.ok(windowB<Incident>('incidents:get', { id: created.id }))
    expect(a.version).toBe(1)
    expect(b.version).toBe(1)

    h.tick(5_000)
    const savedA = await h.ok(
      windowA<Incident>('incidents:update', {
        id: a.id,
        version: a.version,
        fields: { ...fields(), description: 'A：白色轿车，车牌尾号 37，向育才路方向驶离' }
      })
    )
    expect(savedA.version).toBe(2)

    h.tick(5_000)
    const bText = 'B：监控显示驾驶员下车查看后离开，约 14:05'
    const r = await windowB('incidents:update', {
      id: b.id,
      version: b.version,
      fields: { ...fields(), description: bText, severity: 'high' }
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('conflict')
    // told why: who saved, which version is current, which one B edited
    expect(r.error.message).toMatch(/changed by zhang .*version 2.*version 1/)
    const details = r.error.details as { reason: string; yourVersion: number; current: Incident }
    expect(details.reason).toBe('incident_version')
    expect(details.yourVersion).toBe(1)
    expect(details.current.description).toBe(savedA.description)
    expect(details.current.version).toBe(2)

    // nothing lost: A's save stands, B's refused save wrote nothing
    const stored = await h.ok(windowB<Incident>('incidents:get', { id: a.id }))
    expect(stored.description).toBe(savedA.description)
    expect(stored.severity).toBe('medium')
    expect(stored.version).toBe(2)

    // B merges (keeps its text on top of A's) and saves over the version it was shown
    const merged = `${details.current.description}\n${bText}`
    const savedB = await h.ok(
      windowB<Incident>('incidents:update', {
        id: a.id,
        version: details.current.version,
        fields: { ...fields(), description: merged, severity: 'high' }
      })
    )
    expect(savedB).toMatchObject({
      version: 3,
      description: merged,
      severity: 'high',
      updatedBy: 'wang'
    })

    // the audit trail has both saves with before/after
    const audit = await h.sql.all<{ actor: string; before: string; after: string }>(
      "SELECT actor, before, after FROM audit_log WHERE action = 'incident.update' ORDER BY id"
    )
    expect(audit.map((x) => x.actor)).toEqual(['zhang', 'wang'])
    expect((JSON.parse(audit[1].before) as Incident).description).toBe(savedA.description)
    expect((JSON.parse(audit[1].after) as Incident).description).toBe(merged)
  })

  it('a workflow step moves the version too, so a form opened before it is told', async () => {
    const h = await createHarness(backend.sql())
    const duty = h.as('duty')
    const i = await h.ok(duty<Incident>('incidents:create', { fields: fields() }))
    await h.ok(duty('incidents:transition', { id: i.id, action: 'acknowledge' }))
    const r = await duty('incidents:update', {
      id: i.id,
      version: 1,
      fields: fields({ description: 'x' })
    })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'conflict', details: { current: { status: 'acknowledged', version: 2 } } }
    })
  })

  it('two operators acknowledging at once: one step is taken, the other is told it already was', async () => {
    const h = await createHarness(backend.sql())
    const i = await h.ok(h.as('duty')<Incident>('incidents:create', { fields: fields() }))
    const [a, b] = await Promise.all([
      h.as('duty', 'zhang')('incidents:transition', { id: i.id, action: 'acknowledge' }),
      h.as('duty', 'wang')('incidents:transition', { id: i.id, action: 'acknowledge' })
    ])
    const results = [a, b] as { ok: boolean; error?: { code: string } }[]
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.find((r) => !r.ok)?.error?.code).toBe('invalid_transition')
    const after = await h.ok(h.as('duty')<Incident>('incidents:get', { id: i.id }))
    expect(after).toMatchObject({ status: 'acknowledged', version: 2 })
    expect(after.steps.map((st) => st.action)).toEqual(['create', 'acknowledge'])
    const rows = await h.sql.all<{ action: string }>(
      "SELECT action FROM audit_log WHERE action = 'incident.acknowledge'"
    )
    expect(rows).toHaveLength(1)
  })

  it('a department is never notified of an incident closed meanwhile (by another room server)', async () => {
    const h = await createHarness(backend.sql())
    const duty = h.as('duty')
    const i = await h.ok(duty<Incident>('incidents:create', { fields: fields() }))
    const close = "UPDATE incidents SET status = 'closed', version = version + 1 WHERE id = $1"
    const notify = () =>
      duty('incidents:notify', {
        id: i.id,
        department: 'police',
        at: h.deps.now(),
        method: 'phone'
      })
    let r: unknown
    if (backend.dialect === 'postgres') {
      // another server closes it and has not committed when the notification starts
      const other = new pg.Client({ connectionString: backend.url })
      await other.connect()
      try {
        await other.query('BEGIN')
        await other.query(close, [i.id])
        const pending = notify()
        // the notification now waits for the other server's row lock
        await untilLockWait(h.sql)
        await other.query('COMMIT')
        r = await pending
      } finally {
        await other.end()
      }
    } else {
      // a room's file has one writer: the close is simply first
      await h.sql.run(close.replace('$1', '?'), [i.id])
      r = await notify()
    }
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid_transition', details: { reason: 'incident_closed' } }
    })
    expect(
      Number(
        await value(h.sql, 'SELECT count(*) FROM incident_notifications WHERE incident_id = ?', [
          i.id
        ])
      )
    ).toBe(0)
  })
})
