// A process that writes incidents and plate reads as fast as it can, one
// transaction per round, and reports each commit on stdout only after
// SQLite has returned from COMMIT. The kill test SIGKILLs it at random.
import { writeSync } from 'node:fs'
import { openDatabase } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import { createIncident } from '../../src/main/incidents/service'
import { prepareSightingInsert } from '../../src/main/sightings/repository'

const file = process.argv[2]
if (!file) throw new Error('usage: writer DB')
const db = openDatabase(file)
migrate(db)
db.prepare(
  "INSERT OR IGNORE INTO cameras (code, name, lat, lng, anpr, created_at, updated_at) VALUES ('W-1', '写入测试', 30.18, 120.26, 1, 0, 0)"
).run()
const insert = prepareSightingInsert(db)
const BATCH = 200
let round = 0
const sql = sqliteSql(db)
const write = () =>
  sql.tx(async (t) => {
    const now = Date.now()
    const incident = await createIncident(
      { sql: t, now, actor: 'writer' },
      {
        type: 'traffic',
        at: now,
        severity: 'medium',
        placeKind: 'point',
        cameraId: null,
        roadId: null,
        placeName: `测试地点 ${round}`,
        lat: 30.18,
        lng: 120.26,
        description: `kill test round ${round}`,
        linkedCameras: []
      }
    )
    const rows = Array.from({ length: BATCH }, (_, i) => ({
      cameraCode: 'W-1',
      ts: now + i,
      plate: `浙A${String((round * BATCH + i) % 100000).padStart(5, '0')}`,
      confidence: 0.9
    }))
    insert(rows)
    return incident.id
  })
// a CommonJS bundle has no top-level await
async function main(): Promise<never> {
  for (;;) {
    const id = await write()
    round++
    writeSync(1, `C ${id} ${round}\n`)
  }
}
main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
