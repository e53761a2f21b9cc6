import type { Sql } from '../db/sql'
import { getSetting } from '../settings/repository'
import {
  DEFAULT_DEPARTMENTS,
  DEFAULT_INCIDENT_TYPES,
  type CodeName
} from '../../shared/domain/incident'

export const TYPES_KEY = 'incidents.types'
export const DEPARTMENTS_KEY = 'incidents.departments'

/** The configured incident types (the room's list, or the defaults). */
export async function getIncidentTypes(sql: Sql): Promise<CodeName[]> {
  return (await getSetting<CodeName[]>(sql, TYPES_KEY)) ?? [...DEFAULT_INCIDENT_TYPES]
}

/** The configured departments that may be notified. */
export async function getDepartments(sql: Sql): Promise<CodeName[]> {
  return (await getSetting<CodeName[]>(sql, DEPARTMENTS_KEY)) ?? [...DEFAULT_DEPARTMENTS]
}

/** The room's name of a type code (the code itself when unknown, e.g. a type removed later). */
export async function typeName(sql: Sql, code: string): Promise<string> {
  return (await getIncidentTypes(sql)).find((t) => t.code === code)?.name ?? code
}
