import type { Sql } from '../db/sql'
import type { EventBus } from '../app/bus'
import type { Alarm } from '../../shared/domain/alarm'
import { DEFAULT_INCIDENT_TYPES } from '../../shared/domain/incident'
import { appendSystemEvent } from '../events/repository'
import { getCamera } from '../cameras/repository'
import { getIncidentTypes } from '../incidents/config'
import { addAttachment, createIncident } from '../incidents/service'
import { getIncident } from '../incidents/repository'
import { listOnvifLinks } from '../onvif/repository'
import type { OnvifDevices } from '../onvif/devices'
import type { OnvifDeviceEvent } from '../onvif/client'
import type { PtzService } from '../ptz/service'
import { matchRules, throttle } from './matcher'
import {
  foldIntoAlarm,
  insertAlarm,
  lastAlarmOfCamera,
  listAlarmRules,
  setAlarmIncident
} from './repository'

const BACKOFF_MIN_MS = 1000
const BACKOFF_MAX_MS = 30_000

export type AlarmService = ReturnType<typeof createAlarmService>

/**
 * Camera alarms: one PullPoint loop per ONVIF camera (resubscribing with
 * exponential backoff when the device drops it or goes away), every event
 * into the event log, and the alarm rules applied with the per-camera
 * throttle. Actions run once per alarm, not once per folded event.
 */
