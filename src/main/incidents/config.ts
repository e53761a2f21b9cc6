import type { ReadableDb } from '../db/database'
import { getSetting } from '../settings/repository'
import {
  DEFAULT_DEPARTMENTS,
  DEFAULT_INCIDENT_TYPES,
  type CodeName
} from '../../shared/domain/incident'

export const TYPES_KEY = 'incidents.types'
export const DEPARTMENTS_KEY = 'incidents.departments'

/** The configured incident types (the room's list, or the defaults). */
export function getIncidentTypes(db: ReadableDb): CodeName[] {
  return getSetting<CodeName[]>(db, TYPES_KEY) ?? [...DEFAULT_INCIDENT_TYPES]
}

/** The configured departments that may be notified. */
export function getDepartments(db: ReadableDb): CodeName[] {
  return getSetting<CodeName[]>(db, DEPARTMENTS_KEY) ?? [...DEFAULT_DEPARTMENTS]
}

/** The room's name of a type code (the code itself when unknown, e.g. a type removed later). */
export function typeName(db: ReadableDb, code: string): string {
  return getIncidentTypes(db).find((t) => t.code === code)?.name ?? code
}
