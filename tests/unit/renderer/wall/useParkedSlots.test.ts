import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act, renderHook } from '@testing-library/react'
import { useParkedSlots } from '../../../../src/renderer/src/features/wall/useParkedSlots'
import { PARK_MS } from '../../../../src/renderer/src/features/player/state'

const nine = [1, 2, 3, 4, 5, 6, 7, 8, 9]

describe('useParkedSlots', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('keeps the slots a smaller layout dropped for PARK_MS, then lets them go', () => {
    const { result, rerender } = renderHook(({ ids }) => useParkedSlots(ids), {
      initialProps: { ids: nine }
    })
    expect(result.current).toEqual(nine)
    // 9 → 4: the four shown, then the five dropped ones, parked
    rerender({ ids: [1, 2, 3, 4] })
    expect(result.current).toEqual(nine)
    act(() => {
      vi.advanceTimersByTime(PARK_MS - 1)
    })
    expect(result.current).toEqual(nine)
    act(() => {
      vi.advanceTimersByTime(1)
    })
    expect(result.current).toEqual([1, 2, 3, 4])
  })

  it('gives parked slots back when the layout grows again, and shows new cameras as they are', () => {
    const { result, rerender } = renderHook(({ ids }) => useParkedSlots(ids), {
      initialProps: { ids: nine }
    })
    rerender({ ids: [1, 2, 3, 4] })
    // 4 → 6 with another camera in slot 5: the slot shows it, 7-9 stay parked
    rerender({ ids: [1, 2, 3, 4, 50, 6] })
    expect(result.current).toEqual([1, 2, 3, 4, 50, 6, 7, 8, 9])
    // back to 9: nothing parked any more, no timer left to drop anything
    rerender({ ids: nine })
    expect(result.current).toEqual(nine)
    act(() => {
      vi.advanceTimersByTime(PARK_MS * 2)
    })
    expect(result.current).toEqual(nine)
  })
})
