/**
 * The database worker thread (started by dbWorker.ts, one per role): the
 * `read` thread runs heavy queries on a read-only connection, the `write`
 * thread runs bulk writes on its own connection. WAL lets both run beside
 * the main thread's connection: readers see every commit and block no one;
 * writers take turns on SQLite's one write lock (busy_timeout waits).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase } from './database'
import { sqliteSql } from './sqliteSql'
import { useAuditKey } from '../audit/repository'
import { ApiError } from '../../shared/ipc/errors'
import type { ImportProgress } from '../../shared/domain/import'
import { DB_OPS, type DbOpName } from '../workers/dbOps'
import { runInBackground } from '../workers/priority'

export type DbWorkerData = {
  dbFile: string
  role: 'read' | 'write'
  nativeBinding?: string
  /** the audit chain's key, so audit rows written or verified here chain like the main thread's */
  auditKey?: { key: Uint8Array; keyedFrom: number }
}
export type DbWorkerRequest = { id: number; op: DbOpName; arg: unknown }
export type DbWorkerReply =
  | { id: number; kind: 'progress'; progress: ImportProgress }
  | { id: number; kind: 'done'; value: unknown }
  | {
      id: number
      kind: 'failed'
      error: { name: string; message: string; code?: string; details?: unknown }
    }

/** Progress messages at most this often (a phase change always goes out). */
const PROGRESS_EVERY_MS = 100

const data = workerData as DbWorkerData
runInBackground()
const db = openDatabase(data.dbFile, {
  readonly: data.role === 'read',
  nativeBinding: data.nativeBinding
})
if (data.auditKey)
  useAuditKey(db, { key: Buffer.from(data.auditKey.key), keyedFrom: data.auditKey.keyedFrom })

const post = (m: DbWorkerReply): void => parentPort?.postMessage(m)

const sql = sqliteSql(db)

const failure = (err: unknown): Extract<DbWorkerReply, { kind: 'failed' }>['error'] =>
  err instanceof ApiError
    ? { name: 'ApiError', message: err.message, code: err.code, details: err.details }
    : {
        name: err instanceof Error ? err.name : 'Error',
        message: err instanceof Error ? err.message : String(err)
      }

parentPort?.on('message', (req: DbWorkerRequest) => {
  let last = { phase: '', at: 0 }
  const progress = (p: ImportProgress): void => {
    const t = Date.now()
    if (p.phase === last.phase && t - last.at < PROGRESS_EVERY_MS) return
    last = { phase: p.phase, at: t }
    post({ id: req.id, kind: 'progress', progress: p })
  }
  const op = DB_OPS[req.op] as (typeof DB_OPS)[DbOpName] | undefined
  if (!op || op.on !== data.role) {
    post({
      id: req.id,
      kind: 'failed',
      error: failure(new Error(`${req.op} does not run on the ${data.role} thread`))
    })
    return
  }
  const run = op.run as (s: typeof sql, arg: unknown, p: typeof progress) => Promise<unknown>
  // the connection is this thread's alone and the driver synchronous: an op
  // runs to its end before the next message is read, unless it awaits other I/O
  run(sql, req.arg, progress).then(
    (value) => post({ id: req.id, kind: 'done', value }),
    (err: unknown) => post({ id: req.id, kind: 'failed', error: failure(err) })
  )
})
