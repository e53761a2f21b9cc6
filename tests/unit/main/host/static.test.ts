import { describe, expect, it } from 'vitest'
import path from 'node:path'
import { resolveInside } from '../../../../src/main/host/static'

describe('resolveInside', () => {
  const root = path.resolve('/srv/app')
  it('resolves paths inside the root', () => {
    expect(resolveInside(root, '/index.html')).toBe(path.join(root, 'index.html'))
    expect(resolveInside(root, '/assets/a.js')).toBe(path.join(root, 'assets', 'a.js'))
  })
  it.each([
    '/../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/assets/../../secret',
    '/a%00b',
    '/%E0%A4%A'
  ])('never escapes the root: %s', (p) => {
    const r = resolveInside(root, p)
    expect(r === null || r.startsWith(root + path.sep) || r === root).toBe(true)
  })
})
