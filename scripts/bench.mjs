// `npm run bench`: runs every scripts/bench/*.bench.ts in turn (with tsx),
// each printing its own figures and ratios. `npm run bench -- wall lookup`
// runs only the benches whose names contain one of the words.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const dir = path.join(root, 'scripts', 'bench')
// words before the first `--flag` pick benches; the flags and what follows go to each bench
// (`npm run bench -- lookup-scale --rows 1500000`)
const argv = process.argv.slice(2)
const firstFlag = argv.findIndex((a) => a.startsWith('--'))
const filters = firstFlag < 0 ? argv : argv.slice(0, firstFlag)
const passed = firstFlag < 0 ? [] : argv.slice(firstFlag)
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort()

let failed = 0
for (const f of benches) {
  console.log(`\n=== ${f.replace('.bench.ts', '')} ===`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, f), ...passed], {
    cwd: root,
    stdio: 'inherit'
  })
  if (r.status !== 0) {
    failed++
    console.log(`(${f} exited with ${r.status})`)
  }
}
if (benches.length === 0) console.log('no benches matched')
process.exitCode = failed ? 1 : 0
