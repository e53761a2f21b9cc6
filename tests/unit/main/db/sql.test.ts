import { expect, it } from 'vitest'
import { describeBackends } from '../../../helpers/backends'
import { column, value, type Sql } from '../../../../src/main/db/sql'
import { compilePlaceholders, openPgSql } from '../../../../src/main/db/postgres/pgSql'

async function createNotes(sql: Sql): Promise<void> {
  const id = sql.dialect === 'sqlite' ? 'INTEGER PRIMARY KEY' : 'bigserial PRIMARY KEY'
  await sql.run(
    `CREATE TABLE notes (id ${id}, body text NOT NULL, flag integer NOT NULL DEFAULT 0)`
  )
}

const bodies = (sql: Sql): Promise<string[]> =>
  column<string>(sql, 'SELECT body FROM notes ORDER BY id')

/** a promise and the function that settles it */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void
  const wait = new Promise<void>((resolve) => (open = resolve))
  return { wait, open }
}

/** lets every queued callback and pending I/O of this turn run */
const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve))
}

it('compiles ? and @name to $n, leaving literals, quoted names and comments alone', () => {
  expect(compilePlaceholders('SELECT \'?\', "a?", ? -- ?\n, ?').text).toBe(
    'SELECT \'?\', "a?", $1 -- ?\n, $2'
  )
  const named = compilePlaceholders("SELECT @a, @b, @a, 'x@y', 'it''s @c'")
  expect(named.text).toBe("SELECT $1, $2, $1, 'x@y', 'it''s @c'")
  expect(named.names).toEqual(['a', 'b'])
  expect(() => compilePlaceholders('SELECT ?, @a')).toThrow(/mixed/)
})

