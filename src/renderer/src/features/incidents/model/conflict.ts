import type { Incident, IncidentFields } from '../../../../../shared/domain/incident'

/** The fields the edit form writes, in the form's order (the conflict table lists them so). */
export const EDITABLE_FIELDS = [
  'type',
  'at',
  'severity',
  'placeKind',
  'cameraId',
  'roadId',
  'placeName',
  'lat',
  'lng',
  'description',
  'linkedCameras'
] as const satisfies readonly (keyof IncidentFields)[]

export type EditableField = (typeof EDITABLE_FIELDS)[number]

/** What the edit form holds of an incident. */
export function fieldsOf(i: Incident): IncidentFields {
  return Object.fromEntries(EDITABLE_FIELDS.map((k) => [k, i[k]])) as IncidentFields
}

/** Field values are JSON (numbers, strings, null, arrays of plain objects): equal when they serialize alike. */
export const sameValue = (a: unknown, b: unknown): boolean =>
  JSON.stringify(a) === JSON.stringify(b)

/** The fields in which two versions differ, in form order. */
export function changedFields(theirs: IncidentFields, mine: IncidentFields): EditableField[] {
  return EDITABLE_FIELDS.filter((k) => !sameValue(theirs[k], mine[k]))
}

/**
 * A save refused because someone saved first: the user's unsaved fields, the
 * version their form was opened on, and the version now stored.
 */
export type Conflict = { mine: IncidentFields; base: Incident; theirs: Incident }

/** What to do when a save comes back with `conflict` and the stored version. */
export type ConflictOutcome =
  { kind: 'retry'; over: Incident } | { kind: 'ask'; conflict: Conflict }

/**
 * Only the workflow, notifications or attachments moved on (nothing the form
 * edits differs from the version it was opened on): save over the new version
 * without asking. Otherwise the user chooses, with their text kept.
 */
export function onSaveConflict(
  mine: IncidentFields,
  base: Incident,
  current: Incident
): ConflictOutcome {
  return changedFields(fieldsOf(current), fieldsOf(base)).length === 0
    ? { kind: 'retry', over: current }
    : { kind: 'ask', conflict: { mine, base, theirs: current } }
}

/**
 * Both descriptions in one text, nothing said twice: a side that did not
 * change gives way to the other; when both added to the text the form was
 * opened on, their version is followed by what the user added (on the same
 * line when the addition starts with punctuation, a space or a new line, as
 * in 纠纷，已调解 + ，顾客称被推搡); otherwise theirs, a new line, then mine.
 */
export function mergeDescription(base: string, theirs: string, mine: string): string {
  if (mine === theirs || theirs === base || theirs.trim() === '') return mine
  if (mine === base || mine.trim() === '') return theirs
  if (theirs.includes(mine)) return theirs
  if (mine.includes(theirs)) return mine
  if (base !== '' && theirs.startsWith(base) && mine.startsWith(base)) {
    const added = mine.slice(base.length)
    return /^[\p{P}\s]/u.test(added) ? `${theirs}${added}` : `${theirs}\n${added}`
  }
  return `${theirs}\n${mine}`
}

/**
 * "Merge and keep editing": the user's fields, their description merged with
 * the stored one, and any other field only the other side changed taken from
 * the stored version. The result is edited on top of the stored version.
 */
export function mergeConflict(c: Conflict): IncidentFields {
  const base = fieldsOf(c.base)
  const theirs = fieldsOf(c.theirs)
  const merged: Record<string, unknown> = { ...c.mine }
  for (const k of EDITABLE_FIELDS)
    if (sameValue(c.mine[k], base[k]) && !sameValue(theirs[k], base[k])) merged[k] = theirs[k]
  merged.description = mergeDescription(base.description, theirs.description, c.mine.description)
  return merged as IncidentFields
}
