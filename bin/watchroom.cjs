#!/usr/bin/env node
'use strict'
// The CLI is bundled into out/node by `npm run build:node` (run by `prepare`
// on every npm install/ci). From a checkout without it, say how to get it.
const path = require('node:path')
const bundle = path.join(__dirname, '..', 'out', 'node', 'cli.cjs')
let cli
try {
  cli = require(bundle)
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('cli.cjs')) {
    process.stderr.write(
      'watchroom: the CLI is not built yet; run `npm run build:node` (npm install does it).\n'
    )
    process.exit(1)
  }
  throw err
}
// `watchroom … | head` closes the pipe early: that is not an error
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(0)
  throw err
})
cli.runCli(process.argv).then((code) => {
  process.exitCode = code
})
