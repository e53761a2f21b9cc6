import { describe, expect, it } from 'vitest'
import { applyMigration, count, databaseAt, insertCamera, rows } from './step'

describe('migration 0011 (camera stream credentials)', () => {
  it('keeps existing cameras, with no credentials until a technician sets them', () => {
    const db = databaseAt(10)
    insertCamera(db, { id: 1, code: 'HK-0001' })
    applyMigration(db, 11)
    expect(count(db, 'cameras')).toBe(1)
    expect(rows(db, 'SELECT stream_user, stream_password FROM cameras')).toEqual([
      { stream_user: null, stream_password: null }
    ])
    // the password column holds sealed bytes, never text
    db.prepare('UPDATE cameras SET stream_user = ?, stream_password = ? WHERE id = 1').run(
      'admin',
      Buffer.from([1, 2, 3])
    )
    const row = db.prepare('SELECT stream_password FROM cameras').get() as {
      stream_password: Buffer
    }
    expect(Buffer.isBuffer(row.stream_password)).toBe(true)
  })
})
