import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, renderHook, screen } from '@testing-library/react'
import { UndoRedoButtons, useUndoRedoKeys } from '../../../../src/renderer/src/app/undoRedo'

function press(target: EventTarget, key: string, mods: { shift?: boolean; meta?: boolean } = {}) {
  const e = new KeyboardEvent('keydown', {
    key,
    ctrlKey: !mods.meta,
    metaKey: !!mods.meta,
    shiftKey: !!mods.shift,
    bubbles: true,
    cancelable: true
  })
  target.dispatchEvent(e)
  return e
}

describe('useUndoRedoKeys', () => {
  afterEach(() => {
    cleanup()
    document.body.innerHTML = ''
  })

  it('undoes on Ctrl+Z, redoes on Ctrl+Y, Ctrl+Shift+Z and ⌘+Shift+Z, and takes the key from the page', () => {
    const onUndo = vi.fn()
    const onRedo = vi.fn()
    renderHook(() => useUndoRedoKeys(true, onUndo, onRedo))
    expect(press(window, 'z').defaultPrevented).toBe(true)
    press(window, 'Y')
    press(window, 'z', { shift: true })
    press(window, 'z', { shift: true, meta: true })
    expect(onUndo).toHaveBeenCalledTimes(1)
    expect(onRedo).toHaveBeenCalledTimes(3)
    // other shortcuts stay the page's
    expect(press(window, 'c').defaultPrevented).toBe(false)
  })

  it('leaves the keys to a field that edits text, not to a read-only one', () => {
    const onUndo = vi.fn()
    renderHook(() => useUndoRedoKeys(true, onUndo, vi.fn()))
    const text = document.body.appendChild(document.createElement('input'))
    const area = document.body.appendChild(document.createElement('textarea'))
    const readOnly = document.body.appendChild(document.createElement('input'))
    readOnly.readOnly = true
    expect(press(text, 'z').defaultPrevented).toBe(false)
    press(area, 'z')
    expect(onUndo).not.toHaveBeenCalled()
    press(readOnly, 'z')
    expect(onUndo).toHaveBeenCalledTimes(1)
  })

  it('listens only while enabled, and calls the handlers of the latest render', () => {
    const first = vi.fn()
    const latest = vi.fn()
    const { rerender } = renderHook(
      ({ enabled, onUndo }) => useUndoRedoKeys(enabled, onUndo, vi.fn()),
      { initialProps: { enabled: false, onUndo: first } }
    )
    press(window, 'z')
    expect(first).not.toHaveBeenCalled()
    rerender({ enabled: true, onUndo: latest })
    press(window, 'z')
    expect(first).not.toHaveBeenCalled()
    expect(latest).toHaveBeenCalledTimes(1)
  })
})

describe('UndoRedoButtons', () => {
  afterEach(cleanup)

  it('names each button with the prefix and disables the step that cannot be taken', () => {
    const onUndo = vi.fn()
    render(
      <UndoRedoButtons
        canUndo
        canRedo={false}
        onUndo={onUndo}
        onRedo={vi.fn()}
        labels={{ undo: 'Undo', redo: 'Redo' }}
        testIdPrefix="map"
      />
    )
    expect(screen.getByTestId('map-undo').textContent).toContain('Undo')
    expect(screen.getByTestId<HTMLButtonElement>('map-redo').disabled).toBe(true)
    fireEvent.click(screen.getByTestId('map-undo'))
    expect(onUndo).toHaveBeenCalledTimes(1)
  })
})
