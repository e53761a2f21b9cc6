import { parentPort, workerData } from 'node:worker_threads'
import { WORKER_TASKS, type WorkerTaskName } from './tasks'

/** The worker thread's entry: runs one task from workerData and posts its result (or its error). */
const { task, input } = workerData as { task: WorkerTaskName; input: Uint8Array }
try {
  parentPort?.postMessage({ ok: true, result: WORKER_TASKS[task](input) })
} catch (err) {
  parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) })
}
