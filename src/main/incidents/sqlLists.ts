import type { Sql } from '../db/sql'

/**
 * `column` is one of a list bound as one parameter: SQLite reads a JSON
 * array with json_each, PostgreSQL takes an array (`= ANY`, which the planner
 * turns into an index condition like IN).
 */
export function anyOf(sql: Sql, column: string, param: string): string {
  return sql.dialect === 'postgres'
    ? `${column} = ANY(${param})`
    : `${column} IN (SELECT value FROM json_each(${param}))`
}

/** The list as the parameter `anyOf` expects. */
export function listParam(sql: Sql, values: readonly (string | number)[]): unknown {
  return sql.dialect === 'postgres' ? [...values] : JSON.stringify(values)
}
