import type { AppDeps } from '../app/deps'
import type { HandlerContext, HandlersOf } from '../api/dispatch'
import type { incidentsContract, SearchHit } from '../../shared/ipc/contracts/incidents'
import type { Incident } from '../../shared/domain/incident'
import { ApiError } from '../../shared/ipc/errors'
import { setSetting } from '../settings/repository'
import { getIncident, listIncidents, listUnacknowledged, searchIncidents } from './repository'
import { searchLogEntries } from '../duty/repository'
import { DEPARTMENTS_KEY, getDepartments, getIncidentTypes, TYPES_KEY } from './config'
import {
  addAttachment,
  createIncident,
  notifyDepartment,
  parseDataUrl,
  readAttachment,
  transitionIncident,
  updateIncident,
  type Actor
} from './service'

export function incidentsHandlers(
  deps: AppDeps,
  opts: {
    attachmentsDir: string
    /** a district: an attachment stored by another room, fetched from that room's server */
    fromOtherRoom?: (attachmentId: number) => Promise<Buffer | null>
  }
): HandlersOf<typeof incidentsContract> {
  const actor = (ctx: HandlerContext): Actor => ({
    sql: deps.sql,
    now: deps.now(),
    actor: ctx.actor
  })
  const changed = (
    i: Pick<Incident, 'id' | 'version' | 'status' | 'severity'>,
    change: string,
    ctx: HandlerContext
  ) =>
    deps.bus.emit('incident:changed', {
      id: i.id,
      version: i.version,
      status: i.status,
      severity: i.severity,
      change,
      at: deps.now(),
      actor: ctx.actor
    })
  const attachData = (
    ctx: HandlerContext,
    id: number,
    kind: 'snapshot' | 'clip' | 'file',
    fileName: string,
    url: string
  ) => {
    const parsed = parseDataUrl(url)
    if (!parsed)
      throw new ApiError('invalid_input', 'Not a base64 data URL', { reason: 'bad_data_url' })
    return addAttachment(actor(ctx), opts.attachmentsDir, id, {
      kind,
      fileName,
      mime: parsed.mime,
      bytes: parsed.bytes
    })
  }

  return {
    'incidents:config': async () => ({
      types: await getIncidentTypes(deps.sql),
      departments: await getDepartments(deps.sql)
    }),
    'incidents:setConfig': ({ types, departments }, ctx) =>
      deps.sql.tx(async (t) => {
        const before = { types: await getIncidentTypes(t), departments: await getDepartments(t) }
        await setSetting(t, TYPES_KEY, types)
        await setSetting(t, DEPARTMENTS_KEY, departments)
        const after = { types, departments }
        await ctx.audit({ action: 'settings.update', entityId: 'incidents', before, after })
        return after
      }),
    'incidents:list': ({ before, limit, ...filter }) =>
      listIncidents(deps.sql, { ...filter, before, limit }),
    'incidents:search': async ({ query, scope, cursor, limit, ...filter }) => {
      const incidentOnly = Boolean(
        filter.types?.length ||
        filter.statuses?.length ||
        filter.severities?.length ||
        filter.blocks?.length ||
        filter.department
      )
      const wantIncidents = scope !== 'log' && cursor?.incidentBeforeId !== null
      const wantLog = scope !== 'incidents' && !incidentOnly && cursor?.logBeforeId !== null
      const incidents = wantIncidents
        ? await searchIncidents(deps.sql, query, {
            ...filter,
            beforeId: cursor?.incidentBeforeId ?? undefined,
            limit
          })
        : []
      const entries = wantLog
        ? await searchLogEntries(deps.sql, query, {
            fromMs: filter.fromMs,
            toMs: filter.toMs,
            beforeId: cursor?.logBeforeId ?? undefined,
            limit
          })
        : []
      // merge the two newest-first streams by time and keep one page
      const all: SearchHit[] = [
        ...incidents.map((incident) => ({ kind: 'incident' as const, at: incident.at, incident })),
        ...entries.map((entry) => ({ kind: 'log' as const, at: entry.at, entry }))
      ].sort((a, b) => b.at - a.at)
      const hits = all.slice(0, limit)
      const lastOf = (kind: SearchHit['kind']) => {
        const ids = hits.flatMap((h) =>
          h.kind === 'incident' && kind === 'incident'
            ? [h.incident.id]
            : h.kind === 'log' && kind === 'log'
              ? [h.entry.id]
              : []
        )
        return ids.length ? Math.min(...ids) : undefined
      }
      // a source that returned fewer than a page is exhausted once all its rows were shown
      const nextOf = (
        kind: SearchHit['kind'],
        got: number,
        wanted: boolean,
        prev: number | null | undefined
      ): number | null => {
        if (!wanted) return null
        const shown = hits.filter((h) => h.kind === kind).length
        if (shown === got && got < limit) return null
        return lastOf(kind) ?? prev ?? Number.MAX_SAFE_INTEGER
      }
      const next = {
        incidentBeforeId: nextOf(
          'incident',
          incidents.length,
          wantIncidents,
          cursor?.incidentBeforeId
        ),
        logBeforeId: nextOf('log', entries.length, wantLog, cursor?.logBeforeId)
      }
      return {
        hits,
        next: next.incidentBeforeId === null && next.logBeforeId === null ? null : next
      }
    },
    'incidents:get': async ({ id }) => {
      const i = await getIncident(deps.sql, id)
      if (!i) throw new ApiError('not_found', `No incident ${id}`)
      return i
    },
    'incidents:create': async ({ fields, snapshotDataUrl }, ctx) => {
      const created = await createIncident(actor(ctx), fields)
      if (snapshotDataUrl)
        await attachData(
          ctx,
          created.id,
          'snapshot',
          `snapshot-${fields.cameraId ?? 'map'}.png`,
          snapshotDataUrl
        )
      const result = snapshotDataUrl
        ? ((await getIncident(deps.sql, created.id)) as Incident)
        : created
      changed(result, 'create', ctx)
      return result
    },
    'incidents:update': async ({ id, version, fields }, ctx) => {
      const i = await updateIncident(actor(ctx), id, version, fields)
      changed(i, 'update', ctx)
      return i
    },
    'incidents:transition': async ({ id, action, note }, ctx) => {
      const i = await transitionIncident(actor(ctx), id, action, note ?? null)
      changed(i, action, ctx)
      return i
    },
    'incidents:close': async ({ id, note }, ctx) => {
      const i = await transitionIncident(actor(ctx), id, 'close', note ?? null)
      changed(i, 'close', ctx)
      return i
    },
    'incidents:reopen': async ({ id, reason }, ctx) => {
      const i = await transitionIncident(actor(ctx), id, 'reopen', reason)
      changed(i, 'reopen', ctx)
      return i
    },
    'incidents:notify': async ({ id, ...n }, ctx) => {
      const saved = await notifyDepartment(actor(ctx), id, n)
      changed((await getIncident(deps.sql, id)) as Incident, 'notify', ctx)
      return saved
    },
    'incidents:attach': async ({ id, kind, fileName, dataUrl }, ctx) => {
      const saved = await attachData(ctx, id, kind, fileName, dataUrl)
      changed((await getIncident(deps.sql, id)) as Incident, 'attach', ctx)
      return saved
    },
    'incidents:attachment': ({ id }) =>
      readAttachment(deps.sql, opts.attachmentsDir, id, opts.fromOtherRoom),
    'incidents:alerts': () => listUnacknowledged(deps.sql, 'high')
  }
}
