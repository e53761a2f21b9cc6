import type { ReadableDb, WritableDb } from '../db/database'
import type { Role } from '../../shared/auth/roles'
import type { User } from '../../shared/domain/user'

type UserRow = {
  id: number
  username: string
  display_name: string
  role: Role
  password_hash: string
  disabled: number
  demo: number
  created_at: number
}

function toUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    disabled: r.disabled === 1,
    createdAt: r.created_at
  }
}

export function countUsers(db: ReadableDb): number {
  return db.prepare('SELECT COUNT(*) FROM users').pluck().get() as number
}

export function findUserForLogin(
  db: ReadableDb,
  username: string
): { user: User; passwordHash: string; demo: boolean } | undefined {
  const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
    UserRow | undefined
  return row && { user: toUser(row), passwordHash: row.password_hash, demo: row.demo === 1 }
}

/** The account as stored now, with whether it is still on a well-known password. */
export function findUserById(
  db: ReadableDb,
  id: number
): { user: User; demo: boolean } | undefined {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
  return row && { user: toUser(row), demo: row.demo === 1 }
}

export function getUser(db: ReadableDb, id: number): User | undefined {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
  return row && toUser(row)
}

export function insertUser(
  db: WritableDb,
  u: { username: string; displayName: string; role: Role; passwordHash: string; demo: boolean },
  now: number
): User {
  const row = db
    .prepare(
      `INSERT INTO users (username, display_name, role, password_hash, demo, created_at)
       VALUES (@username, @displayName, @role, @passwordHash, @demo, @now) RETURNING *`
    )
    .get({ ...u, demo: u.demo ? 1 : 0, now }) as UserRow
  return toUser(row)
}

export function listUsers(db: ReadableDb): User[] {
  return (db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toUser)
}

export function updateUser(
  db: WritableDb,
  id: number,
  patch: { displayName?: string; role?: Role; disabled?: boolean }
): User | undefined {
  const row = db
    .prepare(
      `UPDATE users SET display_name = COALESCE(@displayName, display_name), role = COALESCE(@role, role),
         disabled = COALESCE(@disabled, disabled) WHERE id = @id RETURNING *`
    )
    .get({
      id,
      displayName: patch.displayName ?? null,
      role: patch.role ?? null,
      disabled: patch.disabled === undefined ? null : patch.disabled ? 1 : 0
    }) as UserRow | undefined
  return row && toUser(row)
}

export function setPasswordHash(db: WritableDb, id: number, passwordHash: string): boolean {
  // a changed password is no longer the well-known demo one
  return (
    db.prepare('UPDATE users SET password_hash = ?, demo = 0 WHERE id = ?').run(passwordHash, id)
      .changes === 1
  )
}

export function countActiveAdmins(db: ReadableDb): number {
  return db
    .prepare("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0")
    .pluck()
    .get() as number
}
