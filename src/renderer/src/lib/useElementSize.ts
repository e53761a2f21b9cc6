import { useCallback, useEffect, useRef, useState } from 'react'

/** Observes an element's content box size (CSS pixels). */
export function useElementSize<T extends HTMLElement>(): [
  (el: T | null) => void,
  { width: number; height: number }
] {
  const [size, setSize] = useState({ width: 0, height: 0 })
  const observer = useRef<ResizeObserver | null>(null)
  const ref = useCallback((el: T | null) => {
    observer.current?.disconnect()
    if (!el) return
    observer.current = new ResizeObserver(([entry]) => {
      if (!entry) return
      const { width, height } = entry.contentRect
      // quantize so sub-pixel jitter does not re-pick stream variants
      setSize((s) =>
        Math.abs(s.width - width) < 8 && Math.abs(s.height - height) < 8 ? s : { width, height }
      )
    })
    observer.current.observe(el)
  }, [])
  useEffect(() => () => observer.current?.disconnect(), [])
  return [ref, size]
}
