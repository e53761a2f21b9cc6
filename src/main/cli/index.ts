import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Command, CommanderError } from 'commander'
import { openDatabase, type WritableDb } from '../db/database'
import type { Sql } from '../db/sql'
import { sqliteSql } from '../db/sqliteSql'
import { migrate, DatabaseFromFutureError } from '../db/migrate'
import { backupDatabase } from '../db/backup'
import { exportRegistry, importCamerasAudited, importRoadsAudited } from '../registry/service'
import { createKeyFileSecretBox } from '../security/secretBox'
import { importSightingsFile } from '../sightings/import'
import { ApiError } from '../../shared/ipc/errors'
import { DEFAULT_ROOM_ZONE } from '../../shared/domain/roomTime'
import type { ImportSummary } from '../../shared/domain/import'
import { appVersion } from '../app/paths'
import { readEnvironment } from '../app/environment'
import { registerLookupCommands } from './lookup'
import { registerMigrateCommand } from './migrate'
import { auditKeyOf, useAuditKey, verifyAuditChain } from '../audit/repository'
import { anchorsFor, AUDIT_KEY_FILE, readAuditKey } from '../audit/anchor'
import { loadRoadGraph, recomputeClockOffsets } from '../lookup/service'
import {
  districtUrl,
  importSightingsToDistrict,
  openDistrict,
  recomputeClockOffsetsFromDistrict,
  type District
} from './district'

/** The one place the command line reads its environment (WATCHROOM_TZ, WATCHROOM_DATABASE_URL). */
const environment = () => readEnvironment(process.env)

/** The room's zone (as the app's): times in files without an offset are read in it. */
const roomTimeZone = (): string => environment().timeZone ?? DEFAULT_ROOM_ZONE

/** A failure the CLI reports as one line on stderr and exit status 1. */
class CliError extends Error {}

function openDb(file: string | undefined): WritableDb {
  if (!file) throw new CliError('--db FILE is required')
  const db = openDatabase(path.resolve(file))
  migrate(db)
  // rows the command line appends are keyed like the app's
  const key = readAuditKey(path.dirname(path.resolve(file)))
  if (key) useAuditKey(db, key)
  return db
}

function printRejected(summary: ImportSummary): void {
  process.stderr.write(
    `${summary.rejected} bad row(s) in ${summary.total}; nothing was imported.\n`
  )
  for (const e of summary.errors)
    process.stderr.write(
      `  line ${e.line}${e.column ? `, column ${e.column}` : ''}: ${e.code}: ${e.message}\n`
    )
  if (summary.errors.length < summary.rejected)
    process.stderr.write(`  … and ${summary.rejected - summary.errors.length} more\n`)
}

function printImported(s: ImportSummary): void {
  process.stdout.write(
    `imported ${s.kind}: ${s.total} row(s), ${s.added} added, ${s.updated} updated\n`
  )
  if (s.unknownColumns.length)
    process.stdout.write(`unknown columns (ignored): ${s.unknownColumns.join(', ')}\n`)
}

