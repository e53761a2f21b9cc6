import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Command, CommanderError } from 'commander'
import { DatabaseFromFutureError } from '../db/migrate'
import { PgDatabaseFromFutureError } from '../db/postgres/migrate'
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
import { auditKeyOf, verifyAuditChain } from '../audit/repository'
import { anchorsFor, AUDIT_KEY_FILE } from '../audit/anchor'
import { loadRoadGraph, recomputeClockOffsets } from '../lookup/service'
import { importSightingsToDistrict } from './district'
import { openCliStore, type CliStore } from './backend'

/** The one place the command line reads its environment (WATCHROOM_TZ, WATCHROOM_DATABASE_URL). */
const environment = () => readEnvironment(process.env)

/** The room's zone (as the app's): times in files without an offset are read in it. */
const roomTimeZone = (): string => environment().timeZone ?? DEFAULT_ROOM_ZONE

/** A failure the CLI reports as one line on stderr and exit status 1. */
class CliError extends Error {}

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
    .option('--db <file>', "a room's WatchRoom database file (created if missing)")
    .option(
      '--database-url <url>',
      "a district's PostgreSQL (postgres://…, or WATCHROOM_DATABASE_URL) instead of a room's file"
    )
    .option(
      '--data-dir <dir>',
      "with --database-url: a room's data directory on this district, whose audit.key and secrets.key the command uses"
    )
    .showHelpAfterError()

  type Global = { db?: string; databaseUrl?: string; dataDir?: string }
  const global = () => program.opts<Global>()
  const now = () => Date.now()
  /** Runs `fn` on the database the options name (a room's file or a district) and always closes it. */
  const withStore = async <T>(fn: (store: CliStore) => T | Promise<T>): Promise<T> => {
    const o = global()
    const store = await openCliStore({
      db: o.db,
      databaseUrl: o.databaseUrl ?? environment().databaseUrl,
      dataDir: o.dataDir
    }).catch((err: unknown) => {
      throw err instanceof Error && !(err instanceof PgDatabaseFromFutureError)
        ? new CliError(err.message)
        : err
    })
    try {
      return await fn(store)
    } finally {
      await store.close()
    }
  }
  /** A change the district's audit trail records needs its key (a copy of the rooms' audit.key). */
  const writableKeysDir = (store: CliStore): string => {
    if (store.kind === 'file') return path.dirname(store.file)
    const dir = store.keysDir
    if (dir === null || !auditKeyOf(store.sql))
      throw new CliError(
        "--data-dir DIR is required to change a district: a room's data directory with the district's audit.key (and secrets.key for stream passwords)"
      )
    return dir
  }

  /** A `<kind> <file>` subcommand of `parent` for each entry, run on the open database. */
  const fileCommands = <E extends { kind: string; what: string }>(
    parent: Command,
    entries: readonly E[],
    run: (store: CliStore, entry: E, file: string) => void | Promise<void>
  ): void => {
    for (const e of entries)
      parent
        .command(`${e.kind} <file>`)
        .description(e.what)
        .action((file: string) => withStore((store) => run(store, e, file)))
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
  fileCommands(imp, registryImports, async (store, r, file) =>
    printImported(
      await r.run(store.sql, readFileSync(file), {
        dryRun: false,
        actor: 'cli',
        now: now(),
        fileName: path.basename(file),
        // passwords in stream URLs are sealed with the room's key file, as host mode does
        secrets: createKeyFileSecretBox(writableKeysDir(store))
      })
    )
  )
  imp
    .command('sightings <file>')
    .description('sightings.csv plate reads (millions of rows are fine)')
    .action((file: string) =>
      withStore(async (store) => {
        const sql = store.sql
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
        const s =
          store.kind === 'district'
            ? await importSightingsToDistrict(store.sql, file, opts)
            : await importSightingsFile(store.db, file, opts)
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
  fileCommands(exp, registryExports, async (store, e, file) => {
    const out = await exportRegistry(store.sql, e.format, {
      actor: 'cli',
      now: now(),
      timeZone: environment().timeZone
    })
    writeFileSync(file, out.content)
    process.stdout.write(`exported ${out.count} ${e.noun} to ${file}\n`)
  })

  program
    .command('backup <dest>')
    .description('online backup of the database to DEST (safe while the app runs)')
    .action((dest: string) =>
      withStore(async (store) => {
        if (store.kind === 'district')
          throw new CliError(
            "backup copies a room's file; back up a district's PostgreSQL with pg_dump (or its server's own backups)"
          )
        const { pages } = await backupDatabase(store.db, path.resolve(dest))
        process.stdout.write(`backup written to ${dest} (${pages} pages)\n`)
      })
    )

  program
    .command('audit')
    .description('the audit trail')
    .command('verify')
    .description('check the hash chain of the audit trail; non-zero exit if it was tampered with')
    .action(() =>
      withStore(async (store) => {
        const sql = store.sql
        const dir = store.keysDir
        // a room's exported heads; on a district, those of the room named by --data-dir
        const v = await verifyAuditChain(sql, { anchors: dir ? anchorsFor(dir) : [] })
        if (!v.ok)
          throw new CliError(
            v.breaks.map((b) => `audit chain broken at row ${b.id}: ${b.reason}`).join('\n')
          )
        if (!auditKeyOf(sql))
          process.stderr.write(
            store.kind === 'file'
              ? `no ${AUDIT_KEY_FILE} beside the database: the chain is checked unkeyed\n`
              : `no ${AUDIT_KEY_FILE} (give --data-dir): the chain is checked unkeyed\n`
          )
        process.stdout.write(`audit chain ok: ${v.rows} row(s)\n`)
      })
    )

  registerLookupCommands(program, withStore)
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
      err instanceof CliError ||
      err instanceof ApiError ||
      err instanceof DatabaseFromFutureError ||
      err instanceof PgDatabaseFromFutureError
        ? err.message
        : err instanceof Error
          ? `${err.name}: ${err.message}`
          : String(err)
    process.stderr.write(`watchroom: ${msg}\n`)
    return 1
  }
}
