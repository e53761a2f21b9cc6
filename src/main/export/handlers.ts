import type { AppDeps } from '../app/deps'
import type { HandlerContext, HandlersOf } from '../api/dispatch'
import type { exportContract } from '../../shared/ipc/contracts/export'
import { ApiError } from '../../shared/ipc/errors'
import type { RecordingServices } from '../recording/service'

export function exportHandlers(
  _deps: AppDeps,
  services: RecordingServices
): HandlersOf<typeof exportContract> {
  const { exporter } = services
  const actorOf = (ctx: HandlerContext) =>
    ctx.session
      ? { username: ctx.session.user.username, displayName: ctx.session.user.displayName }
      : null
  return {
    'export:create': ({ cameraIds, from, to, snapshots }, ctx) =>
      exporter.create({ cameraIds, from, to, snapshots }, actorOf(ctx), ctx.session?.id ?? null),
    'export:cancel': ({ id }, ctx) => exporter.cancel(id, ctx.session?.id ?? null),
    'export:list': ({ limit }, ctx) => exporter.list(limit, ctx.session?.id ?? null),
    'export:snapshot': async ({ cameraId, at }, ctx) => {
      const job = await exporter.create(
        { cameraIds: [cameraId], from: at, to: at + 1, snapshots: [at], video: false },
        actorOf(ctx),
        ctx.session?.id ?? null
      )
      const done = await exporter.wait(job.id, ctx.session?.id ?? null)
      const png = done.files.find((f) => f.kind === 'snapshot')
      if (done.status !== 'done' || !png)
        throw new ApiError('not_found', 'No recorded frame at that moment.', {
          exportId: job.id,
          error: done.error
        })
      return png
    }
  }
}
