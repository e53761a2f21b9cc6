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
  const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined
  return row && { user: toUser(row), passwordHash: row.password_hash, demo: row.demo === 1 }
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
