import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** Debian's PostgreSQL 15 (`apt-get install postgresql`); PG_BIN overrides. */
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'

export type PgCluster = {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string
  port: number
  dir: string
  /** a fresh empty database in this cluster; returns its URL */
  createDatabase(name: string): string
  stop(): void
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() =>
        addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))
      )
    })
  })
}

/**
 * A throwaway PostgreSQL cluster: initdb in a temp dir, started on a free
 * port, trust auth on loopback only, fsync off (the data dies with the test).
 * PostgreSQL refuses to run as root, and CI runs as root, so the server
 * processes then run as `nobody`.
 */
export async function startPgCluster(
  /** extra server settings (`-c name=value`), after and so over the defaults above */
  settings: Readonly<Record<string, string | number>> = {}
): Promise<PgCluster> {
  if (!existsSync(path.join(PG_BIN, 'initdb')))
    throw new Error(`PostgreSQL not found in ${PG_BIN}: apt-get install postgresql (or set PG_BIN)`)
  const dir = mkdtempSync(path.join(tmpdir(), 'watchroom-pg-'))
  const data = path.join(dir, 'data')
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    chmodSync(dir, 0o777)
    execFileSync('chown', ['nobody', dir])
  }
  const run = (bin: string, args: string[]): void => {
    const [cmd, argv] = asRoot
      ? ['runuser', ['-u', 'nobody', '--', path.join(PG_BIN, bin), ...args]]
      : [path.join(PG_BIN, bin), args]
    const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: dir })
    if (r.status !== 0)
      throw new Error(`${bin} failed (${r.status}): ${r.stderr || r.stdout || r.error?.message}`)
  }
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '-N'])
  const port = await freePort()
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    '-o',
    [
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)
    ].join(' '),
    'start'
  ])
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  let stopped = false
  return {
    url,
    port,
    dir,
    createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`)
      run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name])
      return `postgres://postgres@127.0.0.1:${port}/${name}`
    },
    stop() {
      if (stopped) return
      stopped = true
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
}
