import type { Sql } from '../db/sql'
import { value } from '../db/sql'
import { rowReader } from '../db/rows'
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

const users = rowReader((r: UserRow) => ({
  user: toUser(r),
  passwordHash: r.password_hash,
  demo: r.demo === 1
}))

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
  return users.get(sql, 'SELECT * FROM users WHERE username = ?', [username])
}

/** The account as stored now, with whether it is still on a well-known password. */
export async function findUserById(
  sql: Sql,
  id: number
): Promise<{ user: User; demo: boolean } | undefined> {
  const found = await users.get(sql, 'SELECT * FROM users WHERE id = ?', [id])
  return found && { user: found.user, demo: found.demo }
}

export async function getUser(sql: Sql, id: number): Promise<User | undefined> {
  return (await findUserById(sql, id))?.user
}

export async function insertUser(
  sql: Sql,
  u: { username: string; displayName: string; role: Role; passwordHash: string; demo: boolean },
  now: number
): Promise<User> {
  const row = await users.get(
    sql,
    `INSERT INTO users (username, display_name, role, password_hash, demo, created_at)
     VALUES (@username, @displayName, @role, @passwordHash, @demo, @now) RETURNING *`,
    { ...u, demo: u.demo ? 1 : 0, now }
  )
  return (row as { user: User }).user
}

/**
 * Creates the account unless its name is taken (undefined then): two rooms
 * starting together on one district must not both create the first admin.
 */
export async function insertUserUnlessTaken(
  sql: Sql,
  u: { username: string; displayName: string; role: Role; passwordHash: string; demo: boolean },
  now: number
): Promise<User | undefined> {
  const row = await users.get(
    sql,
    `INSERT INTO users (username, display_name, role, password_hash, demo, created_at)
     VALUES (@username, @displayName, @role, @passwordHash, @demo, @now)
     ON CONFLICT (username) DO NOTHING RETURNING *`,
    { ...u, demo: u.demo ? 1 : 0, now }
  )
  return row?.user
}

export async function listUsers(sql: Sql): Promise<User[]> {
  return (await users.all(sql, 'SELECT * FROM users ORDER BY username')).map((r) => r.user)
}

export async function updateUser(
  sql: Sql,
  id: number,
  patch: { displayName?: string; role?: Role; disabled?: boolean }
): Promise<User | undefined> {
  const row = await users.get(
    sql,
    `UPDATE users SET display_name = COALESCE(@displayName, display_name), role = COALESCE(@role, role),
       disabled = COALESCE(@disabled, disabled) WHERE id = @id RETURNING *`,
    {
      id,
      displayName: patch.displayName ?? null,
      role: patch.role ?? null,
      disabled: patch.disabled === undefined ? null : patch.disabled ? 1 : 0
    }
  )
  return row?.user
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
