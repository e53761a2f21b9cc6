// Bundles the plain-Node entry points (CLI, host mode) into out/node with
// esbuild. Runs in `prepare`, so `npx watchroom` works right after `npm ci`.
// npm packages stay external: better-sqlite3 is native and loads its own build.
import { build } from 'esbuild'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))

/** Vite's `?raw` suffix (migrations are .sql files imported as text). */
const rawPlugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path.replace(/\?raw$/, '')),
      namespace: 'raw'
    }))
    b.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'text'
    }))
  }
}

await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/main/cli/index.ts', serve: 'src/main/host/serve.ts' },
  outdir: 'out/node',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [rawPlugin]
})
