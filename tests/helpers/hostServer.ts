import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export type RunningHost = {
  url: string
  dataDir: string
  process: ChildProcess
  stop(): Promise<void>
}

const ROOT = path.resolve(__dirname, '..', '..')

/**
 * Starts host mode (the built out/node/serve.cjs, as `npm run serve` does
 * after building) on a free port with a temporary data directory, and
 * resolves once it prints its URL. Demo loops are cached across runs.
 */
export async function startHost(
  opts: { dataDir?: string; env?: Record<string, string> } = {}
): Promise<RunningHost> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'wr-e2e-'))
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'out', 'node', 'serve.cjs'), '--port', '0', '--data-dir', dataDir],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        WATCHROOM_DEMO_CACHE:
          process.env.WATCHROOM_DEMO_CACHE ?? path.join(os.tmpdir(), 'watchroom-demo-cache'),
        ...opts.env
      },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host mode did not start:\n${output}`)), 60_000)
    const onData = (b: Buffer) => {
      output += b.toString()
      const m = /host mode: (http:\/\/\S+)/.exec(output)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`host mode exited with ${code}:\n${output}`))
    })
  })
  return {
    url,
    dataDir,
    process: child,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
