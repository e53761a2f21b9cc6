/**
 * Every environment variable the app itself understands, read in one place.
 * The entry points (index.ts, host/serve.ts, cli/index.ts) call
 * `readEnvironment(process.env)` once and pass the values down as options;
 * nothing below them reads `process.env`, so a test or a second room in one
 * process configures the app by its options alone.
 */
export type Environment = {
  /** WATCHROOM_ADMIN_PASSWORD: the first admin's password (provisioning, tests); no setup screen then */
  adminPassword?: string
  /** WATCHROOM_TZ: the room's time zone (default DEFAULT_ROOM_ZONE, shared/domain/roomTime.ts) */
  timeZone?: string
  /** WATCHROOM_FFMPEG: the ffmpeg binary to use instead of the bundled or system one */
  ffmpegPath?: string
  /** WATCHROOM_DEMO: `1` asks for the demo district in an empty database, `0` for a real room */
  demo?: boolean
  /** WATCHROOM_DEMO_CACHE: where rendered demo loops are cached (shared across data dirs) */
  demoCacheDir?: string
  /** WATCHROOM_TRANSCODE_BUDGET: how many live streams may be transcoded at once (default 2; 0 turns transcoding off) */
  transcodeBudget?: number
  /** WATCHROOM_PROBE_INTERVAL_MS: how often the health prober checks every camera (default 15 s) */
  probeIntervalMs?: number
  /** WATCHROOM_PTZ_IDLE_S: seconds of no command after which a held dome is released (default 60) */
  ptzIdleReleaseMs?: number
  /** WATCHROOM_ALARM_THROTTLE_S: least seconds between two alarms of one camera and kind */
  alarmThrottleMs?: number
  /** WATCHROOM_SLOW_QUERY_MS: log SQL statements slower than this, with their plan (default 40; 0: off) */
  slowQueryMs: number
  /**
   * WATCHROOM_DATABASE_URL: a district's PostgreSQL (postgres://…). Host mode
   * keeps everything there; the CLI's commands work on it; the desktop app
   * ignores it (it uses its own file, or a district's host-mode server).
   */
  databaseUrl?: string
}

/** About the threshold STYLE.md names: a statement this slow is felt as a stutter in the UI. */
export const DEFAULT_SLOW_QUERY_MS = 40

const text = (v: string | undefined): string | undefined => (v ? v : undefined)

/** A positive number, or undefined for absent, empty or nonsense (the option's default applies). */
const positive = (v: string | undefined, scale = 1): number | undefined => {
  const n = Number(v)
  return v && Number.isFinite(n) && n > 0 ? n * scale : undefined
}

/** A whole number ≥ 0, or undefined for absent, empty or nonsense. */
const wholeOrZero = (v: string | undefined): number | undefined => {
  const n = Number(v)
  return v && Number.isInteger(n) && n >= 0 ? n : undefined
}

export function readEnvironment(env: NodeJS.ProcessEnv): Environment {
  const slow = Number(env.WATCHROOM_SLOW_QUERY_MS)
  return {
    adminPassword: text(env.WATCHROOM_ADMIN_PASSWORD),
    timeZone: text(env.WATCHROOM_TZ),
    ffmpegPath: text(env.WATCHROOM_FFMPEG),
    demo: env.WATCHROOM_DEMO ? env.WATCHROOM_DEMO !== '0' : undefined,
    demoCacheDir: text(env.WATCHROOM_DEMO_CACHE),
    // 0 is meaningful: transcoding off
    transcodeBudget: wholeOrZero(env.WATCHROOM_TRANSCODE_BUDGET),
    probeIntervalMs: positive(env.WATCHROOM_PROBE_INTERVAL_MS),
    ptzIdleReleaseMs: positive(env.WATCHROOM_PTZ_IDLE_S, 1000),
    alarmThrottleMs: positive(env.WATCHROOM_ALARM_THROTTLE_S, 1000),
    slowQueryMs:
      env.WATCHROOM_SLOW_QUERY_MS !== undefined && Number.isFinite(slow) && slow >= 0
        ? slow
        : DEFAULT_SLOW_QUERY_MS,
    databaseUrl: text(env.WATCHROOM_DATABASE_URL)
  }
}

/**
 * A database URL from `--database-url` or the environment: undefined for
 * none (the room's SQLite file), the URL for a PostgreSQL one; anything else
 * is refused before a connection is tried (a typo must not start a room on
 * its own file while the operator believes it is in the district).
 */
export function parseDatabaseUrl(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined
  if (!/^postgres(ql)?:\/\//.test(url))
    // only the scheme is echoed: a mistyped URL may still carry a password
    throw new Error(`--database-url must be a postgres://… URL (got "${url.split(':')[0]}:…")`)
  return url
}

/** The part of the environment that `createApp` takes as options (the entry points add their own). */
export function appOptionsFrom(e: Environment) {
  return {
    adminPassword: e.adminPassword,
    timeZone: e.timeZone,
    ffmpegPath: e.ffmpegPath,
    demoCacheDir: e.demoCacheDir,
    transcodeBudget: e.transcodeBudget,
    probeIntervalMs: e.probeIntervalMs,
    ptzIdleReleaseMs: e.ptzIdleReleaseMs,
    alarmThrottleMs: e.alarmThrottleMs,
    slowQueryMs: e.slowQueryMs
  }
}
