import type { Params, Sql } from './sql'

/**
 * A table's reads through its row mapper, so a repository says once how a
 * row becomes its domain object instead of repeating
 * `(await sql.all<Row>(…)).map(toX)` and `row && toX(row)` in every read.
 */
export type RowReader<T> = {
  /** every row of the query, mapped */
  all(sql: Sql, text: string, params?: Params): Promise<T[]>
  /** the first row mapped, or undefined */
  get(sql: Sql, text: string, params?: Params): Promise<T | undefined>
}

export function rowReader<R, T>(map: (row: R) => T): RowReader<T> {
  return {
    all: async (sql, text, params) => (await sql.all<R>(text, params)).map((r) => map(r)),
    get: async (sql, text, params) => {
      const row = await sql.get<R>(text, params)
      return row === undefined ? undefined : map(row)
    }
  }
}
