import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../../src/main/db/database'
import { formatSlowQuery, type SlowQuery } from '../../../../src/main/db/slowQueries'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function open(slowQueryMs?: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wr-slow-'))
  dirs.push(dir)
  const seen: SlowQuery[] = []
  const db = openDatabase(path.join(dir, 'room.db'), {
    slowQueryMs,
    onSlowQuery: (q) => seen.push(q)
  })
  db.exec('CREATE TABLE reads (id INTEGER PRIMARY KEY, plate TEXT NOT NULL, ts INTEGER NOT NULL)')
  // 400 000 rows with no index on plate: a scan of them all takes a while on any machine
  db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400000)
           INSERT INTO reads (plate, ts) SELECT printf('浙A%05d', i % 99991), i FROM n`)
  return { db, seen }
}

// hex() of every row's text: some 100 ms on a quiet machine, ten times the threshold below
const SLOW_SQL =
  'SELECT count(*) FROM reads WHERE instr(lower(hex(plate || ts || plate || ts)), ?) > 0'
const THRESHOLD_MS = 10

describe('slow statement log', () => {
  it('reports a statement slower than slowQueryMs with its query plan, and not a fast one', () => {
    const { db, seen } = open(THRESHOLD_MS)
    seen.length = 0
    const fast = db.prepare('SELECT plate FROM reads WHERE id = ?').pluck()
    expect(fast.get(42)).toBe('浙A00042')
    // pluck() hands back the same statement: it must still be timed
    const slow = db.prepare(SLOW_SQL).pluck()
    for (let i = 0; i < 3; i++) slow.get('123')
    const slowOnes = seen.filter((q) => q.sql === SLOW_SQL)
    expect(slowOnes.length).toBeGreaterThan(0)
    expect(slowOnes[0].ms).toBeGreaterThan(THRESHOLD_MS)
    // the plan names the full scan that makes it slow
    expect(slowOnes[0].plan.join('\n')).toMatch(/SCAN reads/)
    expect(seen.some((q) => q.sql.includes('WHERE id = ?'))).toBe(false)
    const line = formatSlowQuery(slowOnes[0])
    expect(line).toMatch(/^slow query \(\d+ ms\): SELECT count\(\*\) FROM reads/)
    expect(line).toContain('plan:')
    db.close()
  })

  it('stays silent when no threshold is configured', () => {
    const { db, seen } = open(undefined)
    db.prepare(SLOW_SQL).get('123')
    expect(seen).toEqual([])
    db.close()
  })

  it('names a missing index in a named-parameter statement through run()', () => {
    const { db, seen } = open(THRESHOLD_MS)
    seen.length = 0
    db.prepare("UPDATE reads SET ts = ts WHERE plate LIKE '%' || @p || '%' AND ts % 7 <> @k").run({
      p: '999',
      k: 3
    })
    const q = seen.find((s) => s.sql.startsWith('UPDATE reads'))
    expect(q?.plan.join('\n')).toMatch(/SCAN reads/)
    db.close()
  })
})
