import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  appOptionsFrom,
  DEFAULT_SLOW_QUERY_MS,
  parseDatabaseUrl,
  readEnvironment
} from '../../../../src/main/app/environment'

const MAIN = path.resolve(__dirname, '../../../../src/main')

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : []
  })

describe('the environment', () => {
  it('is read into typed options, with nonsense falling back to the defaults', () => {
    const e = readEnvironment({
      WATCHROOM_ADMIN_PASSWORD: 'pw',
      WATCHROOM_TZ: 'Europe/Berlin',
      WATCHROOM_DEMO: '0',
      WATCHROOM_PTZ_IDLE_S: '30',
      WATCHROOM_ALARM_THROTTLE_S: '1',
      WATCHROOM_PROBE_INTERVAL_MS: 'soon',
      WATCHROOM_TRANSCODE_BUDGET: '-3',
      WATCHROOM_SLOW_QUERY_MS: '0'
    })
    expect(e).toMatchObject({
      adminPassword: 'pw',
      timeZone: 'Europe/Berlin',
      demo: false,
      ptzIdleReleaseMs: 30_000,
      alarmThrottleMs: 1000,
      probeIntervalMs: undefined,
      transcodeBudget: undefined,
      slowQueryMs: 0
    })
    expect(readEnvironment({}).slowQueryMs).toBe(DEFAULT_SLOW_QUERY_MS)
    expect(readEnvironment({ WATCHROOM_DEMO: '1' }).demo).toBe(true)
    expect(appOptionsFrom(readEnvironment({ WATCHROOM_FFMPEG: '/opt/ffmpeg' })).ffmpegPath).toBe(
      '/opt/ffmpeg'
    )
  })

  it("names a district's PostgreSQL only by a postgres:// URL, and never echoes a mistyped one whole", () => {
    expect(readEnvironment({ WATCHROOM_DATABASE_URL: 'postgres://u@db/d' }).databaseUrl).toBe(
      'postgres://u@db/d'
    )
    expect(parseDatabaseUrl(undefined)).toBeUndefined()
    expect(parseDatabaseUrl('')).toBeUndefined()
    expect(parseDatabaseUrl('postgresql://u@db:5433/d')).toBe('postgresql://u@db:5433/d')
    expect(() => parseDatabaseUrl('postgress://u:secret@db/d')).toThrow(
      '--database-url must be a postgres://… URL (got "postgress:…")'
    )
    expect(() => parseDatabaseUrl('/var/lib/watchroom/watchroom.db')).toThrow(/postgres:\/\//)
  })

  it('is read only by the entry points: nothing else in main touches process.env', () => {
    const entries = new Set(['index.ts', 'host/serve.ts', 'cli/index.ts'])
    const readers = filesUnder(MAIN)
      .filter((f) => !entries.has(path.relative(MAIN, f).split(path.sep).join('/')))
      .filter((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          // the environment module names process.env in its own documentation
          .some((line) => /process\.env\b/.test(line) && !/^\s*(\*|\/\/)/.test(line))
      )
      .map((f) => path.relative(MAIN, f))
    expect(readers).toEqual([])
  })
})
