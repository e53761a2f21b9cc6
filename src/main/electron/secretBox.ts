import { safeStorage } from 'electron'
import {
  createKeyFileSecretBox,
  SEALED_BY,
  sealedElsewhere,
  type SecretBox
} from '../security/secretBox'

/**
 * Camera passwords on the desktop: sealed by the operating system's keychain
 * through Electron's safeStorage (Keychain, DPAPI, the Secret Service). On
 * Linux without a secret service safeStorage falls back to a key built into
 * Chromium, no better than clear text, so there, as in host mode, a 0600 key
 * file in the data directory keeps the key. Either way this box still opens
 * what the key file sealed (secrets the command line imported).
 */
export function createDesktopSecretBox(dataDir: string): SecretBox {
  const keyFile = createKeyFileSecretBox(dataDir)
  const keychain =
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text')
  if (!keychain) return keyFile
  return {
    kind: 'safeStorage',
    seal: (plain) =>
      Buffer.concat([Buffer.from([SEALED_BY.safeStorage]), safeStorage.encryptString(plain)]),
    open(sealed) {
      const bytes = Buffer.from(sealed)
      if (bytes[0] === SEALED_BY.keyFile) return keyFile.open(bytes)
      if (bytes[0] !== SEALED_BY.safeStorage) throw new Error(sealedElsewhere(bytes[0]))
      return safeStorage.decryptString(bytes.subarray(1))
    }
  }
}
