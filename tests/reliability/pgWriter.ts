// A room server writing to the district as fast as it can: each round is one
// transaction with an incident and a COPY of plate reads sent in several
// chunks, so that a kill can land in the middle of the COPY. It reports
// "W round" once the first chunk is on the wire and "C round" only after
// PostgreSQL has answered COMMIT. The kill test SIGKILLs it.
import { writeSync } from 'node:fs'
import { connectDistrict } from '../../src/main/db/postgres/connect'
import { createPgSightingWriter } from '../../src/main/sightings/pgRepository'
import type { Sighting } from '../../src/shared/domain/sighting'

const [url, trial] = process.argv.slice(2)
if (!url || !trial) throw new Error('usage: pgWriter URL TRIAL')
const BATCH = 1000
const CHUNK = 100
// one UTC day per trial, inside the range the test reads
const DAY = Date.UTC(2026, 5, 1) + Number(trial) * 86_400_000

async function main(): Promise<void> {
  const client = await connectDistrict(url, { applicationName: `writer-${trial}` })
  for (let round = 1; ; round++) {
    await client.query('BEGIN')
    await client.query(
      `INSERT INTO incidents (type, at, severity, place_kind, place_name, created_at, created_by, updated_at)
       VALUES ('traffic', $1, 'medium', 'point', $2, $1, 'writer', $1)`,
      [DAY + round, `T${trial}R${round}`]
    )
    const writer = createPgSightingWriter(client)
    for (let i = 0; i < BATCH; i += CHUNK) {
      const rows: Sighting[] = Array.from({ length: CHUNK }, (_, j) => ({
        cameraCode: 'W-1',
        ts: DAY + round * 1000 + i + j,
        plate: `T${trial}R${round}`,
        confidence: 0.9,
        vehicleColor: 'white'
      }))
      await writer.write(rows)
      if (i === 0) writeSync(1, `W ${round}\n`)
    }
    await writer.end()
    await client.query('COMMIT')
    writeSync(1, `C ${round}\n`)
  }
}
void main().catch((err: unknown) => {
  process.stderr.write(`pgWriter: ${String(err)}\n`)
  process.exit(1)
})
