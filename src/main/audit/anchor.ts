/**
 * What keeps the audit chain honest from outside the database: the MAC key
 * (audit.key) and copies of the chain's head (audit-head.json, and one
 * beside every backup). Both are files next to the database, owner-only.
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { openDatabase } from '../db/database'
import {
  auditHead,
  districtAuditKeyFingerprint,
  recordDistrictAuditKey,
  type AuditAnchor,
  type AuditKey
} from './repository'
import type { Sql } from '../db/sql'
import { sqliteSql } from '../db/sqliteSql'

export const AUDIT_KEY_FILE = 'audit.key'
export const AUDIT_HEAD_FILE = 'audit-head.json'

/** The room's audit key, created on first use; rows after the newest existing one are keyed. */
export async function loadOrCreateAuditKey(dir: string, sql: Sql): Promise<AuditKey> {
  const file = path.join(dir, AUDIT_KEY_FILE)
  const existing = readAuditKey(dir)
  if (existing) return existing
  const key: AuditKey = { key: randomBytes(32), keyedFrom: ((await auditHead(sql))?.id ?? 0) + 1 }
  writeAtomic(
    file,
    JSON.stringify({ v: 1, key: key.key.toString('base64'), keyedFrom: key.keyedFrom }) + '\n'
  )
  return key
}

/** How a key is named in the district and the migration record; the key itself stays in files. */
export const auditKeySha256 = (k: AuditKey): string =>
  createHash('sha256').update(k.key).digest('hex')

/**
 * The audit key of a room server on a district. Every room appends to one
 * chain, so all must MAC with one key: the district keeps the key's
 * fingerprint (of the room migrated into it, or of the first room server),
 * and a room whose audit.key is missing or another one is refused, instead
 * of chaining rows no other room can verify.
 */
export async function loadDistrictAuditKey(dir: string, sql: Sql): Promise<AuditKey> {
  const refuse = (why: string): Error =>
    new Error(
      `${why}: every room of a district chains its audit rows with one key. Copy audit.key from a room ` +
        `already on this district into ${dir} and start again.`
    )
  const recorded = await districtAuditKeyFingerprint(sql)
  const local = readAuditKey(dir)
  if (recorded !== undefined) {
    if (!local) throw refuse(`${path.join(dir, AUDIT_KEY_FILE)} is missing`)
    if (auditKeySha256(local) !== recorded)
      throw refuse(`${path.join(dir, AUDIT_KEY_FILE)} is not the district's audit key`)
    return local
  }
  const key = local ?? (await loadOrCreateAuditKey(dir, sql))
  if ((await recordDistrictAuditKey(sql, auditKeySha256(key))) !== auditKeySha256(key))
    throw refuse('another room recorded its audit key first')
  return key
}

/** The key kept beside a database, if there is one (the command line verifies with it). */
export function readAuditKey(dir: string): AuditKey | undefined {
  const file = path.join(dir, AUDIT_KEY_FILE)
  if (!existsSync(file)) return undefined
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown; keyedFrom?: unknown }
  if (typeof raw.key !== 'string' || !Number.isInteger(raw.keyedFrom))
    throw new Error(`${file} is not an audit key file`)
  return { key: Buffer.from(raw.key, 'base64'), keyedFrom: raw.keyedFrom as number }
}

/** Writes the chain's head to `file`; false when there is nothing to anchor yet. */
export async function writeAuditAnchor(file: string, sql: Sql, now: number): Promise<boolean> {
  const head = await auditHead(sql)
  if (!head) return false
  const anchor: AuditAnchor = { id: head.id, hash: head.hash, at: now }
  writeAtomic(file, JSON.stringify(anchor) + '\n')
  return true
}

export function readAuditAnchor(file: string): AuditAnchor | undefined {
  if (!existsSync(file)) return undefined
  const a = JSON.parse(readFileSync(file, 'utf8')) as Partial<AuditAnchor>
  if (!Number.isInteger(a.id) || typeof a.hash !== 'string' || typeof a.at !== 'number')
    throw new Error(`${file} is not an audit head file`)
  return { id: a.id as number, hash: a.hash, at: a.at }
}

/** The head file written beside a backup copy (its head, read from the copy itself). */
export const backupAnchorFile = (backupFile: string): string => `${backupFile}.${AUDIT_HEAD_FILE}`

/**
 * Anchors that the database in `dataDir` must still contain: the exported
 * head and the head of every backup. A live chain cut below a backup's head,
 * or rewritten, no longer matches.
 */
export function anchorsFor(dataDir: string): AuditAnchor[] {
  const files = [path.join(dataDir, AUDIT_HEAD_FILE)]
  const backups = path.join(dataDir, 'backups')
  if (existsSync(backups))
    for (const f of readdirSync(backups))
      if (f.endsWith(`.${AUDIT_HEAD_FILE}`)) files.push(path.join(backups, f))
  return files.map(readAuditAnchor).filter((a): a is AuditAnchor => a !== undefined)
}

/** After a restore from backup: the newer head is kept for the record, renamed so it is no anchor. */
export function setAsideAuditHead(dataDir: string, now: number): void {
  const file = path.join(dataDir, AUDIT_HEAD_FILE)
  if (existsSync(file))
    renameSync(file, path.join(dataDir, `audit-head.before-restore-${now}.json`))
}

/** How often the head is exported while the app runs. */
const ANCHOR_EVERY_MS = 60_000

/**
 * Exports the head every minute (when it moved) and at close, and writes
 * each backup's own head beside it.
 */
export function createAuditAnchoring(
  sql: Sql,
  dataDir: string,
  now: () => number,
  nativeBinding?: string
) {
  const headFile = path.join(dataDir, AUDIT_HEAD_FILE)
  let last = ''
  const exportHead = async (): Promise<void> => {
    const head = await auditHead(sql)
    if (!head || head.hash === last) return
    await writeAuditAnchor(headFile, sql, now())
    last = head.hash
  }
  const exportLogged = (): void => {
    // a failed export is retried on the next tick; the chain itself is untouched
    exportHead().catch((err: unknown) => console.warn('audit head export failed', err))
  }
  exportLogged()
  const timer = setInterval(exportLogged, ANCHOR_EVERY_MS)
  timer.unref()
  return {
    exportHead,
    async backup(file: string): Promise<void> {
      const copy = openDatabase(file, { readonly: true, nativeBinding })
      try {
        await writeAuditAnchor(backupAnchorFile(file), sqliteSql(copy), now())
      } finally {
        copy.close()
      }
    },
    stop(): Promise<void> {
      clearInterval(timer)
      return exportHead()
    }
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, text, { mode: 0o600 })
  renameSync(tmp, file)
}
