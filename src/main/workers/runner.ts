import { existsSync } from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import {
  WORKER_TASKS,
  type WorkerTaskInput,
  type WorkerTaskName,
  type WorkerTaskOutput
} from './tasks'

/** The bundled worker entry (scripts/build-node.mjs builds it beside serve.cjs and cli.cjs). */
export const WORKER_BUNDLE = 'worker.cjs'

type Entry = { file: string; fromSource: boolean }

/**
 * Where the worker's code is: the bundle beside the running bundle, or (from
 * source, in tests and benches) entry.ts run through tsx. Undefined where
 * neither exists: the task then runs inline, as before.
 */
function workerEntry(): Entry | undefined {
  const bundled = path.join(__dirname, WORKER_BUNDLE)
  if (existsSync(bundled)) return { file: bundled, fromSource: false }
  const source = path.join(__dirname, 'entry.ts')
  if (existsSync(source)) return { file: source, fromSource: true }
  return undefined
}

/**
 * Runs a heavy pure task (parsing and validating an import) on a worker
 * thread, so the server keeps answering every other request meanwhile.
 */
export async function runWorkerTask<K extends WorkerTaskName>(
  task: K,
  input: WorkerTaskInput<K>
): Promise<WorkerTaskOutput<K>> {
  const entry = workerEntry()
  if (!entry) return (WORKER_TASKS[task] as (i: WorkerTaskInput<K>) => WorkerTaskOutput<K>)(input)
  const worker = entry.fromSource
    ? // TypeScript sources (tests, benches): tsx's require hook compiles the entry
      new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry.file)})`, {
        eval: true,
        workerData: { task, input }
      })
    : new Worker(entry.file, { workerData: { task, input } })
  try {
    return await new Promise<WorkerTaskOutput<K>>((resolve, reject) => {
      worker.once(
        'message',
        (m: { ok: true; result: WorkerTaskOutput<K> } | { ok: false; message: string }) =>
          m.ok ? resolve(m.result) : reject(new Error(m.message))
      )
      worker.once('error', reject)
      worker.once('exit', (code) => reject(new Error(`worker ${task} exited with ${code}`)))
    })
  } finally {
    void worker.terminate()
  }
}
