import pg from 'pg'

const INT8_OID = 20

/**
 * bigint columns as numbers: every id and epoch-ms time fits in 2^53, and
 * the app's types (and the audit hashes, which stringify them) are numbers.
 * A value that would not fit is refused rather than silently rounded.
 */
const parseInt8 = (text: string): number => {
  const n = Number(text)
  if (!Number.isSafeInteger(n)) throw new Error(`bigint ${text} does not fit a JavaScript number`)
  return n
}

const defaultParser = pg.types.getTypeParser.bind(pg.types) as (
  oid: number,
  format?: 'text' | 'binary'
) => (value: string) => unknown

export const districtTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? parseInt8
      : defaultParser(oid, format)) as pg.CustomTypesConfig['getTypeParser']
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(an unparsable URL)'
  }
}

/**
 * One connection to the district. `applicationName` is how other rooms tell
 * this writer's change notifications from their own (`origin`).
 */
export async function connectDistrict(
  url: string,
  opts: { applicationName?: string } = {}
): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    types: districtTypes,
    application_name: opts.applicationName ?? 'watchroom'
  })
  try {
    await client.connect()
  } catch (err) {
    await client.end().catch(() => undefined)
    throw new Error(
      `cannot connect to the district database ${redactUrl(url)}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err }
    )
  }
  return client
}
