import { useRef, type ReactNode } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import styles from './lookup.module.css'

/** A fixed-height scrolling list that renders only the rows in view (lookups can list hundreds). */
export function VirtualList<T>({
  items,
  rowHeight,
  render,
  testId
}: {
  items: readonly T[]
  rowHeight: number
  render: (item: T, index: number) => ReactNode
  testId: string
}) {
  const parent = useRef<HTMLDivElement | null>(null)
  const v = useVirtualizer({
    count: items.length,
    getScrollElement: () => parent.current,
    estimateSize: () => rowHeight,
    overscan: 8
  })
  return (
    <div ref={parent} className={styles.list} data-testid={testId} data-count={items.length}>
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((row) => (
          <div
            key={row.key}
            style={{
              position: 'absolute',
              top: row.start,
              left: 0,
              width: '100%',
              height: rowHeight
            }}
          >
            {render(items[row.index], row.index)}
          </div>
        ))}
      </div>
    </div>
  )
}
