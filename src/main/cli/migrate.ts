import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import { openDatabase } from '../db/database'
import { migrate } from '../db/migrate'
import { migratePg } from '../db/postgres/migrate'
import { PG_MIGRATIONS } from '../db/postgres/migrations'
import { connectDistrict } from '../db/postgres/connect'
import { migrateRoomToDistrict } from '../db/postgres/roomCopy'
import { anchorsFor, AUDIT_KEY_FILE, readAuditKey } from '../audit/anchor'
import { readAuditKeyFile } from './backend'
import { loadOrCreateRoomId, ROOM_ID_FILE } from '../recording/roomId'

/** `watchroom migrate --from FILE.db --to postgres://…`: a room moves into its district. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description(
      "copy a room's database (cameras, roads, incidents, duty log, audit trail, layouts, accounts, pass records) into an empty district PostgreSQL, once"
    )
    .requiredOption('--from <file>', "the room's database file")
    .requiredOption('--to <url>', "the district's PostgreSQL (postgres://…)")
    .option(
      '--audit-key <file>',
      `the room's audit key (default: ${AUDIT_KEY_FILE} beside the room's file)`
    )
    .option('--json', 'print the report as JSON on stdout')
    .action(async (o: { from: string; to: string; auditKey?: string; json?: boolean }) => {
      if (!/^postgres(ql)?:\/\//.test(o.to))
        throw new Error(`--to must be a postgres://… URL (got "${o.to}")`)
      const file = path.resolve(o.from)
      if (!existsSync(file)) throw new Error(`--from: no room database at ${file}`)
      const dir = path.dirname(file)
      const keyFile = o.auditKey ? path.resolve(o.auditKey) : path.join(dir, AUDIT_KEY_FILE)
      const key = o.auditKey ? readAuditKeyFile(keyFile) : readAuditKey(dir)
      // the room server started on this directory finds its footage on the district under this id
      const room = loadOrCreateRoomId(dir)
      const db = openDatabase(file)
      try {
        // as every command does: a room file from an older WatchRoom is brought up to date first
        migrate(db)
        const client = await connectDistrict(o.to, { applicationName: 'watchroom migrate' })
        try {
          await migratePg(client, PG_MIGRATIONS)
          const report = await migrateRoomToDistrict(db, client, {
            source: file,
            room,
            key,
            anchors: anchorsFor(dir),
            now: Date.now(),
            actor: 'cli',
            onTable: (table, rows) => {
              if (process.stderr.isTTY) process.stderr.write(`${table}: ${rows}\n`)
            }
          })
          if (o.json) {
            process.stdout.write(JSON.stringify(report) + '\n')
            return
          }
          const copied = Object.entries(report.counts)
            .filter(([, n]) => n > 0)
            .map(([t, n]) => `${t} ${n}`)
            .join(', ')
          process.stdout.write(`migrated ${file} into the district: ${copied}\n`)
          process.stdout.write(
            `audit chain ok: ${report.audit.before.rows} row(s) in the room, ${report.audit.after.rows} on the district (with the row recording this migration)\n`
          )
          if (report.audit.keyed)
            process.stdout.write(
              `the chain is keyed with ${keyFile} (SHA-256 ${report.audit.keySha256}): every room server on this district needs a copy of that file; the district records only its SHA-256\n`
            )
          else
            process.stderr.write(
              `no ${AUDIT_KEY_FILE} beside the room's file: the chain was checked unkeyed\n`
            )
          process.stdout.write(
            `the room's recordings and exports stay on its disk, indexed on the district under room ${room} (${path.join(dir, ROOM_ID_FILE)}): start the room server with ${dir} as its data directory\n`
          )
        } finally {
          await client.end()
        }
      } finally {
        db.close()
      }
    })
}
