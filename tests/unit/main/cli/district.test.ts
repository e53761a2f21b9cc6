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

describe('watchroom --database-url: the same commands on a district PostgreSQL', () => {
  let cluster: PgCluster
  let url: string
  let dir: string
  /** a room's data directory on the district: the key files the commands use */
  let keys: string
  const district = (args: string[]) =>
    watchroom(['--database-url', url, '--data-dir', keys, ...args])
  beforeAll(async () => {
    ensureNodeBuild()
    dir = mkdtempSync(path.join(os.tmpdir(), 'wr-cli-district-'))
    keys = path.join(dir, 'room-keys')
    cluster = await startPgCluster()
    url = cluster.createDatabase('district')
    for (const [kind, name] of [
      ['cameras', 'cameras.csv'],
      ['roads', 'roads.geojson']
    ]) {
      const r = watchroom([
        '--db',
        path.join(dir, 'alone.db'),
        'import',
        kind,
        path.join(SAMPLE, name)
      ])
      expect(r.status, r.stderr).toBe(0)
      const d = district(['import', kind, path.join(SAMPLE, name)])
      expect(d.status, d.stderr).toBe(0)
      expect(d.stdout).toBe(r.stdout)
    }
  })
  afterAll(() => cluster?.stop())

  it('imports sightings into the district and answers lookup and trail as the room file does', () => {
    const alone = path.join(dir, 'alone.db')
    const csv = path.join(SAMPLE, 'sightings.csv')
    const d = district(['import', 'sightings', csv])
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
    const b = withEnvUrl(url, args)
    expect(b.status, b.stderr).toBe(0)
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout))
    expect((JSON.parse(b.stdout) as { candidates: unknown[] }).candidates.length).toBeGreaterThan(0)
    const ta = watchroom(['--db', alone, 'trail', q.truth.plate, '--json'])
    const tb = watchroom(['--database-url', url, 'trail', q.truth.plate, '--json'])
    expect(tb.status, tb.stderr).toBe(0)
    expect(tb.stdout).toBe(ta.stdout)
    expect((JSON.parse(tb.stdout) as { sightings: unknown[] }).sightings.length).toBeGreaterThan(0)
  })

  it("exports the district's registry as the room file's, keeps one keyed audit chain, and refuses a backup", () => {
    for (const kind of ['cameras', 'roads']) {
      const a = watchroom([
        '--db',
        path.join(dir, 'alone.db'),
        'export',
        kind,
        path.join(dir, `a.${kind}`)
      ])
      const b = district(['export', kind, path.join(dir, `b.${kind}`)])
      expect(b.status, b.stderr).toBe(0)
      expect(readFileSync(path.join(dir, `b.${kind}`))).toEqual(
        readFileSync(path.join(dir, `a.${kind}`))
      )
      expect(b.stdout.replace(`b.${kind}`, '')).toBe(a.stdout.replace(`a.${kind}`, ''))
    }
    const v = district(['audit', 'verify'])
    expect(v.status, v.stderr).toBe(0)
    expect(v.stderr).toBe('')
    expect(v.stdout).toMatch(/^audit chain ok: [1-9]\d* row\(s\)/)
    // without the key the rows are still linked, but a change would break the keyed chain: refused
    const unkeyed = watchroom([
      '--database-url',
      url,
      'import',
      'roads',
      path.join(SAMPLE, 'roads.geojson')
    ])
    expect(unkeyed.status).toBe(1)
    expect(unkeyed.stderr).toMatch(/--data-dir DIR is required to change a district/)
    // the district's chain is keyed with one key: without a copy of it, a room's directory is refused
    const otherKeys = watchroom([
      '--database-url',
      url,
      '--data-dir',
      path.join(dir, 'stranger'),
      'audit',
      'verify'
    ])
    expect(otherKeys.status).toBe(1)
    expect(otherKeys.stderr).toMatch(/audit\.key is missing: every room of a district chains/)
    // and the chain read without any key shows that it is keyed
    const noKey = watchroom(['--database-url', url, 'audit', 'verify'])
    expect(noKey.status).toBe(1)
    expect(noKey.stderr).toMatch(/audit chain broken at row 1: row content does not match/)
    const backup = district(['backup', path.join(dir, 'x.db')])
    expect(backup.status).toBe(1)
    expect(backup.stderr).toMatch(/pg_dump/)
  })

  it('says what is wrong with a bad URL, no database at all, or an unreachable server', () => {
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
    const noDb = watchroom(['trail', 'A'])
    expect(noDb.status).toBe(1)
    expect(noDb.stderr).toMatch(
      /--db FILE \(a room\) or --database-url postgres:\/\/… \(a district\) is required/
    )
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
