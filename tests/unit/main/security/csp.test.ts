import { describe, expect, it } from 'vitest'
import { buildCsp, streamOrigins } from '../../../../src/main/security/csp'

describe('CSP', () => {
  it('allows media only from the listed origins and scripts only from self', () => {
    const csp = buildCsp({ mediaOrigins: ['http://127.0.0.1:9000', 'https://cams.example'] })
    const directives = Object.fromEntries(
      csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)])
    )
    expect(directives['default-src']).toEqual(["'none'"])
    expect(directives['script-src']).toEqual(["'self'"])
    expect(directives['media-src']).toEqual([
      "'self'",
      'blob:',
      'http://127.0.0.1:9000',
      'https://cams.example'
    ])
    expect(directives['object-src']).toEqual(["'none'"])
    expect(directives['frame-ancestors']).toEqual(["'none'"])
    expect(csp).not.toContain('unsafe-eval')
  })

  it('derives stream origins from http(s) URLs only', () => {
    expect(
      streamOrigins([
        'http://10.0.0.5:8080/live/a.m3u8',
        'rtsp://10.0.0.6/s',
        null,
        'demo://BG-1',
        'not a url',
        'https://x.y/a',
        'http://10.0.0.5:8080/b'
      ])
    ).toEqual(['http://10.0.0.5:8080', 'https://x.y'])
  })
})
