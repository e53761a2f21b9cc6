import path from 'node:path'
import { parseArgs } from 'node:util'
import { createApp } from '../app/createApp'
import { startHostServer } from './server'
import { isLoopbackHost, loadOrCreateCertificate } from './tls'
import { DatabaseFromFutureError } from '../db/migrate'
import { DatabaseCorruptError } from '../db/corruption'
import { defaultDataDir, appRoot, appVersion } from '../app/paths'
import { appOptionsFrom, parseDatabaseUrl, readEnvironment } from '../app/environment'
import { redactUrl } from '../db/postgres/connect'

/**
 * `npm run serve`: host mode. The same app as the desktop shell, served to a
 * browser on 127.0.0.1 unless told otherwise.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      'public-url': { type: 'string' },
      'no-demo': { type: 'boolean' },
      'restore-backup': { type: 'boolean' },
      'allow-remote': { type: 'boolean' },
      'allowed-host': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' }
    }
  })
  if (values.help) {
    console.log(`Usage: npm run serve -- [--port N] [--data-dir DIR] [--host ADDR] [--no-demo]
  --port       port to listen on (env WATCHROOM_PORT; default 5780, 0 = any free port)
  --data-dir   where the database and recordings live (env WATCHROOM_DATA_DIR)
  --database-url postgres://…  a district's PostgreSQL instead of the room's own file (env
               WATCHROOM_DATABASE_URL); recordings, exports and keys stay in --data-dir
  --public-url URL  on a district, where the other rooms' servers reach this one (env
               WATCHROOM_PUBLIC_URL; default its listen address)
  --host       address to bind (env WATCHROOM_HOST; default 127.0.0.1)
  --no-demo    do not create the demo district in an empty database
  --allow-remote  required to bind a non-loopback address (env WATCHROOM_ALLOW_REMOTE=1); serves HTTPS;
               never with the demo district (its passwords are public)
  --allowed-host NAME  a host name workstations use to reach this server (repeatable;
               env WATCHROOM_ALLOWED_HOSTS, comma separated); other Host headers are refused
  --restore-backup   put the newest backup in place of a damaged database (kept aside), then start`)
    return
  }
  const env = readEnvironment(process.env)
  const port = Number(values.port ?? process.env.WATCHROOM_PORT ?? 5780)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`Invalid port: ${values.port}`)
  const host = values.host ?? process.env.WATCHROOM_HOST ?? '127.0.0.1'
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir(process.platform, process.env))
  const remote = !isLoopbackHost(host)
  if (remote && !(values['allow-remote'] || process.env.WATCHROOM_ALLOW_REMOTE === '1'))
    throw new Error(
      `Refusing to listen on ${host}: other machines could reach it. Pass --allow-remote (HTTPS with a login) to do so.`
    )
  const databaseUrl = parseDatabaseUrl(values['database-url'] ?? env.databaseUrl)
  const root = appRoot()
  const demo = !values['no-demo'] && env.demo !== false
  const demoRefusal = `Refusing to serve the demo district on ${host}: its accounts have public passwords. Start a real room with --no-demo and a new data directory.`
  if (remote && demo) throw new Error(demoRefusal)

  const app = await createApp({
    ...appOptionsFrom(env),
    dataDir,
    resourcesDir: path.join(root, 'resources'),
    transport: 'http',
    mediaBase: '/media',
    version: appVersion(),
    databaseUrl,
    demo,
    // `ask` shows the first-start setup screen; on loopback only, where nobody else can answer it first
    firstStart: process.env.WATCHROOM_FIRST_START === 'ask' && !remote ? 'ask' : 'generate',
    restoreBackup: values['restore-backup'] ?? false
  })
  if (remote && app.deps.info.demo) {
    // a data directory that holds the demo district stays a demo, whatever the flags say
    await app.close()
    throw new Error(demoRefusal)
  }
  const tls = remote ? await loadOrCreateCertificate(dataDir, host) : undefined
  const server = await startHostServer(app, {
    host,
    port,
    rendererDir: path.join(root, 'out', 'renderer'),
    tls,
    allowedHosts: [
      ...(values['allowed-host'] ?? []),
      ...(process.env.WATCHROOM_ALLOWED_HOSTS ?? '').split(',').filter(Boolean)
    ].map((h) => h.trim())
  })
  if (app.room) {
    // the URL other rooms of the district reach this one at: its listen address unless said otherwise
    const publicUrl = values['public-url'] ?? process.env.WATCHROOM_PUBLIC_URL ?? server.url
    if (!/^https?:\/\/[^/\s]+\/?$/i.test(publicUrl)) {
      await server.close()
      await app.close()
      throw new Error(`--public-url must be http(s)://HOST[:PORT]/, not ${publicUrl}`)
    }
    await app.room.register(publicUrl)
    console.log(`room ${app.room.id} on the district at ${publicUrl}`)
  }
  console.log(`WatchRoom host mode: ${server.url}`)
  console.log(`data directory: ${dataDir}`)
  if (databaseUrl) console.log(`district database: ${redactUrl(databaseUrl)}`)

  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    console.log(`${signal}: shutting down`)
    void server
      .close()
      .then(() => app.close())
      .finally(() => process.exit(0))
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

main().catch((err: unknown) => {
  if (err instanceof DatabaseFromFutureError) console.error(`watchroom: ${err.message}`)
  else if (err instanceof DatabaseCorruptError)
    console.error(
      `watchroom: ${err.message}\n` +
        (err.backups.length
          ? 'Start again with --restore-backup to restore the newest backup (the damaged file is kept).'
          : '')
    )
  else console.error('watchroom: failed to start:', err)
  process.exit(1)
})
