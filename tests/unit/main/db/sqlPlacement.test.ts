import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const MAIN = path.resolve(__dirname, '../../../../src/main')

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : []
  })

/** Files allowed SQL of their own, each with its reason. */
const OWN_SQL: readonly string[] = [
  // PostgreSQL rows re-ranked by the room's own search in a scratch in-memory SQLite
  'sightings/pgSearch.ts'
]

/** Where SQL may be written: repositories, and db/ (connections, migrations, the schema itself). */
const mayHoldSql = (rel: string) =>
  path.basename(rel) === 'repository.ts' ||
  path.basename(rel) === 'pgRepository.ts' ||
  rel.startsWith('db/') ||
  OWN_SQL.includes(rel)

describe('SQL lives in repositories', () => {
  it('no other file in main prepares, executes or pragmas SQL', () => {
    const offenders = filesUnder(MAIN).flatMap((file) => {
      const rel = path.relative(MAIN, file).split(path.sep).join('/')
      if (mayHoldSql(rel)) return []
      return readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${rel}:${i + 1}` }))
        .filter(({ line }) => /\.prepare\(|\b\w*[dD]b\.(exec|pragma)\(/.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`)
    })
    expect(offenders).toEqual([])
  })
})
