import { describe, expect, it } from 'vitest'
import { labelMatches } from '../../../../src/renderer/src/lib/search'

describe('labelMatches', () => {
  it('matches a select option by its label, as text or by pinyin initials', () => {
    const option = { value: 7, label: 'BG-0007 金城路与中山街' }
    expect(labelMatches('0007', option)).toBe(true)
    expect(labelMatches('jcl', option)).toBe(true)
    expect(labelMatches('中山', option)).toBe(true)
    expect(labelMatches('xyz', option)).toBe(false)
    expect(labelMatches('', option)).toBe(true)
  })

  it('never matches typed text against a label that is not text', () => {
    expect(labelMatches('a', { label: undefined })).toBe(false)
    expect(labelMatches('a', undefined)).toBe(false)
    expect(labelMatches('12', { label: 12 })).toBe(true)
  })
})
