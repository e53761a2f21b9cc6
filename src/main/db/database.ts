import Database from 'better-sqlite3'
import { formatSlowQuery, watchSlowQueries, type SlowQuery } from './slowQueries'

declare const writable: unique symbol
/** A connection that may be written to. Repositories that write ask for this. */
export type WritableDb = Database.Database & { readonly [writable]: true }
/** Any connection; read-only repositories ask for this. */
export type ReadableDb = Database.Database

export type OpenOptions = {
  readonly?: boolean
  /**
   * Path to a better_sqlite3.node built for the running runtime. Electron's
   * ABI differs from Node's, so the desktop shell passes its own build; plain
   * Node (tests, CLI, host mode) uses the package's default build.
   */
  nativeBinding?: string
  /** log statements slower than this many ms, with their query plan (0 or absent: off) */
  slowQueryMs?: number
  /** where slow statements go (default: console.warn) */
  onSlowQuery?: (q: SlowQuery) => void
}

/**
 * Opens (creating if needed) a database file with the pragmas every
 * connection needs: WAL so readers never block the writer, foreign keys on,
 * and a busy timeout so a second process (the CLI next to the app) waits
 * instead of failing.
 */
export function openDatabase(file: string, options: OpenOptions = {}): WritableDb {
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    nativeBinding: options.nativeBinding
  })
  if (!options.readonly) db.pragma('journal_mode = WAL')
  // NORMAL in WAL mode loses no committed transaction when the process is
  // killed; only an OS crash or power loss may roll back the last ones.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // deleted and overwritten content is zeroed, not left in free space: a stream URL that once
  // carried a password (moved into the sealed field since) is not readable from the file
  db.pragma('secure_delete = ON')
  if (options.slowQueryMs && options.slowQueryMs > 0)
    watchSlowQueries(
      db,
      options.slowQueryMs,
      options.onSlowQuery ?? ((q) => console.warn(formatSlowQuery(q)))
    )
  if (!options.readonly) takeWriteLockFirst(db)
  return db as WritableDb
}

/**
 * Makes `db.transaction(fn)()` begin IMMEDIATE. The room's file has more
 * than one writer (the main thread's connection, the database worker's
 * writer during an import, the command line): a DEFERRED transaction that
 * reads before it writes fails at once with SQLITE_BUSY when another holds
 * the write lock (SQLite cannot let it wait: its snapshot would be stale),
 * whereas BEGIN IMMEDIATE waits its turn (busy_timeout). `.deferred()` stays
 * available for read-only transactions.
 */
function takeWriteLockFirst(db: Database.Database): void {
  const transaction = db.transaction.bind(db)
  db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const tx = transaction(fn)
    const immediate = (...args: unknown[]) => tx.immediate(...args)
    return Object.assign(immediate, {
      default: immediate,
      deferred: (...args: unknown[]) => tx.deferred(...args),
      immediate,
      exclusive: (...args: unknown[]) => tx.exclusive(...args)
    })
  }) as typeof db.transaction
}

/** An in-memory database with every migration applied (tests). */
export function openMemoryDatabase(): WritableDb {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  return db as WritableDb
}

/** Runs `fn` in one transaction (BEGIN IMMEDIATE: take the write lock up front). */
export function inTransaction<T>(db: WritableDb, fn: () => T): T {
  return db.transaction(fn).immediate()
}
