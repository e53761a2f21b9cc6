import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { sightingsContract } from '../../shared/ipc/contracts/sightings'
import { ApiError } from '../../shared/ipc/errors'
import { listCameraCodes } from '../cameras/repository'
import { insertSightings } from './repository'
import type { LookupRunner } from '../lookup/runner'

/** Live ANPR ingest and vehicle search; the search runs on the lookup thread. */
export function sightingsHandlers(
  deps: AppDeps,
  opts: { runner: LookupRunner }
): HandlersOf<typeof sightingsContract> {
  const { runner } = opts
  return {
    'sightings:search': async (q, ctx) => {
      await ctx.audit({ action: 'sightings.search', entityId: q.plate ?? null, after: { ...q } })
      return runner.search(q)
    },
    'sightings:ingest': async ({ sightings }) => {
      const known = await listCameraCodes(deps.sql)
      const unknown = sightings.find((s) => !known.has(s.cameraCode))
      if (unknown)
        throw new ApiError(
          'invalid_input',
          `No registered camera has the code "${unknown.cameraCode}"`,
          { reason: 'unknown_camera' }
        )
      await insertSightings(deps.sql, sightings)
      runner.forget()
      return { accepted: sightings.length }
    }
  }
}
