import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultDataDir } from '../../../../src/main/app/paths'

describe('the per-user data directory (desktop, host mode, CLI)', () => {
  it('is local application data on each platform', () => {
    expect(defaultDataDir('linux', {}, '/home/ops')).toBe('/home/ops/.local/share/watchroom')
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/data/xdg' }, '/home/ops')).toBe(
      '/data/xdg/watchroom'
    )
    expect(defaultDataDir('darwin', {}, '/Users/ops')).toBe(
      '/Users/ops/Library/Application Support/WatchRoom'
    )
    expect(
      defaultDataDir('win32', { LOCALAPPDATA: 'C:\\Users\\ops\\AppData\\Local' }, 'C:\\Users\\ops')
    ).toBe('C:\\Users\\ops\\AppData\\Local\\WatchRoom')
    expect(defaultDataDir('win32', {}, 'C:\\Users\\ops')).toBe(
      'C:\\Users\\ops\\AppData\\Local\\WatchRoom'
    )
  })
  it('is WATCHROOM_DATA_DIR when set', () => {
    expect(defaultDataDir('win32', { WATCHROOM_DATA_DIR: '/srv/room' }, '/x')).toBe(
      path.resolve('/srv/room')
    )
  })
})
