import m0001 from './0001-sightings.sql?raw'

/**
 * The PostgreSQL schema steps, in order, under the same rules as the SQLite
 * list (../../migrations/index.ts): append only, explicit, numbered from 1.
 */
export const PG_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: '0001-sightings', sql: m0001 }
]