export function createAlarmService(deps: {
  sql: Sql
  bus: EventBus
  now: () => number
  timeZone: string
  devices: OnvifDevices
  ptz: PtzService
  attachmentsDir: string
  log: (m: string) => void
  /** one alarm per camera per this window (default THROTTLE_MS) */
  throttleMs?: number
}) {
  const { sql, bus, now } = deps
  const loops = new Map<number, { stopped: boolean }>()
  let closed = false

  const logEvent = async (
    kind: 'camera.event' | 'camera.eventsLost' | 'camera.eventsRestored',
    cameraId: number,
    data: Record<string, unknown>
  ): Promise<void> =>
    bus.emit(
      'event:appended',
      await appendSystemEvent(sql, { at: now(), kind, cameraId, actor: null, data })
    )

  async function draftIncident(alarm: Alarm): Promise<void> {
    const camera = await getCamera(sql, alarm.cameraId)
    if (!camera) return
    const types = await getIncidentTypes(sql)
    const type =
      types.find((t) => t.code === 'suspicious')?.code ??
      types[0]?.code ??
      DEFAULT_INCIDENT_TYPES[0].code
    const actor = { sql, now: now(), actor: null }
    const created = await createIncident(actor, {
      type,
      at: alarm.firstAt,
      severity: 'medium',
      placeKind: 'camera',
      cameraId: camera.id,
      roadId: null,
      placeName: camera.name,
      lat: camera.lat,
      lng: camera.lng,
      description:
        `Camera alarm (${alarm.kind}) at ${camera.code}; opened by alarm rule ${alarm.ruleId ?? ''}`.trim(),
      linkedCameras: [
        { cameraId: camera.id, from: alarm.firstAt - 30_000, to: alarm.firstAt + 60_000 }
      ]
    })
    await setAlarmIncident(sql, alarm.id, created.id)
    try {
      const link = await deps.devices.link(camera.id)
      if (link.snapshotUri) {
        const uri = link.snapshotUri
        const snap = await deps.devices.run(camera.id, (d) => d.snapshot(uri))
        await addAttachment(actor, deps.attachmentsDir, created.id, {
          kind: 'snapshot',
          fileName: `alarm-${camera.code}.jpg`,
          mime: snap.contentType || 'image/jpeg',
          bytes: snap.bytes
        })
      }
    } catch (err) {
      // the draft stays without a picture; the duty officer can add one from the wall
      deps.log(
        `alarm snapshot of ${camera.code} failed: ${err instanceof Error ? err.message : String(err)}`
      )
    }
    const inc = await getIncident(sql, created.id)
    if (inc)
      bus.emit('incident:changed', {
        id: inc.id,
        version: inc.version,
        status: inc.status,
        severity: inc.severity,
        change: 'create',
        at: now(),
        actor: null
      })
  }

  /** One event from a camera (exported for the simulator-driven tests and the bench). */
  async function handleEvent(cameraId: number, ev: OnvifDeviceEvent): Promise<Alarm | null> {
    if (!ev.active) return null
    // the device clock may be off: the room's clock decides schedules and throttling
    const at = now()
    await logEvent('camera.event', cameraId, { kind: ev.kind, topic: ev.topic })
    const rules = matchRules(
      await listAlarmRules(sql),
      { cameraId, kind: ev.kind, at },
      deps.timeZone
    )
    if (rules.length === 0) return null
    const last = (await lastAlarmOfCamera(sql, cameraId)) ?? null
    if (last && throttle(last, at, deps.throttleMs) === 'fold') {
      const folded = await foldIntoAlarm(sql, last.id, at)
      bus.emit('alarm:changed', { alarm: folded, raised: false })
      return folded
    }
    const alarm = await insertAlarm(sql, {
      cameraId,
      ruleId: rules[0].id,
      kind: ev.kind,
      at,
      popup: rules.some((r) => r.actions.popup),
      sound: rules.some((r) => r.actions.sound)
    })
    bus.emit('alarm:changed', { alarm, raised: true })
    for (const r of rules) {
      const p = r.actions.preset
      if (p)
        deps.ptz
          .systemGotoPreset(p.cameraId, p.presetToken, `alarm ${alarm.id}`)
          .catch((err: unknown) => deps.log(`alarm preset move failed: ${String(err)}`))
    }
    if (rules.some((r) => r.actions.incident))
      draftIncident(alarm).catch((err: unknown) =>
        deps.log(`alarm incident failed: ${String(err)}`)
      )
    return alarm
  }

  async function watch(cameraId: number, state: { stopped: boolean }): Promise<void> {
    let backoff = BACKOFF_MIN_MS
    let lost = false
    while (!state.stopped && !closed) {
      try {
        await deps.devices.run(cameraId, (d) => d.subscribe())
        if (lost) await logEvent('camera.eventsRestored', cameraId, {})
        lost = false
        backoff = BACKOFF_MIN_MS
        while (!state.stopped && !closed) {
          // pulls bypass the per-camera queue: a long poll must not hold up a PTZ stop
          const events = await deps.devices.pull(cameraId)
          for (const ev of events) if (!state.stopped) await handleEvent(cameraId, ev)
        }
      } catch (err) {
        if (state.stopped || closed) return
        if (!lost) {
          // the loop outlives a database hiccup: it retries, so a failed log line is only logged
          await logEvent('camera.eventsLost', cameraId, {
            reason: err instanceof Error ? err.message.slice(0, 200) : 'error'
          }).catch((e: unknown) => deps.log(`alarm event log failed: ${String(e)}`))
          lost = true
        }
        await new Promise((r) => setTimeout(r, backoff).unref?.())
        backoff = Math.min(BACKOFF_MAX_MS, backoff * 2)
      }
    }
  }

  return {
    handleEvent,
    /** Starts a loop for every linked camera that has none, ends loops of unlinked ones. */
    async refresh(): Promise<void> {
      const ids = new Set((await listOnvifLinks(sql)).map((l) => l.cameraId))
      for (const [id, s] of loops)
        if (!ids.has(id)) {
          s.stopped = true
          loops.delete(id)
        }
      for (const id of ids)
        if (!loops.has(id)) {
          const s = { stopped: false }
          loops.set(id, s)
          void watch(id, s)
        }
    },
    /** Restart one camera's loop (its link changed). */
    restart(cameraId: number): Promise<void> {
      const s = loops.get(cameraId)
      if (s) s.stopped = true
      loops.delete(cameraId)
      return this.refresh()
    },
    close(): void {
      closed = true
      for (const s of loops.values()) s.stopped = true
      loops.clear()
    }
  }
}
