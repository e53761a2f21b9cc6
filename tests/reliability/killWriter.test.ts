import { beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { build } from 'esbuild'
import Database from 'better-sqlite3'
import { ROOT } from '../helpers/cli'

/**
 * Issue #8: kill -9 a process writing incidents and sightings at full speed,
 * 20 times. Each time the database opens, integrity_check is ok, every
 * transaction reported committed is there, and none is there in part.
 */
describe('SIGKILL while writing incidents and sightings at full speed', () => {
  let dir: string
  let writer: string
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wr-killw-'))
    // inside the checkout so the bundle resolves node_modules (better-sqlite3)
    writer = path.join(ROOT, 'out', 'test', 'writer.cjs')
    const { rawPlugin } = (await import(path.join(ROOT, 'scripts', 'esbuild-raw.mjs'))) as {
      rawPlugin: Parameters<typeof build>[0]['plugins'] extends (infer P)[] | undefined ? P : never
    }
    await build({
      entryPoints: [path.join(ROOT, 'tests', 'reliability', 'writer.ts')],
      outfile: writer,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      plugins: [rawPlugin],
      absWorkingDir: ROOT,
      logLevel: 'silent'
    })
  })

  it('20 kills: integrity ok, every reported commit present, no partial transaction', async () => {
    const TRIALS = 20
    const db = path.join(dir, 'kill.db')
    let rowsChecked = 0
    let reportedTotal = 0
    for (let trial = 0; trial < TRIALS; trial++) {
      const child = spawn(process.execPath, [writer, db], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit']
      })
      let out = ''
      child.stdout.on('data', (b: Buffer) => (out += b.toString()))
      const exited = new Promise((r) => child.once('exit', r))
      // let it reach full speed, then kill at a random moment
      await new Promise<void>((resolve, reject) => {
        const check = () =>
          out.length > 0
            ? resolve()
            : child.exitCode !== null
              ? reject(new Error('writer exited'))
              : setTimeout(check, 5)
        check()
      })
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 400))
      child.kill('SIGKILL')
      await exited
      const reported = out
        .split('\n')
        .filter((l) => l.startsWith('C '))
        .map((l) => Number(l.split(' ')[1]))
      reportedTotal += reported.length
      const d = new Database(db, { readonly: true })
      expect(d.pragma('integrity_check', { simple: true })).toBe('ok')
      const ids = new Set(d.prepare('SELECT id FROM incidents').pluck().all() as number[])
      for (const id of reported) expect(ids.has(id)).toBe(true)
      const sightings = d.prepare('SELECT COUNT(*) FROM sightings').pluck().get() as number
      // each transaction adds one incident and 200 reads, or nothing
      expect(sightings).toBe(ids.size * 200)
      rowsChecked += ids.size + sightings
      d.close()
    }
    console.log(
      `kill -9 trials: ${TRIALS}; commits reported: ${reportedTotal}; rows checked over all trials: ${rowsChecked}`
    )
    expect(reportedTotal).toBeGreaterThan(TRIALS)
  })
})
