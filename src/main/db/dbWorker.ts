import { existsSync } from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { WritableDb } from './database'
import type { Sql } from './sql'
import { sqliteSql } from './sqliteSql'
import { auditKeyOf } from '../audit/repository'
import { ApiError, type ApiErrorCode } from '../../shared/ipc/errors'
import type { ImportProgress } from '../../shared/domain/import'
import { DB_OPS, type DbOpArg, type DbOpName, type DbOpResult } from '../workers/dbOps'
import type { DbWorkerData, DbWorkerReply, DbWorkerRequest } from './worker'

/**
 * Heavy database work off the main thread (Signal Desktop's pattern: SQL in
 * worker threads, one writer). The main thread keeps routing API calls and
 * serving media while statistics over a million incidents, an audit
 * verification or a 100 MB import run here.
 */
export type DbWorker = {
  run<K extends DbOpName>(
    op: K,
    arg: DbOpArg<K>,
    onProgress?: (p: ImportProgress) => void
  ): Promise<DbOpResult<K>>
  /** where the work runs: `worker`, or `main` for a database in memory (tests) */
  readonly thread: 'worker' | 'main'
  close(): Promise<void>
}

type Entry = { file: string; fromSource: boolean }

/**
 * The worker's code: the bundle beside the running bundle (out/node/dbWorker.cjs,
 * out/main/dbWorker.js), or from source (tests, benches) worker.ts through tsx.
 */
export function defaultDbWorkerEntry(): Entry | null {
  const here = typeof __dirname === 'string' ? __dirname : null
  if (!here) return null
  for (const f of ['dbWorker.cjs', 'dbWorker.js']) {
    const file = path.join(here, f)
    if (existsSync(file)) return { file, fromSource: false }
  }
  const source = path.join(here, 'worker.ts')
  return existsSync(source) ? { file: source, fromSource: true } : null
}

/**
 * Runs every operation through `sql` on the calling thread: a database in
 * memory (tests), or a district's PostgreSQL, where the server does the
 * reading and the main thread only awaits it.
 */
export function inlineDbWorker(sql: Sql): DbWorker {
  return {
    thread: 'main',
    run: async (op, arg, onProgress) => {
      const run = DB_OPS[op].run as (
        s: Sql,
        a: unknown,
        p: (p: ImportProgress) => void
      ) => Promise<unknown>
      return (await run(sql, arg, onProgress ?? (() => undefined))) as DbOpResult<typeof op>
    },
    close: () => Promise.resolve()
  }
}

export function createDbWorker(
  db: WritableDb,
  opts: { entry?: Entry | null; nativeBinding?: string } = {}
): DbWorker {
  const entry = opts.entry === undefined ? defaultDbWorkerEntry() : opts.entry
  if (!entry || db.memory || !existsSync(db.name)) return inlineDbWorker(sqliteSql(db))

  type Pending = {
    resolve(v: unknown): void
    reject(e: Error): void
    onProgress?: (p: ImportProgress) => void
  }
  type Thread = { worker: Worker; calls: Map<number, Pending> }
  let nextId = 1
  // one thread per role, started on first use: a room that never runs heavy work pays nothing
  const threads: Partial<Record<'read' | 'write', Thread>> = {}
  const start = (role: 'read' | 'write'): Thread => {
    const running = threads[role]
    if (running) return running
    const key = auditKeyOf(db)
    const data: DbWorkerData = {
      dbFile: db.name,
      role,
      nativeBinding: opts.nativeBinding,
      auditKey: key ? { key: new Uint8Array(key.key), keyedFrom: key.keyedFrom } : undefined
    }
    const worker = entry.fromSource
      ? // TypeScript sources (tests, benches): tsx's require hook compiles the entry
        new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry.file)})`, {
          eval: true,
          workerData: data
        })
      : new Worker(entry.file, { workerData: data })
    worker.unref()
    const thread: Thread = { worker, calls: new Map() }
    worker.on('message', (m: DbWorkerReply) => {
      const p = thread.calls.get(m.id)
      if (!p) return
      if (m.kind === 'progress') return p.onProgress?.(m.progress)
      thread.calls.delete(m.id)
      if (m.kind === 'done') p.resolve(m.value)
      else if (m.error.name === 'ApiError')
        p.reject(new ApiError(m.error.code as ApiErrorCode, m.error.message, m.error.details))
      else p.reject(new Error(m.error.message))
    })
    // a thread that dies fails its own calls; the next call starts a fresh one
    const fail = (err: Error): void => {
      if (threads[role] === thread) delete threads[role]
      for (const p of thread.calls.values()) p.reject(err)
      thread.calls.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) =>
      fail(new Error(`the database ${role} thread stopped (exit ${code})`))
    )
    threads[role] = thread
    return thread
  }
  return {
    thread: 'worker',
    run: (op, arg, onProgress) =>
      new Promise((resolve, reject) => {
        const id = nextId++
        const t = start(DB_OPS[op].on)
        t.calls.set(id, { resolve: resolve, reject, onProgress })
        const req: DbWorkerRequest = { id, op, arg }
        t.worker.postMessage(req)
      }),
    close: async () => {
      const running = Object.values(threads)
      for (const role of ['read', 'write'] as const) delete threads[role]
      await Promise.all(running.map((t) => t.worker.terminate()))
    }
  }
}
