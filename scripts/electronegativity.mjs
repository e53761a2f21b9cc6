// Runs Doyensec's electronegativity over the sources (its CLI is broken by a
// hoisted commander, so we call its runner). Fails on any HIGH or MEDIUM
// finding that is not explained in scripts/electronegativity-allow.json.
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const run = require('@doyensec/electronegativity/dist/runner.js')
const electronVersion = require('electron/package.json').version
const allow = JSON.parse(
  readFileSync(path.join(root, 'scripts', 'electronegativity-allow.json'), 'utf8')
)

const silence = console.log
console.log = () => {}
let result
try {
  result = await run({
    input: path.join(root, 'src'),
    isRelative: true,
    electronVersionOverride: electronVersion
  })
} finally {
  console.log = silence
}

const issues = result.issues ?? []
const serious = issues.filter((i) =>
  ['HIGH', 'MEDIUM'].includes(String(i.severity?.name ?? i.severity).toUpperCase())
)
const key = (i) =>
  `${i.id}:${path
    .relative(root, path.resolve(root, 'src', i.file))
    .split(path.sep)
    .join('/')}`
const unexplained = serious.filter((i) => !allow[key(i)] && !allow[i.id])
for (const i of issues) {
  const sev = String(i.severity?.name ?? i.severity)
  const why = allow[key(i)] ?? allow[i.id]
  console.log(
    `${sev.padEnd(13)} ${i.id.padEnd(36)} ${i.file}:${i.location?.line ?? ''}${why ? `  (explained: ${why})` : ''}`
  )
}
console.log(
  `electronegativity: ${issues.length} finding(s), ${serious.length} high/medium, ${unexplained.length} unexplained`
)
if (unexplained.length) process.exitCode = 1
