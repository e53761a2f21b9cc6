import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import os from 'node:os'
import { mkdtempSync, rmSync } from 'node:fs'
import { createTestDb } from '../../../helpers/db'
import { sqliteSql } from '../../../../src/main/db/sqliteSql'
import { dispatchAs } from '../../../helpers/dispatchAs'
import { startOnvifCamera, type SimCamera } from '../../../helpers/onvifCamera'
import { createEventBus } from '../../../../src/main/app/bus'
import { createSessionStore } from '../../../../src/main/users/sessions'
import type { AppDeps } from '../../../../src/main/app/deps'
import { createDispatcher, type Handlers } from '../../../../src/main/api/dispatch'
import { createOnvifDevices } from '../../../../src/main/onvif/devices'
import { createPtzService } from '../../../../src/main/ptz/service'
import { createAlarmService } from '../../../../src/main/alarms/service'
import { ptzHandlers } from '../../../../src/main/ptz/handlers'
import { registryHandlers } from '../../../../src/main/registry/handlers'
import { incidentsHandlers } from '../../../../src/main/incidents/handlers'
import { listAudit } from '../../../../src/main/audit/repository'
import { listSystemEvents } from '../../../../src/main/events/repository'
import type { Camera } from '../../../../src/shared/domain/camera'
import type { Alarm, AlarmRule } from '../../../../src/shared/domain/alarm'
import type { OnvifLink } from '../../../../src/shared/domain/onvif'
import type { PtzPreset, PtzState } from '../../../../src/shared/domain/ptz'
import type { Incident } from '../../../../src/shared/domain/incident'

/**
 * The ONVIF path end to end in main, against the simulated dome: adding a
 * camera from its device, PTZ through the session rules to the device,
 * presets, and PullPoint alarms through the rules and the throttle.
 */
