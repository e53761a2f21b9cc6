import { expect, it } from 'vitest'
import { describeBackends } from '../../../helpers/backends'
import { createHarness, fields } from './helpers'
import type { Incident } from '../../../../src/shared/domain/incident'
import { actionsFrom, nextStatus } from '../../../../src/shared/domain/incident'

describeBackends('incident workflow', (backend) => {
  it('walks new → acknowledged → dispatched → resolved → closed with time and operator at each step', async () => {
    const h = await createHarness(backend.sql())
    const duty = h.as('duty', 'zhang')
    const sup = h.as('supervisor', 'li')
    const created = await h.ok(duty<Incident>('incidents:create', { fields: fields() }))
    expect(created).toMatchObject({
      status: 'new',
      block: '第一片区',
      community: '荣星社区',
      placeName: '金城路与育才路交叉口',
      version: 1
    })
    h.tick(30_000)
    await h.ok(duty('incidents:transition', { id: created.id, action: 'acknowledge' }))
    h.tick(30_000)
    await h.ok(
      duty('incidents:notify', {
        id: created.id,
        department: 'police',
        at: h.deps.now(),
        method: 'phone',
        contact: '110 接警员 王'
      })
    )
    await h.ok(duty('incidents:transition', { id: created.id, action: 'dispatch' }))
    h.tick(600_000)
    await h.ok(
      duty('incidents:transition', { id: created.id, action: 'resolve', note: '车主已找到' })
    )
    h.tick(60_000)
    const closed = await h.ok(sup<Incident>('incidents:close', { id: created.id }))
    expect(closed.status).toBe('closed')
    expect(closed.steps.map((s) => [s.action, s.fromStatus, s.toStatus, s.actor])).toEqual([
      ['create', null, 'new', 'zhang'],
      ['acknowledge', 'new', 'acknowledged', 'zhang'],
      ['dispatch', 'acknowledged', 'dispatched', 'zhang'],
      ['resolve', 'dispatched', 'resolved', 'zhang'],
      ['close', 'resolved', 'closed', 'li']
    ])
    const times = closed.steps.map((s) => s.at)
    expect([...times].sort((a, b) => a - b)).toEqual(times)
    expect(closed.notifications).toMatchObject([
      { department: 'police', method: 'phone', calledBy: 'zhang', contact: '110 接警员 王' }
    ])
    expect(
      h.events
        .filter((e) => e.event === 'incident:changed')
        .map((e) => e.event === 'incident:changed' && e.payload.change)
    ).toEqual(['create', 'acknowledge', 'notify', 'dispatch', 'resolve', 'close'])
  })

  it('refuses illegal transitions with invalid_transition, saying from what and what is allowed', async () => {
    const h = await createHarness(backend.sql())
    const duty = h.as('duty')
    const sup = h.as('supervisor')
    const { id } = await h.ok(duty<Incident>('incidents:create', { fields: fields() }))
    const r = await duty('incidents:transition', { id, action: 'resolve' })
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_transition',
        details: {
          reason: 'incident_transition',
          action: 'resolve',
          status: 'new',
          allowed: ['acknowledge']
        }
      }
    })
    expect(await sup('incidents:close', { id })).toMatchObject({
      ok: false,
      error: { code: 'invalid_transition' }
    })
    await h.ok(duty('incidents:transition', { id, action: 'acknowledge' }))
    // a second operator acknowledging the same incident is told it already was
    expect(
      await h.as('duty', 'wang')('incidents:transition', { id, action: 'acknowledge' })
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_transition', details: { status: 'acknowledged' } }
    })
    expect(await sup('incidents:reopen', { id, reason: '再查' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_transition' }
    })
    const after = await h.ok(duty<Incident>('incidents:get', { id }))
    expect(after.status).toBe('acknowledged')
    expect(after.steps).toHaveLength(2)
  })

  it('lets only supervisors close and reopen, and reopening needs a reason', async () => {
    const h = await createHarness(backend.sql())
    const duty = h.as('duty')
    const sup = h.as('supervisor')
    const { id } = await h.ok(duty<Incident>('incidents:create', { fields: fields() }))
    await h.ok(duty('incidents:transition', { id, action: 'acknowledge' }))
    await h.ok(duty('incidents:transition', { id, action: 'resolve' }))
    expect(await duty('incidents:close', { id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    await h.ok(sup('incidents:close', { id }))
    expect(await sup('incidents:reopen', { id, reason: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' }
    })
    const reopened = await h.ok(
      sup<Incident>('incidents:reopen', { id, reason: '车主称车辆仍有新损伤' })
    )
    expect(reopened.status).toBe('acknowledged')
    expect(reopened.steps.at(-1)).toMatchObject({
      action: 'reopen',
      fromStatus: 'closed',
      note: '车主称车辆仍有新损伤'
    })
  })

  it('has a pure transition table the UI shares', () => {
    expect(actionsFrom('new')).toEqual(['acknowledge'])
    expect(actionsFrom('acknowledged')).toEqual(['dispatch', 'resolve'])
    expect(actionsFrom('closed')).toEqual(['reopen'])
    expect(nextStatus('dispatched', 'acknowledge')).toBeNull()
  })

  it('derives block and community from a road or a map point (nearest camera)', async () => {
    const h = await createHarness(backend.sql())
    const duty = h.as('duty')
    const p = await h.ok(
      duty<Incident>('incidents:create', {
        fields: fields({
          placeKind: 'point',
          cameraId: null,
          lat: 30.199,
          lng: 120.279,
          placeName: '育才路公交站'
        })
      })
    )
    expect(p).toMatchObject({ block: '第二片区', community: '湘湖社区', placeName: '育才路公交站' })
    expect(
      await duty('incidents:create', { fields: fields({ placeKind: 'point', cameraId: null }) })
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await duty('incidents:create', { fields: fields({ type: 'nonsense' }) })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', details: { reason: 'unknown_type' } }
    })
  })

  it('stores a snapshot as a file under the data dir with its hash, and reads it back', async () => {
    const h = await createHarness(backend.sql())
    const duty = h.as('duty')
    const png =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
    const created = await h.ok(
      duty<Incident>('incidents:create', { fields: fields(), snapshotDataUrl: png })
    )
    expect(created.attachments).toHaveLength(1)
    const att = created.attachments[0]
    expect(att).toMatchObject({ kind: 'snapshot', mime: 'image/png' })
    const back = await h.ok(duty<{ dataUrl: string }>('incidents:attachment', { id: att.id }))
    expect(back.dataUrl).toBe(png)
  })
})
