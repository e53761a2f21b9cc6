import type { Sql } from '../db/sql'
import type { BlockOutage, Outage } from '../../shared/domain/duty'
import { listCameraInfo, listLastStatusChangesBefore, listStatusChanges } from './repository'

export type StatusChange = {
  cameraId: number
  at: number
  kind: 'camera.offline' | 'camera.online'
}
export type CameraInfo = { id: number; code: string; name: string; block: string | null }

/**
 * Outage intervals (offline → online) within [from, to) from the system
 * event log. `before` holds each camera's last change before `from`, so a
 * camera already offline when the period starts counts from `from`; one
 * still offline counts up to the end of the period or `now`, whichever is
 * first (a period that ends tomorrow has no outage minutes after now).
 */
export function computeOutages(
  before: readonly StatusChange[],
  changes: readonly StatusChange[],
  cameras: ReadonlyMap<number, CameraInfo>,
  from: number,
  to: number,
  now: number = to
): Outage[] {
  const offlineSince = new Map<number, number>()
  for (const c of before) if (c.kind === 'camera.offline') offlineSince.set(c.cameraId, from)
  const out: Outage[] = []
  const push = (cameraId: number, start: number, end: number | null) => {
    const cam = cameras.get(cameraId)
    const stop = end ?? Math.max(start, Math.min(to, now))
    out.push({
      cameraId,
      cameraCode: cam?.code ?? `#${cameraId}`,
      cameraName: cam?.name ?? '',
      block: cam?.block ?? null,
      from: start,
      to: end,
      minutes: Math.max(0, stop - start) / 60_000
    })
  }
  for (const c of [...changes].sort((x, y) => x.at - y.at)) {
    if (c.at < from || c.at >= to) continue
    if (c.kind === 'camera.offline') {
      if (!offlineSince.has(c.cameraId)) offlineSince.set(c.cameraId, c.at)
    } else {
      const start = offlineSince.get(c.cameraId)
      if (start !== undefined) {
        push(c.cameraId, start, c.at)
        offlineSince.delete(c.cameraId)
      }
    }
  }
  for (const [cameraId, start] of offlineSince) push(cameraId, start, null)
  return out.sort((a, b) => a.from - b.from || a.cameraId - b.cameraId)
}

/** Reads the camera status changes around [from, to) and computes the outages. */
export async function listOutages(
  sql: Sql,
  from: number,
  to: number,
  now: number = to
): Promise<Outage[]> {
  const cams = await listCameraInfo(sql)
  return computeOutages(
    await listLastStatusChangesBefore(sql, from),
    await listStatusChanges(sql, from, to),
    new Map(cams.map((c) => [c.id, c])),
    from,
    to,
    now
  )
}

/**
 * Block outage minutes, the one definition statistics and the shift report
 * share: the minutes of the period during which at least one camera of the
 * block was offline. Cameras down at the same time count once (a block
 * whose five cameras drop together for 10 minutes was out 10 minutes, not
 * 50); `cameras` is how many different cameras were down. Rounded to 0.1.
 */
export function blockOutageMinutes(outages: readonly Outage[]): BlockOutage[] {
  const byBlock = new Map<string, { spans: [number, number][]; cameras: Set<number> }>()
  for (const o of outages) {
    const key = o.block ?? ''
    const b = byBlock.get(key) ?? { spans: [], cameras: new Set<number>() }
    b.spans.push([o.from, o.from + o.minutes * 60_000])
    b.cameras.add(o.cameraId)
    byBlock.set(key, b)
  }
  return [...byBlock.entries()].map(([block, b]) => {
    let total = 0
    let end = -Infinity
    for (const [s, e] of b.spans.sort((x, y) => x[0] - y[0])) {
      if (e <= end) continue
      total += e - Math.max(s, end)
      end = e
    }
    return { block, minutes: Math.round(total / 6_000) / 10, cameras: b.cameras.size }
  })
}
