import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  roomCredential,
  roomLinkKey,
  verifyRoomCredential
} from '../../../../src/main/district/credential'

const key = roomLinkKey(randomBytes(32))
const T = 1_800_000_000_000

describe('room credential', () => {
  it("names the asking room when it was made with the district's key within two minutes", () => {
    expect(verifyRoomCredential(key, roomCredential(key, '室 B/1', T), T + 119_000)).toBe('室 B/1')
    expect(verifyRoomCredential(key, roomCredential(key, 'b', T), T - 119_000)).toBe('b')
  })

  it('refuses another key, an old or future one, a changed room or time, and garbage', () => {
    const other = roomLinkKey(randomBytes(32))
    const good = roomCredential(key, 'b', T)
    expect(verifyRoomCredential(other, good, T)).toBeNull()
    expect(verifyRoomCredential(key, good, T + 121_000)).toBeNull()
    expect(verifyRoomCredential(key, good, T - 121_000)).toBeNull()
    expect(verifyRoomCredential(key, good.replace(/^b\./, 'a.'), T)).toBeNull()
    expect(verifyRoomCredential(key, good.replace(`.${T}.`, `.${T + 1}.`), T)).toBeNull()
    for (const bad of [undefined, '', 'b', 'b.1.x', ['b', 'c'], `%E0.${T}.${'A'.repeat(43)}`])
      expect(verifyRoomCredential(key, bad, T)).toBeNull()
  })

  it('is not the audit key itself', () => {
    const audit = randomBytes(32)
    expect(roomLinkKey(audit).equals(audit)).toBe(false)
  })
})
