import { describe, expect, it } from 'vitest'
import {
  mediaWindowOptions,
  secureWindowOptions
} from '../../../../src/main/electron/windowOptions'

// The window options module imports only types from electron, so it runs in plain Node.
describe('desktop window options', () => {
  it('sandbox the renderer, isolate the preload and give it no Node', () => {
    const o = secureWindowOptions('/app/preload.js')
    expect(o.webPreferences).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick'
    })
  })
})

describe('media window options', () => {
  it('have no preload (so no API) and the same sandbox', () => {
    const o = mediaWindowOptions()
    expect(o.webPreferences).not.toHaveProperty('preload')
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true
    })
  })
})
