import { Tag, Tooltip } from 'antd'
import { useTranslation } from 'react-i18next'
import type { LookupWindow } from '../../../../shared/lookup/types'
import { formatTime } from '../../lib/time'
import { hopColor } from './model/style'
import { VirtualList } from './VirtualList'
import styles from './lookup.module.css'

/** The windows, earliest first: camera, camera-clock range to scrub, distance, hop, probability. */
export function WindowList({
  windows,
  timeZone,
  selected,
  onSelect
}: {
  windows: readonly LookupWindow[]
  timeZone: string
  selected: number | null
  onSelect: (i: number) => void
}) {
  const { t } = useTranslation()
  return (
    <VirtualList
      items={windows}
      rowHeight={44}
      testId="lookup-windows"
      render={(w, i) => (
        <div
          className={`${styles.row} ${i === selected ? styles.rowSelected : ''}`}
          style={{ height: 44 }}
          onClick={() => onSelect(i)}
          data-testid="lookup-window"
          data-camera={w.cameraCode}
        >
          <span className={styles.badge} style={{ background: hopColor(w.hops) }}>
            {i + 1}
          </span>
          <div className={styles.grow}>
            <div className={styles.grow}>
              {w.cameraCode} {w.cameraName}{' '}
              {w.anpr && (
                <Tag style={{ fontSize: 10, lineHeight: '14px', marginInlineStart: 4 }}>
                  {t('lookup.anpr')}
                </Tag>
              )}
            </div>
            <Tooltip title={t('lookup.cameraClockHint')}>
              <span className={styles.mono}>
                {formatTime(w.cameraFromMs, timeZone)}–{formatTime(w.cameraToMs, timeZone)}
              </span>
            </Tooltip>
          </div>
          <span
            className={styles.mono}
            style={{ flex: 'none', textAlign: 'right', whiteSpace: 'nowrap' }}
          >
            {t('lookup.hopDistance', { hop: w.hops, m: Math.round(w.distanceM) })}
            <br />
            {w.source === 'candidate' && (
              <Tooltip title={t('lookup.source.candidateHint')}>
                <Tag
                  color="purple"
                  style={{ fontSize: 10, lineHeight: '14px', marginInlineEnd: 4 }}
                >
                  {t('lookup.source.candidate')}
                </Tag>
              </Tooltip>
            )}
            {Math.round(w.probability * 100)}%
          </span>
        </div>
      )}
    />
  )
}
