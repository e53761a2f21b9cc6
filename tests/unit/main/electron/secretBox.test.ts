import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createKeyFileSecretBox, SEALED_BY } from '../../../../src/main/security/secretBox'

/**
 * Electron's safeStorage as the OS keychain behind it behaves: encryption
 * with a key this test holds, and the backend Linux reports.
 */
const keychain = vi.hoisted(() => ({
  available: true,
  backend: 'gnome_libsecret',
  key: null as Buffer | null
}))
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => keychain.available,
    getSelectedStorageBackend: () => keychain.backend,
    encryptString: (plain: string) => {
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', keychain.key!, iv)
      return Buffer.concat([iv, c.update(plain, 'utf8'), c.final(), c.getAuthTag()])
    },
    decryptString: (sealed: Buffer) => {
      const d = createDecipheriv('aes-256-gcm', keychain.key!, sealed.subarray(0, 12))
      d.setAuthTag(sealed.subarray(sealed.length - 16))
      return Buffer.concat([
        d.update(sealed.subarray(12, sealed.length - 16)),
        d.final()
      ]).toString()
    }
  }
}))

const { createDesktopSecretBox } = await import('../../../../src/main/electron/secretBox')

const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'wr-desk-secrets-'))
  dirs.push(d)
  return d
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
beforeEach(() => {
  keychain.available = true
  keychain.backend = 'gnome_libsecret'
  keychain.key = randomBytes(32)
})

describe('the desktop secret box', () => {
  it('seals with the OS keychain and still opens what the command line sealed with the key file', () => {
    const dir = tmp()
    const box = createDesktopSecretBox(dir)
    expect(box.kind).toBe('safeStorage')
    const sealed = box.seal('cam-pass-1')
    expect(sealed[0]).toBe(SEALED_BY.safeStorage)
    expect(sealed.includes(Buffer.from('cam-pass-1'))).toBe(false)
    expect(box.open(sealed)).toBe('cam-pass-1')
    const fromCli = createKeyFileSecretBox(dir).seal('imported-pass')
    expect(box.open(fromCli)).toBe('imported-pass')
    // host mode on the same data directory cannot open the keychain's bytes, and says why
    expect(() => createKeyFileSecretBox(dir).open(sealed)).toThrow(/keychain/)
  })

  it('falls back to the key file where safeStorage has no keychain (Linux basic_text)', () => {
    if (process.platform !== 'linux') return
    keychain.backend = 'basic_text'
    expect(createDesktopSecretBox(tmp()).kind).toBe('keyFile')
    keychain.backend = 'gnome_libsecret'
    keychain.available = false
    const box = createDesktopSecretBox(tmp())
    expect(box.kind).toBe('keyFile')
    expect(box.open(box.seal('x'))).toBe('x')
  })
})
