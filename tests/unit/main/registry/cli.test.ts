import { beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import iconv from 'iconv-lite'
import Database from 'better-sqlite3'
import { ensureNodeBuild, ROOT, watchroom } from '../../../helpers/cli'

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'import')

describe('watchroom import/export of the registry', () => {
  let dir: string
  beforeAll(() => {
    ensureNodeBuild()
    dir = mkdtempSync(path.join(os.tmpdir(), 'wr-reg-cli-'))
  })

  it('import cameras (GBK, as Chinese Excel writes it) then export cameras gives the same names in UTF-8', () => {
    const db = path.join(dir, 'gbk.db')
    const gbkFile = path.join(FIXTURES, 'cameras-gbk.csv')
    const source = iconv.decode(readFileSync(gbkFile), 'gbk')
    const imp = watchroom(['--db', db, 'import', 'cameras', gbkFile])
    expect(imp.stderr).toBe('')
    expect(imp.status).toBe(0)
    const out = path.join(dir, 'out.csv')
    const exp = watchroom(['--db', db, 'export', 'cameras', out])
    expect(exp.status).toBe(0)
    const bytes = readFileSync(out)
    // UTF-8 with a BOM, and valid UTF-8 throughout
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow()
    const text = bytes.toString('utf8')
    const names = (csv: string, nameCol: number) =>
      csv
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)
        .slice(1)
        .filter(Boolean)
        .map((l) => l.split(',')[nameCol])
    expect(names(text, 1)).toEqual(names(source, 1))
    expect(names(text, 1)).toEqual(['金城路与育才路交叉口', '世纪联华地下车库出口'])
    expect(text).toContain('荣星社区')
    expect(text).toContain('"坡道, 夜间补光"')
    // both steps are in the audit trail
    const d = new Database(db, { readonly: true })
    expect(
      d.prepare("SELECT action FROM audit_log WHERE actor = 'cli' ORDER BY id").pluck().all()
    ).toEqual(['registry.import.cameras', 'registry.export'])
    d.close()
  })

  it('export roads writes GeoJSON that imports again as updates', () => {
    const db = path.join(dir, 'roads.db')
    expect(
      watchroom(['--db', db, 'import', 'roads', path.join(FIXTURES, 'roads-osm.geojson')]).status
    ).toBe(0)
    const out = path.join(dir, 'roads.geojson')
    expect(watchroom(['--db', db, 'export', 'roads', out]).status).toBe(0)
    const fc = JSON.parse(readFileSync(out, 'utf8')) as {
      features: { properties: { name: string } }[]
    }
    expect(fc.features.map((f) => f.properties.name)).toContain('金城路')
    const again = watchroom(['--db', db, 'import', 'roads', out])
    expect(again.status).toBe(0)
    expect(again.stdout).toMatch(/0 added, \d+ updated/)
  })
})
