import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Sql } from '../db/sql'
import { getSetting, setSetting } from '../settings/repository'
import { importCamerasCsv, importRoadsGeoJson } from '../registry/service'
import { listCameras } from '../cameras/repository'
import { insertLayout, setDefaultLayout } from '../layouts/repository'
import { presetCells } from '../../shared/domain/layout'
import { countUsers, insertUser } from '../users/repository'
import { hashPassword } from '../users/password'
import { insertSightings } from '../sightings/repository'
import { SightingsCsvParser } from '../sightings/parser'
import type { Role } from '../../shared/auth/roles'
import { loadRoadGraph, recomputeClockOffsets } from '../lookup/service'
import type { Sighting } from '../../shared/domain/sighting'

/** The demo accounts' password: printed on the login screen, marked as demo. */
export const DEMO_PASSWORD = 'demo1234'

const DEMO_USERS: { username: string; displayName: string; role: Role }[] = [
  { username: 'admin', displayName: '管理员（演示）', role: 'admin' },
  { username: 'duty', displayName: '值班员（演示）', role: 'duty' },
  { username: 'supervisor', displayName: '值班长（演示）', role: 'supervisor' },
  { username: 'technician', displayName: '技术员（演示）', role: 'technician' }
]

/**
 * On first start with an empty database: the demo district (roads, cameras
 * served by the built-in demo source, an hour of plate reads ending now), a
 * 2×2 default wall and the demo accounts. Runs once; later starts keep
 * whatever the room changed.
 */
export async function seedDemoSite(
  sql: Sql,
  opts: { resourcesDir: string; now: number }
): Promise<boolean> {
  if (await getSetting<boolean>(sql, 'demo.seeded')) return false
  if ((await listCameras(sql, { includeArchived: true })).length > 0) return false
  const dir = path.join(opts.resourcesDir, 'demo')
  const roads = readFileSync(path.join(dir, 'roads.geojson'))
  const cameras = readFileSync(path.join(dir, 'cameras.csv'))
  const sightings = parseDemoSightings(
    readFileSync(path.join(dir, 'sightings.csv'), 'utf8'),
    opts.now
  )
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)))

  await sql.tx(async (t) => {
    const importOpts = { dryRun: false, actor: 'demo', now: opts.now }
    await importRoadsGeoJson(t, roads, importOpts)
    await importCamerasCsv(t, cameras, importOpts)
    await insertSightings(t, sightings)
    const first = (await listCameras(t)).slice(0, 4)
    const { cols, rows, cells } = presetCells(4)
    const layout = await insertLayout(
      t,
      { name: '演示 2×2', cols, rows, cells, cameraIds: cells.map((_, i) => first[i]?.id ?? null) },
      opts.now
    )
    await setDefaultLayout(t, layout.id)
    if ((await countUsers(t)) === 0)
      for (const [i, u] of DEMO_USERS.entries())
        await insertUser(t, { ...u, passwordHash: hashes[i], demo: true }, opts.now)
    await setSetting(t, 'demo.seeded', true)
  })
  await recomputeClockOffsets(sql, await loadRoadGraph(sql), opts.now)
  return true
}

/**
 * The demo's plate reads (with their checkpoint attributes) were recorded
 * over one hour of a simulated afternoon; shift them so that hour ends at
 * `now`, keeping every interval. Read by the production parser.
 */
function parseDemoSightings(csv: string, now: number): Sighting[] {
  const parser = new SightingsCsvParser({ batchSize: 1 << 20 })
  parser.push(csv)
  parser.end()
  if (parser.errorList.count > 0)
    throw new Error(`demo sightings: ${parser.errorList.errors[0]?.message ?? 'bad file'}`)
  const parsed = parser.ready.flat()
  const last = parsed.reduce((m, s) => Math.max(m, s.ts), 0)
  const shift = Math.floor(now / 60_000) * 60_000 - last
  for (const s of parsed) s.ts += shift
  return parsed
}
