import type { Sql } from '../db/sql'
import { value } from '../db/sql'
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

// count(*) is bigint on PostgreSQL (a number through the district's type parser)
const count = async (sql: Sql, text: string): Promise<number> =>
  Number((await value<number>(sql, text)) ?? 0)

export function countUsers(sql: Sql): Promise<number> {
  return count(sql, 'SELECT COUNT(*) AS n FROM users')
}

export async function findUserForLogin(
  sql: Sql,
  username: string
): Promise<{ user: User; passwordHash: string; demo: boolean } | undefined> {
  const row = await sql.get<UserRow>('SELECT * FROM users WHERE username = ?', [username])
  return row && { user: toUser(row), passwordHash: row.password_hash, demo: row.demo === 1 }
}

/** The account as stored now, with whether it is still on a well-known password. */
export async function findUserById(
  sql: Sql,
  id: number
): Promise<{ user: User; demo: boolean } | undefined> {
  const row = await sql.get<UserRow>('SELECT * FROM users WHERE id = ?', [id])
  return row && { user: toUser(row), demo: row.demo === 1 }
}

export async function getUser(sql: Sql, id: number): Promise<User | undefined> {
  return (await findUserById(sql, id))?.user
}

export async function insertUser(
  sql: Sql,
  u: { username: string; displayName: string; role: Role; passwordHash: string; demo: boolean },
  now: number
): Promise<User> {
  const row = await sql.get<UserRow>(
    `INSERT INTO users (username, display_name, role, password_hash, demo, created_at)
     VALUES (@username, @displayName, @role, @passwordHash, @demo, @now) RETURNING *`,
    { ...u, demo: u.demo ? 1 : 0, now }
  )
  return toUser(row as UserRow)
}

export async function listUsers(sql: Sql): Promise<User[]> {
  return (await sql.all<UserRow>('SELECT * FROM users ORDER BY username')).map(toUser)
}

export async function updateUser(
  sql: Sql,
  id: number,
  patch: { displayName?: string; role?: Role; disabled?: boolean }
): Promise<User | undefined> {
  const row = await sql.get<UserRow>(
    `UPDATE users SET display_name = COALESCE(@displayName, display_name), role = COALESCE(@role, role),
       disabled = COALESCE(@disabled, disabled) WHERE id = @id RETURNING *`,
    {
      id,
      displayName: patch.displayName ?? null,
      role: patch.role ?? null,
      disabled: patch.disabled === undefined ? null : patch.disabled ? 1 : 0
    }
  )
  return row && toUser(row)
}

export async function setPasswordHash(
  sql: Sql,
  id: number,
  passwordHash: string
): Promise<boolean> {
  // a changed password is no longer the well-known demo one
  const r = await sql.run('UPDATE users SET password_hash = ?, demo = 0 WHERE id = ?', [
    passwordHash,
    id
  ])
  return r.changes === 1
}

export function countActiveAdmins(sql: Sql): Promise<number> {
  return count(sql, "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = 0")
}