async function until<T>(
  fn: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  ms = 5000
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

let sim: SimCamera
const dir = mkdtempSync(path.join(os.tmpdir(), 'wr-ptz-'))
const db = createTestDb()
const sql = sqliteSql(db)
const bus = createEventBus()
const deps: AppDeps = {
  sql,
  bus,
  sessions: createSessionStore({ ttlMs: 1e9 }),
  now: Date.now,
  info: {
    name: 'WatchRoom',
    version: 't',
    transport: 'http',
    demo: false,
    timeZone: 'Asia/Shanghai',
    mediaBase: '/media',
    liveSocketBase: null
  },
  resolveStreams: () => []
}
const log: string[] = []
const devices = createOnvifDevices(sql)
const ptz = createPtzService({
  sql,
  bus,
  now: Date.now,
  devices,
  idleReleaseMs: 60_000,
  log: (m) => log.push(m)
})
const alarms = createAlarmService({
  sql,
  bus,
  now: Date.now,
  timeZone: 'Asia/Shanghai',
  devices,
  ptz,
  attachmentsDir: path.join(dir, 'attachments'),
  log: (m) => log.push(m),
  // short, so the last test can raise a second alarm; the flood below is far faster
  throttleMs: 3000
})
const dispatch = createDispatcher(
  {
    ...registryHandlers(deps),
    ...incidentsHandlers(deps, { attachmentsDir: path.join(dir, 'attachments') }),
    ...ptzHandlers(deps, { ptz, alarms, devices })
  } as unknown as Handlers,
  deps
)
const { as, ok } = dispatchAs(dispatch)
let cam: Camera

beforeAll(async () => {
  sim = await startOnvifCamera({ stream: false })
})
afterAll(async () => {
  alarms.close()
  await ptz.close()
  devices.close()
  await sim.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('ONVIF cameras in main', () => {
  it('refuses a wrong password with a reason the UI can name, and saves nothing', async () => {
    const r = await as('technician')('onvif:addCamera', {
      xaddr: sim.xaddr,
      username: sim.username,
      password: 'wrong',
      code: 'PTZ-X',
      name: 'x',
      lat: 30.2,
      lng: 120.2
    })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'unavailable', details: { reason: 'onvif_auth' } }
    })
    expect(db.prepare("SELECT COUNT(*) FROM cameras WHERE code = 'PTZ-X'").pluck().get()).toBe(0)
  })

  it('adds a camera from its device: streams, PTZ and snapshot; the account stays in main', async () => {
    const probe = await ok(
      as('technician')('onvif:probe', {
        xaddr: sim.xaddr,
        username: sim.username,
        password: sim.password
      })
    )
    expect(probe).toMatchObject({
      ptz: true,
      profiles: [
        { token: 'main', width: 1920 },
        { token: 'sub', width: 640 }
      ]
    })
    cam = await ok<Camera>(
      as('technician')('onvif:addCamera', {
        xaddr: sim.xaddr,
        username: sim.username,
        password: sim.password,
        code: 'PTZ-01',
        name: '金城路球机',
        lat: 30.2,
        lng: 120.2
      })
    )
    expect(cam.streamUrl).toMatch(/^rtsp:\/\/.*\/main$/)
    expect(cam.subStreamUrl).toMatch(/\/sub$/)
    const techLinks = await ok<OnvifLink[]>(as('technician')('onvif:links', {}))
    expect(techLinks).toEqual([
      expect.objectContaining({ cameraId: cam.id, username: 'admin', ptz: true })
    ])
    const dutyLinks = await ok<OnvifLink[]>(as('duty')('onvif:links', {}))
    expect(dutyLinks[0]?.username).toBeNull()
    expect(JSON.stringify([techLinks, dutyLinks])).not.toContain(sim.password)
    // neither the audit trail nor a camera export carries the password
    expect(JSON.stringify(await listAudit(sql, { limit: 100 }))).not.toContain(sim.password)
    const exported = await ok<{ content: string }>(
      as('technician')('registry:export', { what: 'cameras-csv', includeArchived: true })
    )
    expect(exported.content).toContain('PTZ-01')
    expect(exported.content).not.toContain(sim.password)
    expect(
      await as('duty')('onvif:probe', { xaddr: sim.xaddr, username: 'a', password: 'b' })
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
  })

  it('moves while held and stops on release; a second duty user is refused, a supervisor takes over', async () => {
    const duty = as('duty')
    const t0 = sim.requests.length
    await ok(duty('ptz:move', { cameraId: cam.id, pan: 0.5, tilt: 0, zoom: 0 }))
    expect(sim.moving()).toBe(true)
    // a renewal with the same velocity does not reach the device again
    await ok(duty('ptz:move', { cameraId: cam.id, pan: 0.5, tilt: 0, zoom: 0 }))
    expect(sim.requests.slice(t0).filter((r) => r.action === 'ContinuousMove')).toHaveLength(1)
    await ok(duty('ptz:stop', { cameraId: cam.id }))
    expect(sim.moving()).toBe(false)
    expect(sim.position().pan).toBeGreaterThan(0)

    const other = as('duty', 'duty2')
    const refused = await other('ptz:move', { cameraId: cam.id, pan: -1, tilt: 0, zoom: 0 })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', details: { reason: 'ptz_held', holder: { username: 'duty' } } }
    })
    expect(await ok<PtzState>(other('ptz:state', { cameraId: cam.id }))).toMatchObject({
      holder: { username: 'duty' },
      mine: false,
      canTakeOver: false
    })
    const sup = as('supervisor')
    expect(await ok<PtzState>(sup('ptz:state', { cameraId: cam.id }))).toMatchObject({
      canTakeOver: true
    })
    await ok(duty('ptz:move', { cameraId: cam.id, pan: 0, tilt: 0.5, zoom: 0 }))
    expect(sim.moving()).toBe(true)
    const taken = await ok<PtzState>(sup('ptz:take', { cameraId: cam.id, takeOver: true }))
    expect(taken).toMatchObject({ mine: true, holder: { username: 'supervisor' } })
    // the displaced operator's dome was stopped
    await until(() => !sim.moving())
    expect((await duty('ptz:move', { cameraId: cam.id, pan: 1, tilt: 0, zoom: 0 })).ok).toBe(false)
    await ok(sup('ptz:release', { cameraId: cam.id }))
    const actions = (await listAudit(sql, { limit: 100 })).map((a) => a.action)
    expect(actions).toEqual(expect.arrayContaining(['ptz.take', 'ptz.takeover', 'ptz.release']))
  })

  it('stops a move whose client went quiet (lost connection) within a second or so', async () => {
    const duty = as('duty')
    await ok(duty('ptz:move', { cameraId: cam.id, pan: -0.5, tilt: 0, zoom: 0 }))
    const pressed = Date.now()
    expect(sim.moving()).toBe(true)
    await until(() => !sim.moving(), 3000)
    const after = Date.now() - pressed
    expect(after).toBeGreaterThanOrEqual(900)
    expect(after).toBeLessThan(2000)
    expect((await listAudit(sql, { limit: 100 })).map((a) => a.action)).toContain('ptz.stop.lost')
  })

  it('lists, goes to, saves, renames and deletes presets; only technicians change them', async () => {
    const duty = as('duty')
    const presets = await ok<PtzPreset[]>(duty('ptz:presets', { cameraId: cam.id }))
    expect(presets.map((p) => p.name)).toEqual(['路口', '人行道'])
    await ok(duty('ptz:gotoPreset', { cameraId: cam.id, token: '2' }))
    expect(sim.position()).toMatchObject({ pan: 0.8, zoom: 0.5 })
    await ok(duty('ptz:home', { cameraId: cam.id }))
    expect(sim.position()).toEqual({ pan: 0, tilt: 0, zoom: 0 })
    expect(await duty('ptz:savePreset', { cameraId: cam.id, name: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    await ok(duty('ptz:release', { cameraId: cam.id }))
    const tech = as('technician')
    const saved = await ok<PtzPreset>(tech('ptz:savePreset', { cameraId: cam.id, name: '<校门>&' }))
    await ok(tech('ptz:renamePreset', { cameraId: cam.id, token: saved.token, name: '校门口' }))
    expect(
      (await ok<PtzPreset[]>(tech('ptz:presets', { cameraId: cam.id }))).map((p) => p.name)
    ).toEqual(['路口', '人行道', '校门口'])
    await ok(tech('ptz:deletePreset', { cameraId: cam.id, token: saved.token }))
    expect(await ok<PtzPreset[]>(tech('ptz:presets', { cameraId: cam.id }))).toHaveLength(2)
    const actions = (await listAudit(sql, { limit: 200 })).map((a) => a.action)
    expect(actions).toEqual(
      expect.arrayContaining(['ptz.preset.save', 'ptz.preset.rename', 'ptz.preset.delete'])
    )
    await ok(tech('ptz:release', { cameraId: cam.id }))
  })

  it('turns camera events into alarms by rule, folds a flood into one alarm with a count, drafts an incident with the snapshot', async () => {
    const tech = as('technician')
    await ok<AlarmRule>(
      tech('alarms:rules:save', {
        fields: {
          name: '夜间移动',
          enabled: true,
          cameraIds: [cam.id],
          kinds: ['motion'],
          schedule: [],
          actions: { popup: true, preset: null, sound: true, incident: true }
        }
      })
    )
    await alarms.refresh()
    // the subscription is made asynchronously: wait for it
    await until(() => sim.requests.some((r) => r.action === 'PullMessages'))
    sim.raise('line')
    sim.raise('motion')
    const first = await until(
      () => (db.prepare('SELECT COUNT(*) FROM alarms').pluck().get() as number) > 0
    )
    expect(first).toBe(true)
    for (let i = 0; i < 49; i++) sim.raise('motion')
    await until(() => (db.prepare('SELECT count FROM alarms').pluck().get() as number) === 50)
    const all = await ok<Alarm[]>(as('duty')('alarms:list', {}))
    expect(all).toHaveLength(1)
    expect(all[0]).toMatchObject({
      cameraId: cam.id,
      kind: 'motion',
      count: 50,
      sound: true,
      ackedAt: null
    })
    // the line event had no rule: it is in the event log only
    const kinds = (await listSystemEvents(sql, { limit: 200, kinds: ['camera.event'] })).map(
      (e) => e.data.kind
    )
    expect(kinds.filter((k) => k === 'motion')).toHaveLength(50)
    expect(kinds).toContain('line')

    const incidentId = await until(
      () => db.prepare('SELECT incident_id FROM alarms').pluck().get() as number | null
    )
    const withSnapshot = await (async () => {
      for (let i = 0; i < 100; i++) {
        const r = await ok<Incident>(as('duty')('incidents:get', { id: incidentId }))
        if (r.attachments.length > 0) return r
        await new Promise((res) => setTimeout(res, 50))
      }
      throw new Error('no snapshot attached')
    })()
    expect(withSnapshot).toMatchObject({ status: 'new', cameraId: cam.id })
    expect(withSnapshot.attachments[0]).toMatchObject({ kind: 'snapshot', mime: 'image/jpeg' })

    const acked = await ok<Alarm>(as('duty')('alarms:ack', { id: all[0].id }))
    expect(acked).toMatchObject({ ackedBy: 'duty' })
    expect((await listAudit(sql, { limit: 300 })).map((a) => a.action)).toContain('alarm.ack')
  })

  it('resubscribes after the camera drops its subscription, and says so in the event log', async () => {
    const before = sim.requests.filter((r) => r.action === 'CreatePullPointSubscription').length
    sim.dropSubscriptions()
    await until(
      () => sim.requests.filter((r) => r.action === 'CreatePullPointSubscription').length > before,
      8000
    )
    const kinds = (await listSystemEvents(sql, { limit: 300 })).map((e) => e.kind)
    expect(kinds).toContain('camera.eventsLost')
    await until(async () =>
      (await listSystemEvents(sql, { limit: 300 })).some((e) => e.kind === 'camera.eventsRestored')
    )
  })

  it('a rule can turn a dome to a preset when its alarm is raised', async () => {
    const tech = as('technician')
    await ok(as('duty')('ptz:home', { cameraId: cam.id }))
    await ok(as('duty')('ptz:release', { cameraId: cam.id }))
    await ok(
      tech('alarms:rules:save', {
        fields: {
          name: '越线转路口',
          enabled: true,
          cameraIds: [cam.id],
          kinds: ['line'],
          schedule: [],
          actions: {
            popup: false,
            preset: { cameraId: cam.id, presetToken: '1' },
            sound: false,
            incident: false
          }
        }
      })
    )
    // past the throttle window of the motion flood above
    await new Promise((r) => setTimeout(r, 3100))
    sim.raise('line')
    await until(() => sim.position().pan === -0.6)
    expect((await listAudit(sql, { limit: 400 })).map((a) => a.action)).toContain('ptz.preset.goto')
  })
})
