import { describe, expect, it } from 'vitest'
import { confusableWith, normalizeUsername } from '../../../../src/main/users/names'

describe('user names (issue #15, point 7)', () => {
  it('are NFKC-normalised', () => {
    expect(normalizeUsername('ａｄｍｉｎ')).toBe('admin')
    expect(normalizeUsername('Cafe\u0301')).toBe('Café')
  })

  it('refuse look-alikes of existing names and let distinct ones through', () => {
    const existing = ['admin', 'duty', 'zhangsan']
    // Cyrillic а, a zero for o, another case, a dot for a dash, rn for m
    expect(confusableWith('аdmin', existing)).toBe('admin')
    expect(confusableWith('ADMIN', existing)).toBe('admin')
    expect(confusableWith('zhangsan', existing)).toBe('zhangsan')
    expect(confusableWith('adrnin', existing)).toBe('admin')
    expect(confusableWith('dutу', existing)).toBe('duty')
    expect(confusableWith('lisi', existing)).toBeUndefined()
    expect(confusableWith('张三', existing)).toBeUndefined()
  })
})
