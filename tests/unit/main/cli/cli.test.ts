import { beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import iconv from 'iconv-lite'
import Database from 'better-sqlite3'
import { ensureNodeBuild, ROOT, watchroom } from '../../../helpers/cli'

const SAMPLE = path.join(ROOT, 'tests', 'fixtures', 'sample-city')

describe('watchroom CLI', () => {
  let dir: string
  beforeAll(() => {
    ensureNodeBuild()
    dir = mkdtempSync(path.join(os.tmpdir(), 'wr-cli-'))
  })

  it('prints help and exits 0', () => {
    const r = watchroom(['--help'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('import')
    expect(r.stdout).toContain('backup')
  })

  it('imports the sample district (cameras, roads, sightings) and backs it up', () => {
    const db = path.join(dir, 'city.db')
    for (const [kind, file] of [
      ['cameras', 'cameras.csv'],
      ['roads', 'roads.geojson'],
      ['sightings', 'sightings.csv']
    ] as const) {
      const r = watchroom(['--db', db, 'import', kind, path.join(SAMPLE, file)])
      expect(r.stderr).toBe('')
      expect(r.status).toBe(0)
    }
    const backup = path.join(dir, 'backup.db')
    expect(watchroom(['--db', db, 'backup', backup]).status).toBe(0)
    const copy = new Database(backup, { readonly: true })
    expect(copy.prepare('SELECT COUNT(*) FROM sightings').pluck().get()).toBe(12205)
    expect(copy.prepare('SELECT COUNT(*) FROM cameras').pluck().get()).toBe(50)
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
    copy.close()
    expect(watchroom(['--db', db, 'audit', 'verify']).status).toBe(0)
  })

  it('refuses a file with one bad row whole, printing the row, and changes nothing', () => {
    const db = path.join(dir, 'bad.db')
    const csv = 'code,name,lat,lng\nA-1,一号,30.1,120.2\nA-2,二号,95,120.2\nA-3,三号,30.1,120.2\n'
    writeFileSync(path.join(dir, 'bad.csv'), csv)
    const r = watchroom(['--db', db, 'import', 'cameras', path.join(dir, 'bad.csv')])
    expect(r.status).not.toBe(0)
    expect(r.stderr).toMatch(/line 3, column lat: out_of_range/)
    const d = new Database(db, { readonly: true })
    expect(d.prepare('SELECT COUNT(*) FROM cameras').pluck().get()).toBe(0)
    d.close()
  })

  it('refuses sightings of unregistered cameras with their line numbers', () => {
    const db = path.join(dir, 'sight.db')
    writeFileSync(path.join(dir, 'c.csv'), 'code,name,lat,lng,anpr\nK-1,卡口,30.1,120.2,1\n')
    expect(watchroom(['--db', db, 'import', 'cameras', path.join(dir, 'c.csv')]).status).toBe(0)
    writeFileSync(
      path.join(dir, 's.csv'),
      'camera_code,ts,plate,confidence\nK-1,2026-06-01T14:00:00+08:00,浙A12345,0.9\nK-9,2026-06-01T14:00:01+08:00,浙A12346,0.9\nK-1,not a time,浙A1,0.5\n'
    )
    const r = watchroom(['--db', db, 'import', 'sightings', path.join(dir, 's.csv')])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/line 3, column camera_code: unknown_camera/)
    expect(r.stderr).toMatch(/line 4, column ts: invalid_timestamp/)
    const d = new Database(db, { readonly: true })
    expect(d.prepare('SELECT COUNT(*) FROM sightings').pluck().get()).toBe(0)
    d.close()
  })

  it('imports a GBK cameras file and exports the same names as UTF-8', () => {
    const db = path.join(dir, 'gbk.db')
    const text =
      'code,name,lat,lng,block,community\nJC-1,金城路与育才路交叉口,30.18,120.26,第一片区,荣星社区\n'
    writeFileSync(path.join(dir, 'gbk.csv'), iconv.encode(text, 'gbk'))
    expect(watchroom(['--db', db, 'import', 'cameras', path.join(dir, 'gbk.csv')]).status).toBe(0)
    const out = path.join(dir, 'out.csv')
    expect(watchroom(['--db', db, 'export', 'cameras', out]).status).toBe(0)
    const exported = readFileSync(out, 'utf8')
    expect(exported).toContain('金城路与育才路交叉口')
    expect(exported).toContain('荣星社区')
  })

  it('fails with a message for a missing --db', () => {
    const r = watchroom(['import', 'cameras', 'x.csv'])
    expect(r.status).not.toBe(0)
    expect(r.stderr).toContain('--db')
  })
})
