import { expect, it } from 'vitest'
import pg from 'pg'
import { describeBackends } from '../../../helpers/backends'
import { createHarness, fields, untilLockWait } from './helpers'
import type { Handover, Shift, ShiftReport } from '../../../../src/shared/domain/duty'
import type { Incident } from '../../../../src/shared/domain/incident'

describeBackends('duty log and shift handover', (backend) => {
  it('carries open incidents and the handover note over to the incoming shift, and reports the shift', async () => {
    const h = await createHarness(backend.sql())
    const duty = h.as('duty', 'zhang')
    const day = await h.ok(duty<Shift>('duty:startShift', { operators: ['张三', '李四'] }))
    expect(await duty('duty:startShift', { operators: ['王五'] })).toMatchObject({
      ok: false,
      error: { code: 'conflict', details: { reason: 'shift_open' } }
    })
    h.tick(60_000)
    const open = await h.ok(
      duty<Incident>('incidents:create', { fields: fields({ description: '育才路人员聚集' }) })
    )
    const done = await h.ok(
      duty<Incident>('incidents:create', {
        fields: fields({ type: 'theft', description: '电动车被盗' })
      })
    )
    await h.ok(duty('incidents:transition', { id: done.id, action: 'acknowledge' }))
    await h.ok(
      duty('incidents:notify', {
        id: done.id,
        department: 'police',
        at: h.deps.now(),
        method: 'phone',
        contact: '110'
      })
    )
    await h.ok(duty('incidents:transition', { id: done.id, action: 'resolve' }))
    await h.ok(h.as('supervisor')('incidents:close', { id: done.id }))
    await h.ok(duty('duty:addEntry', { text: '14:00 巡查金城路，无异常' }))
    await h.sql.run(
      "INSERT INTO system_events (at, kind, camera_id) VALUES (?, 'camera.offline', 2)",
      [h.deps.now()]
    )
    h.tick(20 * 60_000)
    await h.sql.run(
      "INSERT INTO system_events (at, kind, camera_id) VALUES (?, 'camera.online', 2)",
      [h.deps.now()]
    )
    h.tick(60_000)
    await h.ok(
      duty('duty:endShift', { id: day.id, handoverNote: '育才路聚集事件未结，夜班请关注' })
    )

    const handover = await h.ok(h.as('duty', 'wang')<Handover>('duty:handover', {}))
    expect(handover.current).toBeNull()
    expect(handover.previous).toMatchObject({
      id: day.id,
      handoverNote: '育才路聚集事件未结，夜班请关注',
      endedBy: 'zhang'
    })
    expect(handover.openIncidents.map((i) => i.id)).toEqual([open.id])

    const report = await h.ok(duty<ShiftReport>('duty:report', { shiftId: day.id }))
    expect(report.incidents.map((i) => i.id).sort()).toEqual([open.id, done.id].sort())
    expect(report.incidents.find((i) => i.id === done.id)?.steps.map((s) => s.action)).toEqual([
      'create',
      'acknowledge',
      'resolve',
      'close'
    ])
    expect(report.notifications).toMatchObject([
      { incidentId: done.id, department: 'police', calledBy: 'zhang', incidentType: 'theft' }
    ])
    expect(report.outages).toMatchObject([
      { cameraId: 2, cameraCode: 'BG-0002', block: '第二片区', minutes: 20 }
    ])
    expect(report.entries.map((e) => e.text)).toEqual(['14:00 巡查金城路，无异常'])
    expect(report.entries[0]?.shiftId).toBe(day.id)
  })

  it('two desks starting a shift at once: one shift starts, the other is told one is on duty', async () => {
    const h = await createHarness(backend.sql())
    const results = (await Promise.all([
      h.as('duty', 'zhang')('duty:startShift', { operators: ['张三'] }),
      h.as('duty', 'wang')('duty:startShift', { operators: ['王五'] })
    ])) as { ok: boolean; error?: { code: string; details?: { reason?: string } } }[]
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.find((r) => !r.ok)?.error).toMatchObject({
      code: 'conflict',
      details: { reason: 'shift_open' }
    })
    expect((await h.ok(h.as('duty')<Shift[]>('duty:shifts', { limit: 5 }))).length).toBe(1)
  })

  it('an edit of a shift ended meanwhile (from another room server) is refused, not written', async () => {
    const h = await createHarness(backend.sql())
    const duty = h.as('duty')
    const s = await h.ok(duty<Shift>('duty:startShift', { operators: ['张三'] }))
    const end = "UPDATE shifts SET ended_at = started_at, handover_note = '交班' WHERE id = $1"
    const edit = () =>
      duty('duty:updateShift', { id: s.id, operators: ['张三', '李四'], handoverNote: '草稿' })
    let r: unknown
    if (backend.dialect === 'postgres') {
      const other = new pg.Client({ connectionString: backend.url })
      await other.connect()
      try {
        await other.query('BEGIN')
        await other.query(end, [s.id])
        const pending = edit()
        await untilLockWait(h.sql)
        await other.query('COMMIT')
        r = await pending
      } finally {
        await other.end()
      }
    } else {
      await h.sql.run(end.replace('$1', '?'), [s.id])
      r = await edit()
    }
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid_transition', details: { reason: 'shift_ended' } }
    })
    const after = (await h.ok(duty<Shift[]>('duty:shifts', { limit: 1 })))[0]
    expect(after).toMatchObject({ operators: ['张三'], handoverNote: '交班' })
  })
})
