// Bundles the plain-Node entry points (CLI, host mode) into out/node with
// esbuild. Runs in `prepare`, so `npx watchroom` works right after `npm ci`.
// npm packages stay external: better-sqlite3 is native and loads its own build.
import { build } from 'esbuild'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { rawPlugin } from './esbuild-raw.mjs'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))

await build({
  absWorkingDir: root,
  entryPoints: {
    cli: 'src/main/cli/index.ts',
    serve: 'src/main/host/serve.ts',
    // the database worker (src/main/db/dbWorker.ts finds it beside serve.cjs)
    dbWorker: 'src/main/db/worker.ts',
    lookupWorker: 'src/main/lookup/worker.ts'
  },
  outdir: 'out/node',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  // src/main/media/ffmpeg.ts falls back to __filename when bundled to CommonJS
  logOverride: { 'empty-import-meta': 'silent' },
  plugins: [rawPlugin]
})
