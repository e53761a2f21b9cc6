import { describe, expect, it } from 'vitest'
import { runWorkerTask } from '../../../../src/main/workers/runner'
import { parseCamerasCsv } from '../../../../src/main/registry/io/camerasCsv'

/** A cameras.csv of `n` rows, the last one bad when asked. */
function camerasCsv(n: number, badLast = false): Buffer {
  const lines = ['code,name,lat,lng,stream_url']
  for (let i = 0; i < n; i++)
    lines.push(`W-${i},金城路 ${i},${30.17 + (i % 100) / 1e4},120.25,rtsp://10.0.0.${i % 250}/main`)
  if (badLast) lines.push('W-bad,坏行,north,120.25,')
  return Buffer.from(lines.join('\n'))
}

describe('worker tasks (issue #15, point 8)', () => {
  it('parse and validate on a worker thread with the same result as inline', async () => {
    const file = camerasCsv(500, true)
    const viaWorker = await runWorkerTask('registry.parseCameras', file)
    expect(viaWorker).toEqual(parseCamerasCsv(file))
    expect(viaWorker.errorCount).toBe(1)
  })

  it('leave the main thread free while a large file is parsed', async () => {
    // the import of a 100 MB file once held every other request; now the event loop turns meanwhile
    const file = camerasCsv(100_000)
    let done = false
    let turns = 0
    const parsing = runWorkerTask('registry.parseCameras', file).then((r) => {
      done = true
      return r
    })
    while (!done) {
      await new Promise((r) => setImmediate(r))
      turns++
    }
    expect((await parsing).rows).toHaveLength(100_000)
    expect(turns).toBeGreaterThan(10)
  })
})
