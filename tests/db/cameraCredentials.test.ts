import { describe, expect, it } from 'vitest'
import { createTestDb } from '../helpers/db'
import { describeBackends } from '../helpers/backends'
import {
  getCamera,
  getCameraCredentials,
  setCameraCredentials
} from '../../src/main/cameras/repository'

describe('0011 camera credentials', () => {
  it('adds a user name and a sealed password to the camera record', () => {
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
  })
})

describeBackends('camera credentials repository', (b) => {
  it('keeps a user name and a sealed password, empty for existing cameras', async () => {
    const sql = b.sql()
    const row = await sql.get<{ id: number }>(
      "INSERT INTO cameras (code, name, lat, lng, created_at, updated_at) VALUES ('C1', 'c', 30, 120, 0, 0) RETURNING id"
    )
    const id = row!.id
    expect(await getCamera(sql, id)).toMatchObject({ streamUser: null, streamPasswordSet: false })
    expect(await getCameraCredentials(sql, id)).toEqual({ user: null, sealedPassword: null })
    expect(
      await setCameraCredentials(sql, { code: 'C1' }, 'admin', Buffer.from([1, 2, 0, 3]))
    ).toBe(true)
    expect(await getCameraCredentials(sql, id)).toEqual({
      user: 'admin',
      sealedPassword: Buffer.from([1, 2, 0, 3])
    })
    expect(await getCamera(sql, id)).toMatchObject({ streamUser: 'admin', streamPasswordSet: true })
    expect(await setCameraCredentials(sql, { id }, null, null)).toBe(true)
    expect(await getCamera(sql, id)).toMatchObject({ streamUser: null, streamPasswordSet: false })
    expect(await setCameraCredentials(sql, { id: 999 }, 'x', null)).toBe(false)
    expect(await setCameraCredentials(sql, { code: 'nope' }, 'x', null)).toBe(false)
    expect(await getCameraCredentials(sql, 999)).toBeUndefined()
  })
})
