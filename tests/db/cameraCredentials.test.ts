import { describe, expect, it } from 'vitest'
import { createTestDb } from '../helpers/db'
import {
  getCamera,
  getCameraCredentials,
  setCameraCredentials
} from '../../src/main/cameras/repository'

describe('0011 camera credentials', () => {
  it('adds a user name and a sealed password to the camera record, empty for existing cameras', () => {
    const db = createTestDb()
    const cols = (
      db.prepare('PRAGMA table_info(cameras)').all() as { name: string; type: string }[]
    )
      .filter((c) => c.name.startsWith('stream_'))
      .map((c) => [c.name, c.type])
    expect(cols).toEqual([
      ['stream_url', 'TEXT'],
      ['stream_user', 'TEXT'],
      ['stream_password', 'BLOB']
    ])
    const id = db
      .prepare(
        "INSERT INTO cameras (code, name, lat, lng, created_at, updated_at) VALUES ('C1', 'c', 30, 120, 0, 0) RETURNING id"
      )
      .pluck()
      .get() as number
    expect(getCamera(db, id)).toMatchObject({ streamUser: null, streamPasswordSet: false })
    expect(setCameraCredentials(db, { code: 'C1' }, 'admin', Buffer.from([1, 2, 3]))).toBe(true)
    expect(getCameraCredentials(db, id)).toEqual({
      user: 'admin',
      sealedPassword: Buffer.from([1, 2, 3])
    })
    expect(getCamera(db, id)).toMatchObject({ streamUser: 'admin', streamPasswordSet: true })
    expect(setCameraCredentials(db, { id: 999 }, 'x', null)).toBe(false)
  })
})
