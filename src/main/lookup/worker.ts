/**
 * The lookup thread: lookups and vehicle searches read hundreds of thousands
 * of pass records and walk the road graph, tens to hundreds of ms each; here
 * they never hold up the main thread's live video and API calls. It opens its
 * own read-only connection to the room's database (WAL: it sees every commit
 * and blocks no writer).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase } from '../db/database'
import { ApiError } from '../../shared/ipc/errors'
import { createLookupOps } from './executor'
import type { LookupOps } from './executor'

export type WorkerData = { dbFile: string; nativeBinding?: string }
export type WorkerRequest = { id: number; op: keyof LookupOps; arg?: unknown }
export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | {
      id: number
      ok: false
      error: { name: string; message: string; code?: string; details?: unknown }
    }

const data = workerData as WorkerData
const db = openDatabase(data.dbFile, { readonly: true, nativeBinding: data.nativeBinding })
const ops = createLookupOps(db)

parentPort?.on('message', (req: WorkerRequest) => {
  let reply: WorkerReply
  try {
    const fn = ops[req.op] as (arg: unknown) => unknown
    reply = { id: req.id, ok: true, value: fn(req.arg) }
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
})