export function buildProgram(): Command {
  const program = new Command()
  program
    .name('watchroom')
    .description(
      'WatchRoom command line: imports, exports, lookup and backup over a WatchRoom database.'
    )
    .version(appVersion())
    .option('--db <file>', 'the WatchRoom database file (created if missing)')
    .option(
      '--database-url <url>',
      "a district's PostgreSQL (postgres://…, or WATCHROOM_DATABASE_URL) for the pass records; cameras and roads stay in --db"
    )
    .showHelpAfterError()

  const dbOf = () => openDb(program.opts<{ db?: string }>().db)
  const now = () => Date.now()
  /** The district named by --database-url / WATCHROOM_DATABASE_URL, connected and migrated; null if none. */
  const districtOf = async (): Promise<District | null> => {
    const url = districtUrl(
      program.opts<{ databaseUrl?: string }>().databaseUrl ?? environment().databaseUrl
    )
    if (url === null) return null
    if (!program.opts<{ db?: string }>().db)
      throw new CliError(
        "--db FILE is required with --database-url: the room's cameras and roads stay in it (the district holds the pass records)"
      )
    return openDistrict(url)
  }

  /** Runs `fn` on the --db database (the file, and the storage seam over it) and always closes it. */
  const withDb = async <T>(fn: (db: WritableDb, sql: Sql) => T | Promise<T>): Promise<T> => {
    const db = dbOf()
    try {
      return await fn(db, sqliteSql(db))
    } finally {
      db.close()
    }
  }

  const imp = program
    .command('import')
    .description('import a file; all-or-nothing, bad rows are listed')
  const registryImports = [
    {
      kind: 'cameras',
      what: 'cameras.csv (UTF-8, UTF-8 with BOM, or GBK)',
      run: importCamerasAudited
    },
    { kind: 'roads', what: 'roads.geojson (also OpenStreetMap exports)', run: importRoadsAudited }
  ] as const
  for (const r of registryImports)
    imp
      .command(`${r.kind} <file>`)
      .description(r.what)
      .action((file: string) =>
        withDb(async (_db, sql) =>
          printImported(
            await r.run(sql, readFileSync(file), {
              dryRun: false,
              actor: 'cli',
              now: now(),
              fileName: path.basename(file),
              // passwords in stream URLs are sealed with the room's key file, as host mode does
              secrets: createKeyFileSecretBox(
                path.dirname(path.resolve(program.opts<{ db?: string }>().db ?? '.'))
              )
            })
          )
        )
      )
  imp
    .command('sightings <file>')
    .description('sightings.csv plate reads (millions of rows are fine)')
    .action((file: string) =>
      withDb(async (db, sql) => {
        let lastPct = -1
        const t0 = performance.now()
        const opts = {
          timeZone: roomTimeZone(),
          onProgress: (bytes: number, total: number) => {
            const pct = Math.floor((100 * bytes) / Math.max(total, 1))
            if (process.stderr.isTTY && pct !== lastPct) process.stderr.write(`\r${pct}%`)
            lastPct = pct
          }
        }
        const district = await districtOf()
        if (district) {
          try {
            const s = await importSightingsToDistrict(district, sql, file, opts)
            printImported(s)
            const secs = (performance.now() - t0) / 1000
            process.stdout.write(`${Math.round(s.total / Math.max(secs, 1e-3))} rows/s\n`)
            await recomputeClockOffsetsFromDistrict(district, sql, now())
          } finally {
            await district.close()
          }
          return
        }
        const s = await importSightingsFile(db, file, opts)
        if (process.stderr.isTTY) process.stderr.write('\r')
        printImported(s)
        const secs = (performance.now() - t0) / 1000
        process.stdout.write(`${Math.round(s.total / Math.max(secs, 1e-3))} rows/s\n`)
        // camera clocks drift: re-estimate every ANPR camera's offset from the new reads
        const offsets = await recomputeClockOffsets(sql, await loadRoadGraph(sql), now())
        const off = [...offsets].filter(([, ms]) => Math.abs(ms) >= 5000)
        if (off.length)
          process.stdout.write(
            `camera clocks off by 5 s or more: ${off.map(([c, ms]) => `${c} ${(ms / 1000).toFixed(1)} s`).join(', ')}\n`
          )
      })
    )

  const exp = program.command('export').description('export the registry')
  const registryExports = [
    {
      kind: 'cameras',
      format: 'cameras-csv',
      what: 'cameras.csv (UTF-8 with BOM; formula-like cells neutralised)',
      noun: 'camera(s)'
    },
    { kind: 'roads', format: 'roads-geojson', what: 'roads.geojson', noun: 'road(s)' }
  ] as const
  for (const e of registryExports)
    exp
      .command(`${e.kind} <file>`)
      .description(e.what)
      .action((file: string) =>
        withDb(async (_db, sql) => {
          const out = await exportRegistry(sql, e.format, {
            actor: 'cli',
            now: now(),
            timeZone: environment().timeZone
          })
          writeFileSync(file, out.content)
          process.stdout.write(`exported ${out.count} ${e.noun} to ${file}\n`)
        })
      )

  program
    .command('backup <dest>')
    .description('online backup of the database to DEST (safe while the app runs)')
    .action((dest: string) =>
      withDb(async (db) => {
        const { pages } = await backupDatabase(db, path.resolve(dest))
        process.stdout.write(`backup written to ${dest} (${pages} pages)\n`)
      })
    )

  program
    .command('audit')
    .description('the audit trail')
    .command('verify')
    .description('check the hash chain of the audit trail; non-zero exit if it was tampered with')
    .action(() =>
      withDb(async (_db, sql) => {
        const file = path.resolve(program.opts<{ db: string }>().db)
        const v = await verifyAuditChain(sql, { anchors: anchorsFor(path.dirname(file)) })
        if (!v.ok)
          throw new CliError(
            v.breaks.map((b) => `audit chain broken at row ${b.id}: ${b.reason}`).join('\n')
          )
        if (!auditKeyOf(sql))
          process.stderr.write(
            `no ${AUDIT_KEY_FILE} beside the database: the chain is checked unkeyed\n`
          )
        process.stdout.write(`audit chain ok: ${v.rows} row(s)\n`)
      })
    )

  registerLookupCommands(program, dbOf, districtOf)
  registerMigrateCommand(program)
  return program
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram()
  program.exitOverride()
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) })
  try {
    await program.parseAsync(argv)
    return 0
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2
    if (err instanceof ApiError && err.code === 'import_rejected') {
      printRejected(err.details as ImportSummary)
      return 1
    }
    const msg =
      err instanceof CliError || err instanceof ApiError || err instanceof DatabaseFromFutureError
        ? err.message
        : err instanceof Error
          ? `${err.name}: ${err.message}`
          : String(err)
    process.stderr.write(`watchroom: ${msg}\n`)
    return 1
  }
}
