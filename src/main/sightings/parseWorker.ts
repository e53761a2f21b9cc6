import { createReadStream } from 'node:fs'
import { Worker } from 'node:worker_threads'
import type { MessagePort } from 'node:worker_threads'
import type { Sighting } from '../../shared/domain/sighting'
import { createInterner } from '../../shared/collections/interner'
import { parseSightingsCsv } from './parser'
import type { SightingsParseResult } from './parser'
import { ATTRIBUTE_COUNT, writeAttributeCodes } from './repository'
import type { SightingColumns } from './repository'

/** What the parsing thread is given. */
export type ParseJob = {
  kind: 'sightingsParse'
  file: string
  timeZone: string
  knownCameras: string[]
}

type ToMain =
  | { type: 'batch'; columns: SightingColumns; bytes: number }
  | { type: 'done'; result: SightingsParseResult }
  | { type: 'failed'; message: string }
type ToWorker = { type: 'inserted' }

/** Batches parsed ahead of the inserts: enough to keep both threads busy, few enough to bound memory. */
const AHEAD = 4

/**
 * A batch of valid rows as typed arrays and one string: a structured clone
 * of 10,000 row objects costs about as much as parsing them, typed arrays
 * move for free.
 */
export function toColumns(rows: readonly Sighting[]): SightingColumns {
  const n = rows.length
  const cameras = createInterner()
  const camera = new Uint32Array(n)
  const ts = new Float64Array(n)
  const confidence = new Float64Array(n)
  const attributes = new Uint8Array(n * ATTRIBUTE_COUNT)
  const plates = new Array<string>(n)
  for (let i = 0; i < n; i++) {
    const s = rows[i]
    camera[i] = cameras.id(s.cameraCode)
    ts[i] = s.ts
    confidence[i] = s.confidence ?? Number.NaN
    plates[i] = s.plate
    writeAttributeCodes(s, attributes, i * ATTRIBUTE_COUNT)
  }
  // the parser refuses control characters in plates, so a newline separates them
  return {
    n,
    cameras: cameras.values,
    camera,
    ts,
    plates: plates.join('\n'),
    confidence,
    attributes
  }
}

/** The parsing thread's side: parse the file, hand batches over, wait when too far ahead. */
export async function runParseJob(job: ParseJob, port: MessagePort): Promise<void> {
  let inFlight = 0
  let wake: (() => void) | null = null
  port.on('message', (m: ToWorker) => {
    if (m.type !== 'inserted') return
    inFlight--
    wake?.()
    wake = null
  })
  let bytes = 0
  try {
    const result = await parseSightingsCsv(
      createReadStream(job.file),
      async (rows) => {
        const columns = toColumns(rows)
        const msg: ToMain = { type: 'batch', columns, bytes }
        const { camera, ts, confidence, attributes } = columns
        port.postMessage(
          msg,
          [camera, ts, confidence, attributes].map((a) => a.buffer as ArrayBuffer)
        )
        inFlight++
        while (inFlight >= AHEAD) await new Promise<void>((r) => (wake = r))
      },
      {
        timeZone: job.timeZone,
        knownCameras: new Set(job.knownCameras),
        onProgress: (b) => (bytes = b)
      }
    )
    port.postMessage({ type: 'done', result } satisfies ToMain)
  } catch (err) {
    port.postMessage({
      type: 'failed',
      message: err instanceof Error ? err.message : String(err)
    } satisfies ToMain)
  }
}

/**
 * Parses a sightings file on another thread while this one inserts: the
 * parser's checks, word lookups and time arithmetic no longer wait for the
 * inserts, nor they for it. Same rows, same order, same errors as
 * parseSightingsCsv on this thread.
 */
export function parseSightingsInWorker(
  workerFile: string,
  job: Omit<ParseJob, 'kind'>,
  onBatch: (columns: SightingColumns) => void,
  onProgress?: (bytes: number) => void
): Promise<SightingsParseResult> {
  return new Promise((resolve, reject) => {
    const data: ParseJob = { kind: 'sightingsParse', ...job }
    const worker = new Worker(workerFile, { workerData: data })
    let settled = false
    const finish = (err: Error | null, result?: SightingsParseResult): void => {
      if (settled) return
      settled = true
      void worker.terminate()
      if (err) reject(err)
      else resolve(result as SightingsParseResult)
    }
    worker.on('message', (m: ToMain) => {
      if (m.type === 'batch') {
        try {
          onBatch(m.columns)
        } catch (err) {
          finish(err instanceof Error ? err : new Error(String(err)))
          return
        }
        onProgress?.(m.bytes)
        worker.postMessage({ type: 'inserted' } satisfies ToWorker)
      } else if (m.type === 'done') finish(null, m.result)
      else finish(new Error(m.message))
    })
    worker.on('error', (err) => finish(err))
    worker.on('exit', (code) =>
      finish(new Error(`the sightings parser stopped before the end of the file (exit ${code})`))
    )
  })
}
