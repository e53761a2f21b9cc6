import { existsSync } from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Sql } from '../db/sql'
import type { LookupQuery, LookupResult } from '../../shared/lookup/types'
import type { ReachableRoad, VehicleSearchResult } from '../../shared/ipc/contracts/lookup'
import { ApiError } from '../../shared/ipc/errors'
import type { ApiErrorCode } from '../../shared/ipc/errors'
import type { VehicleSearchQuery } from '../sightings/search'
import { districtPoolOf, roomFileOf } from '../sightings/store'
import { createLookupOps, queryKey, RecentResults } from './executor'
import type { LookupOps } from './executor'
import type { WorkerData, WorkerReply, WorkerRequest } from './worker'

/**
 * Young generation of the lookup thread's heap, MB. A lookup makes thousands
 * of short-lived objects (reads, tracks, paths); with room for them the
 * collector runs less often (measured on 1.5 M reads, CPU per lookup: median
 * 19.6-20.1 ms at V8's default of 48, 16.1-18.0 ms at 96, no better at 192).
 */
const YOUNG_GENERATION_MB = 96

/** The lookup as the handlers use it: asynchronous, off the main thread when it can be. */
export type LookupRunner = {
  lookup(q: LookupQuery): Promise<LookupResult>
  /** the result of a lookup just run for this query, if any (no work) */
  recent(q: LookupQuery): LookupResult | null
  reach(q: LookupQuery): Promise<ReachableRoad[]>
  search(q: VehicleSearchQuery): Promise<VehicleSearchResult>
  invalidate(): void
  forget(): void
  /** where the work runs: `worker` or `main` (a database in memory, or no built worker) */
  readonly thread: 'worker' | 'main'
  close(): Promise<void>
}

/** The bundled worker next to the running bundle (out/node/lookupWorker.cjs, out/main/lookupWorker.js). */
export function defaultWorkerFile(): string | null {
  const here = typeof __dirname === 'string' ? __dirname : null
  if (!here) return null
  for (const f of ['lookupWorker.cjs', 'lookupWorker.js']) {
    const file = path.join(here, f)
    if (existsSync(file)) return file
  }
  return null
}

export function createLookupRunner(
  sql: Sql,
  opts: { workerFile?: string | null; nativeBinding?: string } = {}
): LookupRunner {
  const workerFile = opts.workerFile === undefined ? defaultWorkerFile() : opts.workerFile
  // the thread opens the room's file, or a pool on the district's database, itself
  const db = roomFileOf(sql)
  const databaseUrl = districtPoolOf(sql)?.options.connectionString
  const onFile = !!db && !db.memory && existsSync(db.name)
  const recent = new RecentResults<LookupResult>()
  if (!workerFile || (!onFile && !databaseUrl)) {
    const ops = createLookupOps(sql)
    return {
      thread: 'main',
      lookup: async (q) => {
        const r = await ops.lookup(q)
        recent.set(queryKey(q), r)
        return r
      },
      recent: (q) => recent.get(queryKey(q)),
      reach: (q) => ops.reach(q),
      search: (q) => ops.search(q),
      invalidate: () => {
        ops.invalidate()
        recent.clear()
      },
      forget: () => {
        ops.forget()
        recent.clear()
      },
      close: () => Promise.resolve()
    }
  }

  // started on first use: a room that never looks anything up pays nothing
  let worker: Worker | null = null
  let nextId = 1
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
  const start = (): Worker => {
    if (worker) return worker
    const data: WorkerData = onFile
      ? { dbFile: db?.name, nativeBinding: opts.nativeBinding }
      : { databaseUrl, nativeBinding: opts.nativeBinding }
    const w = new Worker(workerFile, {
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }
    })
    w.unref()
    w.on('message', (m: WorkerReply) => {
      const p = pending.get(m.id)
      if (!p) return
      pending.delete(m.id)
      if (m.ok) p.resolve(m.value)
      else if (m.error.name === 'ApiError')
        p.reject(new ApiError(m.error.code as ApiErrorCode, m.error.message, m.error.details))
      else p.reject(new Error(m.error.message))
    })
    const fail = (err: Error): void => {
      worker = null
      for (const p of pending.values()) p.reject(err)
      pending.clear()
    }
    w.on('error', fail)
    w.on('exit', (code) => {
      if (worker === w) fail(new Error(`the lookup worker stopped (exit ${code})`))
    })
    worker = w
    return w
  }
  const call = <T>(op: keyof LookupOps, arg?: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve: resolve, reject })
      const req: WorkerRequest = { id, op, arg }
      start().postMessage(req)
    })
  // control messages need no worker if none runs: a new one starts fresh
  const tell = (op: 'invalidate' | 'forget'): void => {
    recent.clear()
    if (worker) void call(op).catch(() => undefined)
  }
  return {
    thread: 'worker',
    lookup: async (q) => {
      const r = await call<LookupResult>('lookup', q)
      recent.set(queryKey(q), r)
      return r
    },
    recent: (q) => recent.get(queryKey(q)),
    reach: (q) => call<ReachableRoad[]>('reach', q),
    search: (q) => call<VehicleSearchResult>('search', q),
    invalidate: () => tell('invalidate'),
    forget: () => tell('forget'),
    close: async () => {
      const w = worker
      worker = null
      if (w) await w.terminate()
    }
  }
}
