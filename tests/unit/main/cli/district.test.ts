import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startPgCluster, type PgCluster } from '../../../helpers/pgCluster'
import { CLI, ensureNodeBuild, ROOT, watchroom } from '../../../helpers/cli'

const SAMPLE = path.join(ROOT, 'tests', 'fixtures', 'sample-city')

/** `watchroom` with WATCHROOM_DATABASE_URL set, as a district's operator would run it. */
function withEnvUrl(url: string, args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WATCHROOM_DATABASE_URL: url }
  })
}

describe('watchroom --database-url: pass records in a district PostgreSQL', () => {
  let cluster: PgCluster
  let url: string
  let dir: string
  beforeAll(async () => {
    ensureNodeBuild()
    dir = mkdtempSync(path.join(os.tmpdir(), 'wr-cli-district-'))
    cluster = await startPgCluster()
    url = cluster.createDatabase('district')
    for (const db of ['room.db', 'alone.db'])
      for (const [kind, name] of [
        ['cameras', 'cameras.csv'],
        ['roads', 'roads.geojson']
      ]) {
        const r = watchroom(['--db', path.join(dir, db), 'import', kind, path.join(SAMPLE, name)])
        expect(r.status, r.stderr).toBe(0)
      }
  })
  afterAll(() => cluster?.stop())

  it('imports sightings into the district and answers lookup and trail as the room file does', () => {
    const room = path.join(dir, 'room.db')
    const alone = path.join(dir, 'alone.db')
    const csv = path.join(SAMPLE, 'sightings.csv')
    const d = watchroom(['--db', room, '--database-url', url, 'import', 'sightings', csv])
    expect(d.status, d.stderr).toBe(0)
    expect(d.stdout).toMatch(/imported sightings: 12205 row\(s\), 12205 added/)
    expect(watchroom(['--db', alone, 'import', 'sightings', csv]).status).toBe(0)
    const q = JSON.parse(
      readFileSync(path.join(SAMPLE, 'queries.jsonl'), 'utf8').split('\n')[1]
    ) as {
      lat: number
      lng: number
      from: string
      to: string
      truth: { plate: string }
    }
    const args = ['lookup', '--lat', String(q.lat), '--lng', String(q.lng), '--from', q.from]
    args.push('--to', q.to, '--json')
    const a = watchroom(['--db', alone, ...args])
    const b = withEnvUrl(url, ['--db', room, ...args])
    expect(b.status, b.stderr).toBe(0)
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout))
    expect((JSON.parse(b.stdout) as { candidates: unknown[] }).candidates.length).toBeGreaterThan(0)
    const ta = watchroom(['--db', alone, 'trail', q.truth.plate, '--json'])
    const tb = watchroom(['--db', room, '--database-url', url, 'trail', q.truth.plate, '--json'])
    expect(tb.status, tb.stderr).toBe(0)
    expect(tb.stdout).toBe(ta.stdout)
    expect((JSON.parse(tb.stdout) as { sightings: unknown[] }).sightings.length).toBeGreaterThan(0)
  })

  it('says what is wrong with a bad URL, a missing --db, or an unreachable server', () => {
    const bad = watchroom([
      '--db',
      path.join(dir, 'x.db'),
      '--database-url',
      'mysql://h/db',
      'trail',
      'A'
    ])
    expect(bad.status).toBe(1)
    expect(bad.stderr).toMatch(/--database-url must be a postgres:\/\/… URL/)
    const noDb = watchroom(['--database-url', url, 'trail', 'A'])
    expect(noDb.status).toBe(1)
    expect(noDb.stderr).toMatch(/--db FILE is required with --database-url/)
    const down = watchroom([
      '--db',
      path.join(dir, 'x.db'),
      '--database-url',
      'postgres://postgres@127.0.0.1:1/none',
      'trail',
      'A'
    ])
    expect(down.status).toBe(1)
    expect(down.stderr).toMatch(/ECONNREFUSED/)
  })
})
