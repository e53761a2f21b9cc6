/**
 * The lookup thread: lookups and vehicle searches read hundreds of thousands
 * of pass records and walk the road graph, tens to hundreds of ms each; here
 * they never hold up the main thread's live video and API calls. It opens its
 * own read-only connection to the room's database (WAL: it sees every commit
 * and blocks no writer), or its own pool on a district's PostgreSQL.
 *
 * The same bundle parses a sightings file for the bulk import
 * (`kind: 'sightingsParse'`, sightings/parseWorker.ts), so that no second
 * worker file has to be built and shipped.
 */
import { readlinkSync } from 'node:fs'
import os from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase } from '../db/database'
import { sqliteSql } from '../db/sqliteSql'
import { openPgSql } from '../db/postgres/pgSql'
import { ApiError } from '../../shared/ipc/errors'
import { runParseJob } from '../sightings/parseWorker'
import type { ParseJob } from '../sightings/parseWorker'
import { createLookupOps } from './executor'
import type { LookupOps } from './executor'

export type WorkerData = {
  kind?: 'lookup'
  /** the room's file, or else */
  dbFile?: string
  /** the district's PostgreSQL */
  databaseUrl?: string
  nativeBinding?: string
}
export type WorkerRequest = { id: number; op: keyof LookupOps; arg?: unknown }
export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | {
      id: number
      ok: false
      error: { name: string; message: string; code?: string; details?: unknown }
    }

/** Niceness of the lookup thread: when cores are short, live video and API calls go first. */
const LOOKUP_NICE = 10

/**
 * Linux keeps a nice value per thread, so this thread can give way to the
 * main thread, which serves live video and every API call. Elsewhere the
 * thread keeps the process's priority.
 */
function yieldToMainThread(): void {
  if (process.platform !== 'linux') return
  try {
    // /proc/thread-self links to <pid>/task/<tid>
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (tid > 0) os.setPriority(tid, LOOKUP_NICE)
  } catch {
    // no procfs or not permitted: the lookup runs at the process's priority
  }
}

function serveLookups(data: WorkerData): void {
  yieldToMainThread()
  const sql = data.databaseUrl
    ? openPgSql(data.databaseUrl, { applicationName: 'watchroom-lookup', max: 2 })
    : // read-only: the ops only read
      sqliteSql(
        openDatabase(data.dbFile ?? '', { readonly: true, nativeBinding: data.nativeBinding })
      )
  const ops = createLookupOps(sql)
  parentPort?.on('message', (req: WorkerRequest) => void answer(ops, req))
}

async function answer(ops: LookupOps, req: WorkerRequest): Promise<void> {
  let reply: WorkerReply
  try {
    const fn = ops[req.op] as (arg: unknown) => unknown
    reply = { id: req.id, ok: true, value: await fn(req.arg) }
  } catch (err) {
    reply = {
      id: req.id,
      ok: false,
      error:
        err instanceof ApiError
          ? { name: 'ApiError', message: err.message, code: err.code, details: err.details }
          : {
              name: err instanceof Error ? err.name : 'Error',
              message: err instanceof Error ? err.message : String(err)
            }
    }
  }
  parentPort?.postMessage(reply)
}

const data = workerData as WorkerData | ParseJob
if (data.kind === 'sightingsParse') {
  if (parentPort) void runParseJob(data, parentPort)
} else serveLookups(data)
