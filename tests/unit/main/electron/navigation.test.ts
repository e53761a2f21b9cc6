import { describe, expect, it } from 'vitest'
import {
  classifyWindowOpen,
  isAppUrl,
  isExternalHttpsUrl
} from '../../../../src/main/electron/navigation'
import { APP_ORIGIN } from '../../../../src/main/electron/appProtocol'

describe('navigation rules', () => {
  it('keep the app on its own scheme, in development too', () => {
    expect(isAppUrl('watchroom://app/?window=w2&layout=3', APP_ORIGIN)).toBe(true)
    expect(isAppUrl('watchroom://app/media/demo/c1/index.m3u8', APP_ORIGIN)).toBe(true)
    expect(isAppUrl('watchroom://evil/', APP_ORIGIN)).toBe(false)
    expect(isAppUrl('file:///opt/watchroom/out/renderer/index.html', APP_ORIGIN)).toBe(false)
    expect(isAppUrl('http://localhost:5173/', APP_ORIGIN)).toBe(false)
    expect(isAppUrl('javascript:alert(1)', APP_ORIGIN)).toBe(false)
  })
  it('hand only https URLs to the system browser', () => {
    expect(isExternalHttpsUrl('https://example.com/manual')).toBe(true)
    expect(isExternalHttpsUrl('http://example.com')).toBe(false)
    expect(isExternalHttpsUrl('file:///etc/passwd')).toBe(false)
    expect(isExternalHttpsUrl('smb://host/share')).toBe(false)
    expect(isExternalHttpsUrl('not a url')).toBe(false)
  })
  it('save exports, show case reports and pictures in a child window, refuse the rest', () => {
    const at = (p: string) => classifyWindowOpen(`${APP_ORIGIN}${p}`, APP_ORIGIN)
    expect(at('/media/export/0123abcd/cam-C001.mp4')).toBe('download')
    expect(at('/media/export/0123abcd/manifest.json')).toBe('download')
    // a snapshot is an export file (an attachment): saved, not shown
    expect(at('/media/export/0123abcd/C001_20260101T120000Z.png')).toBe('download')
    expect(at('/media/lookup-cases/3/map.png')).toBe('media-window')
    expect(at('/media/reports/case-3-0123456789abcdef0123456789abcdef/report.html')).toBe(
      'media-window'
    )
    expect(at('/media/reports/case-3-0123456789abcdef0123456789abcdef/report.pdf')).toBe(
      'media-window'
    )
    // the app itself opens further windows through window:open, never window.open
    expect(at('/?window=w2')).toBe('deny')
    expect(at('/index.html')).toBe('deny')
    expect(classifyWindowOpen('https://map.example/', APP_ORIGIN)).toBe('external')
    expect(classifyWindowOpen('http://127.0.0.1:9/media/x.png', APP_ORIGIN)).toBe('deny')
    expect(classifyWindowOpen('file:///etc/passwd', APP_ORIGIN)).toBe('deny')
  })
})
