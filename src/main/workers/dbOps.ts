import type { Sql } from '../db/sql'
import type { ImportProgress } from '../../shared/domain/import'
import { buildStats, type StatsQuery } from '../stats/service'
import {
  queryAudit,
  verifyAuditChain,
  type AuditAnchor,
  type AuditQuery
} from '../audit/repository'
import { runImportJob, type ImportJob } from '../registry/importJob'

type Read<A, R> = { on: 'read'; run: (sql: Sql, arg: A) => Promise<R> }
type Write<A, R> = {
  on: 'write'
  run: (sql: Sql, arg: A, progress: (p: ImportProgress) => void) => Promise<R>
}
const read = <A, R>(run: (sql: Sql, arg: A) => Promise<R>): Read<A, R> => ({ on: 'read', run })
const write = <A, R>(
  run: (sql: Sql, arg: A, progress: (p: ImportProgress) => void) => Promise<R>
): Write<A, R> => ({ on: 'write', run })

/**
 * The database work that runs on the database worker (src/main/db/worker.ts):
 * reads that scan large tables run on its read-only connection, bulk writes
 * on its writer. Arguments and results are plain data (structured clone).
 * A new heavy query adds one entry here and calls `dbWorker.run(name, arg)`.
 */
export const DB_OPS = {
  /** statistics over up to three years of incidents (a million rows in a busy room) */
  'stats.build': read((sql, a: { room: { timeZone: string; now: number }; query: StatsQuery }) =>
    buildStats(sql, a.room, a.query)
  ),
  /** hashes the whole audit chain (with the key the worker was given) */
  'audit.verify': read((sql, a: { anchors?: AuditAnchor[] }) =>
    verifyAuditChain(sql, { anchors: a.anchors })
  ),
  /** up to 100,000 audit rows for the CSV export */
  'audit.query': read((sql, q: AuditQuery) => queryAudit(sql, q)),
  /** a registry import: parse, validate, preview or commit all-or-nothing */
  'registry.import': write((sql, job: ImportJob, progress) => runImportJob(sql, job, progress))
} as const

export type DbOpName = keyof typeof DB_OPS
export type DbOpArg<K extends DbOpName> = Parameters<(typeof DB_OPS)[K]['run']>[1]
export type DbOpResult<K extends DbOpName> = Awaited<ReturnType<(typeof DB_OPS)[K]['run']>>
