import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { startPgCluster } from './pgCluster'
import { ensureNodeBuild, ROOT, watchroom } from './cli'
import { openDatabase, type WritableDb } from '../../src/main/db/database'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import { migratePg } from '../../src/main/db/postgres/migrate'
import { PG_MIGRATIONS } from '../../src/main/db/postgres/migrations'
import { importSightingsFileToPg } from '../../src/main/sightings/pgImport'
import { listCameraCodes } from '../../src/main/cameras/repository'

export const SAMPLE = path.join(ROOT, 'tests', 'fixtures', 'sample-city')

export type SampleBackends = { db: WritableDb; pool: pg.Pool; close(): Promise<void> }

/**
 * The sample city twice: a room's file imported through the CLI, and its pass
 * records COPYed into a migrated district in a throwaway cluster, so a test can
 * compare the two backends' answers. `prepareRoom` runs on the room before the
 * district reads its camera codes.
 */
export async function sampleOnBothBackends(
  prepareRoom: (db: WritableDb) => void = () => undefined
): Promise<SampleBackends> {
  ensureNodeBuild()
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'wr-sample-pg-')), 'room.db')
  for (const [kind, name] of [
    ['cameras', 'cameras.csv'],
    ['roads', 'roads.geojson'],
    ['sightings', 'sightings.csv']
  ]) {
    const r = watchroom(['--db', file, 'import', kind, path.join(SAMPLE, name)])
    if (r.status !== 0) throw new Error(r.stderr)
  }
  const db = openDatabase(file)
  prepareRoom(db)
  const cluster = await startPgCluster()
  const pool = new pg.Pool({ connectionString: cluster.createDatabase('district') })
  const c = await pool.connect()
  await migratePg(c, PG_MIGRATIONS)
  c.release()
  await importSightingsFileToPg(pool, path.join(SAMPLE, 'sightings.csv'), {
    timeZone: 'Asia/Shanghai',
    knownCameras: await listCameraCodes(sqliteSql(db))
  })
  return {
    db,
    pool,
    close: async () => {
      await pool.end()
      cluster.stop()
      db.close()
    }
  }
}
