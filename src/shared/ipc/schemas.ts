import { z } from 'zod'
import type { Permission } from '../auth/roles'
import { channel, type AuditDecl } from './channel'

/** A moment as UTC epoch milliseconds, within what a Date can hold. */
export const epochMs = z.number().int().min(0).max(8.64e15)

/** The id of a stored row. */
export const rowId = z.number().int().positive()

/** The input of a call about one row: its id and nothing else. */
export const byId = z.object({ id: rowId }).strict()

/** A channel that deletes one row, given its id, and returns nothing. */
export function deleteById(permission: Permission, audit: AuditDecl) {
  return channel<null>()({ input: byId, permission, audit })
}
