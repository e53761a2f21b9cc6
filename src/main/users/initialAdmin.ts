import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Sql } from '../db/sql'
import { countUsers, insertUserUnlessTaken } from './repository'
import { hashPassword } from './password'

/**
 * A real room's first start (without the setup screen) creates the admin account. Its password
 * comes from the environment (`adminPassword`) or is generated and written (owner-only)
 * beside the database, since nobody is there to type it; a generated one is
 * marked as known, so the first login must change it.
 */
export async function ensureInitialAdmin(
  sql: Sql,
  opts: { dataDir: string; now: number; log: (msg: string) => void; adminPassword?: string }
): Promise<void> {
  if ((await countUsers(sql)) > 0) return
  const password = opts.adminPassword || randomBytes(12).toString('base64url')
  const created = await insertUserUnlessTaken(
    sql,
    {
      username: 'admin',
      displayName: 'Administrator',
      role: 'admin',
      passwordHash: await hashPassword(password),
      demo: !opts.adminPassword
    },
    opts.now
  )
  // another room of the district created it a moment ago; its password is that room's to tell
  if (!created) return
  if (!opts.adminPassword) {
    const file = path.join(opts.dataDir, 'initial-admin-password.txt')
    writeFileSync(file, password + '\n', { mode: 0o600 })
    opts.log(`Created the admin account; its password is in ${file}`)
  }
}
