import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadOrCreateRoomId, readRoomId, ROOM_ID_FILE } from '../../../../src/main/recording/roomId'

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wr-roomid-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('room id', () => {
  it('is created once in the data directory, owner-only, and read back on every start', () => {
    const dir = mkdtempSync(path.join(tmp, 'a-'))
    expect(readRoomId(dir)).toBeUndefined()
    const id = loadOrCreateRoomId(dir)
    expect(id).toMatch(/^[0-9a-f]{32}$/)
    const file = path.join(dir, ROOM_ID_FILE)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8')).toBe(`${id}\n`)
    expect(loadOrCreateRoomId(dir)).toBe(id)
    expect(readRoomId(dir)).toBe(id)
    // another room's directory gets another id
    expect(loadOrCreateRoomId(mkdtempSync(path.join(tmp, 'b-')))).not.toBe(id)
  })

  it('refuses a file that holds no room id instead of recording under it', () => {
    const dir = mkdtempSync(path.join(tmp, 'c-'))
    writeFileSync(path.join(dir, ROOM_ID_FILE), 'not an id\n')
    expect(() => loadOrCreateRoomId(dir)).toThrow(/does not hold a room id/)
  })
})
