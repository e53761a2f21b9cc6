import { describe, expect, it } from 'vitest'
import { pickVariant } from '../../../../src/renderer/src/features/wall/pickVariant'
import type { StreamVariant } from '../../../../src/shared/domain/stream'

const demo: StreamVariant[] = [
  { id: 'mini', width: 256, height: 144, url: 'm' },
  { id: 'sub', width: 320, height: 180, url: 's' },
  { id: 'main', width: 640, height: 360, url: 'M' }
]

describe('pickVariant', () => {
  it('picks the smallest variant that covers the picture as drawn (object-fit: contain)', () => {
    // 36 tiles on a 1600×960 screen: ~190×140 px → the 256×144 stream
    expect(pickVariant(demo, { width: 190, height: 140 })?.id).toBe('mini')
    // 16 tiles: ~300×210 px → the picture is 300×169: sub
    expect(pickVariant(demo, { width: 300, height: 210 })?.id).toBe('sub')
    // a tall narrow tile is limited by its width
    expect(pickVariant(demo, { width: 300, height: 600 })?.id).toBe('sub')
    expect(pickVariant(demo, { width: 280, height: 600 })?.id).toBe('mini')
    // enlarged to the whole wall: main
    expect(pickVariant(demo, { width: 1300, height: 800 })?.id).toBe('main')
  })

  it('counts device pixels', () => {
    expect(pickVariant(demo, { width: 190, height: 140 }, 2)?.id).toBe('main')
  })

  it('orders unsorted variants and falls back to the largest', () => {
    expect(pickVariant([...demo].reverse(), { width: 100, height: 60 })?.id).toBe('mini')
    expect(pickVariant(demo, { width: 4000, height: 3000 })?.id).toBe('main')
    expect(pickVariant([], { width: 100, height: 100 })).toBeNull()
  })

  it('chooses external sub/main pairs of unknown size by tile width', () => {
    const pair: StreamVariant[] = [
      { id: 'sub', width: null, height: null, url: 's' },
      { id: 'main', width: null, height: null, url: 'm' }
    ]
    expect(pickVariant(pair, { width: 400, height: 300 })?.id).toBe('sub')
    expect(pickVariant(pair, { width: 800, height: 500 })?.id).toBe('main')
    expect(pickVariant([pair[1]], { width: 100, height: 100 })?.id).toBe('main')
  })
})