describeBackends('Sql', (b) => {
  it('binds ? and @name placeholders, leaving a ? inside a string literal', async () => {
    const sql = b.sql()
    expect(await sql.get("SELECT '?' AS q, ? AS v, ? AS w", ['one', 'two'])).toEqual({
      q: '?',
      v: 'one',
      w: 'two'
    })
    await createNotes(sql)
    await sql.run("INSERT INTO notes (body, flag) VALUES ('?', ?)", [7])
    expect(await sql.get('SELECT body, flag FROM notes WHERE flag = ?', [7])).toEqual({
      body: '?',
      flag: 7
    })
    expect(await sql.get("SELECT @a AS a, @b AS b, @a || '@a?' AS c", { a: 'x', b: 'y' })).toEqual({
      a: 'x',
      b: 'y',
      c: 'x@a?'
    })
  })

  it('stores booleans as the 0/1 integers the schemas use', async () => {
    const sql = b.sql()
    await createNotes(sql)
    await sql.run('INSERT INTO notes (body, flag) VALUES (?, ?)', ['yes', true])
    await sql.run('INSERT INTO notes (body, flag) VALUES (@body, @flag)', {
      body: 'no',
      flag: false
    })
    expect(await sql.all('SELECT body, flag FROM notes ORDER BY id')).toEqual([
      { body: 'yes', flag: 1 },
      { body: 'no', flag: 0 }
    ])
    expect(await value(sql, 'SELECT count(*) AS n FROM notes WHERE flag = ?', [true])).toBe(1)
  })

  it('returns generated ids through RETURNING and counts changes', async () => {
    const sql = b.sql()
    await createNotes(sql)
    const first = await sql.get<{ id: number }>(
      'INSERT INTO notes (body) VALUES (?) RETURNING id',
      ['a']
    )
    const second = await sql.get<{ id: number }>(
      'INSERT INTO notes (body) VALUES (?) RETURNING id',
      ['b']
    )
    expect(typeof first?.id).toBe('number')
    expect(second?.id).toBe((first?.id ?? 0) + 1)
    expect(await sql.run('UPDATE notes SET flag = 1')).toEqual({ changes: 2 })
    expect(await sql.run('DELETE FROM notes WHERE id = ?', [-1])).toEqual({ changes: 0 })
    expect(await sql.get('SELECT body FROM notes WHERE id = ?', [-1])).toBeUndefined()
  })

  it('commits a transaction and gives back its value', async () => {
    const sql = b.sql()
    await createNotes(sql)
    const n = await sql.tx(async (t) => {
      await t.run("INSERT INTO notes (body) VALUES ('a')")
      await t.run("INSERT INTO notes (body) VALUES ('b')")
      return value<number>(t, 'SELECT count(*) AS n FROM notes')
    })
    expect(Number(n)).toBe(2)
    expect(await bodies(sql)).toEqual(['a', 'b'])
  })

  it('rolls a transaction back when its body throws, also for writes through the root', async () => {
    const sql = b.sql()
    await createNotes(sql)
    await sql.run("INSERT INTO notes (body) VALUES ('kept')")
    await expect(
      sql.tx(async (t) => {
        await t.run("INSERT INTO notes (body) VALUES ('through t')")
        await sql.run("INSERT INTO notes (body) VALUES ('through the root')")
        expect(await bodies(t)).toEqual(['kept', 'through t', 'through the root'])
        throw new Error('refused')
      })
    ).rejects.toThrow('refused')
    expect(await bodies(sql)).toEqual(['kept'])
  })

  it('rolls back when a statement inside fails, and the connection stays usable', async () => {
    const sql = b.sql()
    await createNotes(sql)
    await expect(
      sql.tx(async (t) => {
        await t.run("INSERT INTO notes (body) VALUES ('a')")
        await t.run('INSERT INTO notes (body) VALUES (NULL)')
      })
    ).rejects.toThrow()
    expect(await bodies(sql)).toEqual([])
    await sql.run("INSERT INTO notes (body) VALUES ('after')")
    expect(await bodies(sql)).toEqual(['after'])
  })

  it('joins a transaction started inside a transaction', async () => {
    const sql = b.sql()
    await createNotes(sql)
    await expect(
      sql.tx(async (t) => {
        await t.run("INSERT INTO notes (body) VALUES ('outer')")
        const seen = await sql.tx(async (inner) => {
          await inner.run("INSERT INTO notes (body) VALUES ('inner')")
          return bodies(inner)
        })
        expect(seen).toEqual(['outer', 'inner'])
        throw new Error('undo both')
      })
    ).rejects.toThrow('undo both')
    expect(await bodies(sql)).toEqual([])
  })

  it('keeps another caller’s write out of a transaction that awaits other I/O', async () => {
    const sql = b.sql()
    await createNotes(sql)
    const opened = gate()
    const released = gate()
    const order: string[] = []
    const a = sql
      .tx(async (t) => {
        await t.run("INSERT INTO notes (body) VALUES ('a')")
        opened.open()
        // the transaction waits on something that is not the database
        await released.wait
        order.push('a rolls back')
        throw new Error('undo a')
      })
      .catch((err: unknown) => (err instanceof Error ? err.message : String(err)))
    await opened.wait
    const other = sql.run("INSERT INTO notes (body) VALUES ('other')").then((r) => {
      order.push('other written')
      return r
    })
    await turns(5)
    if (b.dialect === 'sqlite') {
      // one connection: the write must wait for the open transaction to end
      expect(order).toEqual([])
    } else {
      // a connection per transaction: the write commits on its own
      await other
      expect(order).toEqual(['other written'])
    }
    released.open()
    expect(await a).toBe('undo a')
    expect(await other).toEqual({ changes: 1 })
    if (b.dialect === 'sqlite') expect(order).toEqual(['a rolls back', 'other written'])
    expect(await bodies(sql)).toEqual(['other'])
  })

  it('queues a second transaction behind the first and runs both whole', async () => {
    const sql = b.sql()
    await createNotes(sql)
    const opened = gate()
    const released = gate()
    const first = sql.tx(async (t) => {
      await t.run("INSERT INTO notes (body) VALUES ('first-1')")
      opened.open()
      await released.wait
      await t.run("INSERT INTO notes (body) VALUES ('first-2')")
    })
    await opened.wait
    const second = sql.tx(async (t) => {
      await t.run("INSERT INTO notes (body) VALUES ('second')")
      throw new Error('undo second')
    })
    await turns(5)
    released.open()
    await first
    await expect(second).rejects.toThrow('undo second')
    expect(await bodies(sql)).toEqual(['first-1', 'first-2'])
  })

  it('does not let a callback left behind by a finished transaction join a later one', async () => {
    const sql = b.sql()
    await createNotes(sql)
    const later = gate()
    let straggler: Promise<unknown> | undefined
    await sql.tx(async (t) => {
      await t.run("INSERT INTO notes (body) VALUES ('first')")
      // scheduled from inside the first transaction, runs while the second is open
      void later.wait.then(() => {
        straggler = sql.run("INSERT INTO notes (body) VALUES ('straggler')")
      })
    })
    const opened = gate()
    const released = gate()
    const second = sql.tx(async (t) => {
      await t.run("INSERT INTO notes (body) VALUES ('second')")
      opened.open()
      await released.wait
      throw new Error('undo second')
    })
    await opened.wait
    later.open()
    await turns(5)
    released.open()
    await expect(second).rejects.toThrow('undo second')
    await straggler
    expect(await bodies(sql)).toEqual(['first', 'straggler'])
  })

  if (b.dialect === 'postgres')
    it('gives up a connection that died inside a transaction and goes on with live ones', async () => {
      const sql = b.sql()
      await createNotes(sql)
      const other = openPgSql(b.url, { applicationName: 'other' })
      try {
        await expect(
          sql.tx(async (t) => {
            await t.run("INSERT INTO notes (body) VALUES ('lost')")
            const pid = await value<number>(t, 'SELECT pg_backend_pid() AS pid')
            // the server ends this session between two statements (a restart, an administrator)
            await other.run('SELECT pg_terminate_backend(?)', [pid])
            await turns(5)
            await t.run("INSERT INTO notes (body) VALUES ('after')")
          })
        ).rejects.toThrow()
        expect(await bodies(sql)).toEqual([])
        // more calls than the pool has connections: none is handed the dead one
        for (let i = 0; i < 6; i++)
          await sql.tx((t) => t.run('INSERT INTO notes (body) VALUES (?)', [`n${i}`]))
        expect(await bodies(sql)).toHaveLength(6)
      } finally {
        await other.end()
      }
    })
})
