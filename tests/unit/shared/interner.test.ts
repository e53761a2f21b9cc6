import { describe, expect, it } from 'vitest'
import { createInterner } from '../../../src/shared/collections/interner'

describe('createInterner', () => {
  it('numbers distinct strings in the order they are first seen, each kept once', () => {
    const codes = createInterner()
    expect(['K-2', 'K-1', 'K-2', 'K-3', 'K-1'].map((c) => codes.id(c))).toEqual([0, 1, 0, 2, 1])
    expect(codes.values).toEqual(['K-2', 'K-1', 'K-3'])
  })

  it('finds only what it has seen, without numbering it', () => {
    const plates = createInterner()
    plates.id('浙A12345')
    expect(plates.find('浙A12345')).toBe(0)
    expect(plates.find('浙A99999')).toBeUndefined()
    expect(plates.values).toEqual(['浙A12345'])
  })
})
