import { describe, expect, it } from 'vitest'
import { isAppUrl, isExternalHttpsUrl } from '../../../../src/main/electron/navigation'

describe('navigation rules', () => {
  it('keep a packaged app on file:// pages', () => {
    expect(isAppUrl('file:///opt/watchroom/out/renderer/index.html', 'file://')).toBe(true)
    expect(isAppUrl('https://evil.example/', 'file://')).toBe(false)
  })
  it('keep the dev build on its dev server origin', () => {
    expect(isAppUrl('http://localhost:5173/#/wall', 'http://localhost:5173')).toBe(true)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isAppUrl('javascript:alert(1)', 'http://localhost:5173')).toBe(false)
  })
  it('hand only https URLs to the system browser', () => {
    expect(isExternalHttpsUrl('https://example.com/manual')).toBe(true)
    expect(isExternalHttpsUrl('http://example.com')).toBe(false)
    expect(isExternalHttpsUrl('file:///etc/passwd')).toBe(false)
    expect(isExternalHttpsUrl('smb://host/share')).toBe(false)
    expect(isExternalHttpsUrl('not a url')).toBe(false)
  })
})
