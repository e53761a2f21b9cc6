/**
 * Sealing small secrets (camera stream passwords) for storage in the
 * database. The box's key never enters the database: a database file that
 * leaves the machine (a backup, a copy) carries no password anyone can read.
 *
 * Sealed bytes start with the kind of box that sealed them, so a box can
 * refuse, with a clear reason, what another box sealed (the desktop's
 * keychain and host mode's key file on the same data directory).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export const SECRETS_KEY_FILE = 'secrets.key'

/** First byte of sealed bytes: which box sealed them. */
export const SEALED_BY = { keyFile: 1, safeStorage: 2 } as const

export type SecretBox = {
  /** what keeps the key: a 0600 file in the data directory, or the OS keychain */
  readonly kind: keyof typeof SEALED_BY
  seal(plain: string): Buffer
  /** throws when the bytes are damaged or were sealed by a box this one cannot open */
  open(sealed: Uint8Array): string
}

const IV_BYTES = 12
const TAG_BYTES = 16
// binds sealed bytes to their purpose: they cannot be replayed as another kind of secret
const AAD = Buffer.from('watchroom camera secret v1')

/**
 * AES-256-GCM with a random key in `<dataDir>/secrets.key` (mode 0600),
 * created when the first secret is sealed. Host mode and the command line
 * use it; the desktop uses it where no keychain is available.
 */
export function createKeyFileSecretBox(dataDir: string): SecretBox {
  const file = path.join(dataDir, SECRETS_KEY_FILE)
  let key: Buffer | null = null
  const load = (create: boolean): Buffer => {
    if (key) return key
    if (existsSync(file)) {
      const raw = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
      if (raw.length !== 32) throw new Error(`${file} is not a WatchRoom secrets key`)
      // a key file copied in with a loose mode is tightened, as the database is
      chmodSync(file, 0o600)
      key = raw
      return key
    }
    if (!create)
      throw new Error(`No ${SECRETS_KEY_FILE} in ${dataDir}: stored secrets cannot be opened`)
    const fresh = randomBytes(32)
    // wx: two processes starting at once must not overwrite each other's key
    writeFileSync(file, fresh.toString('base64') + '\n', { mode: 0o600, flag: 'wx' })
    key = fresh
    return key
  }
  return {
    kind: 'keyFile',
    seal(plain) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', load(true), iv).setAAD(AAD)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return Buffer.concat([Buffer.from([SEALED_BY.keyFile]), iv, body, cipher.getAuthTag()])
    },
    open(sealed) {
      const bytes = Buffer.from(sealed)
      if (bytes[0] !== SEALED_BY.keyFile) throw new Error(sealedElsewhere(bytes[0]))
      if (bytes.length < 1 + IV_BYTES + TAG_BYTES) throw new Error('sealed secret is truncated')
      const iv = bytes.subarray(1, 1 + IV_BYTES)
      const tag = bytes.subarray(bytes.length - TAG_BYTES)
      const decipher = createDecipheriv('aes-256-gcm', load(false), iv).setAAD(AAD)
      decipher.setAuthTag(tag)
      const body = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
    }
  }
}

export function sealedElsewhere(kindByte: number | undefined): string {
  const by = Object.entries(SEALED_BY).find(([, v]) => v === kindByte)?.[0]
  return by
    ? `sealed by the ${by === 'safeStorage' ? "desktop app's keychain" : 'data directory key file'}, which this process cannot use`
    : 'not a sealed secret'
}
