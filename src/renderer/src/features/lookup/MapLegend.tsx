import { useTranslation } from 'react-i18next'
import { EXIT_COLOR, HOP_COLORS, ORIGIN_COLOR, TRAIL_COLOR, hopColor } from './model/style'
import styles from './lookup.module.css'

/**
 * The map's key: every mark and colour the map shows now, and nothing it
 * does not (hop colours only for the hops drawn).
 */
export function MapLegend({
  hops,
  show
}: {
  /** hops drawn (cameras and roads) */
  hops: readonly number[]
  show: {
    origin: boolean
    windows: boolean
    exits: boolean
    trail: boolean
    selected: boolean
    heading?: boolean
    area?: boolean
  }
}) {
  const { t } = useTranslation()
  const last = HOP_COLORS.length
  const buckets = [...new Set(hops.map((h) => Math.min(last, Math.max(1, h))))].sort(
    (a, b) => a - b
  )
  return (
    <div className={styles.legend} data-testid="lookup-legend">
      {show.origin && (
        <span>
          <i style={{ background: 'transparent', border: `2px solid ${ORIGIN_COLOR}` }} />
          {t('lookup.legend.origin')}
        </span>
      )}
      {buckets.length > 0 && <span>{t('lookup.legend.hopTitle')}</span>}
      {buckets.map((h) => (
        <span key={h} data-testid="lookup-legend-hop">
          <i style={{ background: hopColor(h) }} />
          {t(h === last ? 'lookup.legend.hopLast' : 'lookup.legend.hop', { hop: h })}
        </span>
      ))}
      {show.windows && <span>{t('lookup.legend.windows')}</span>}
      {show.selected && (
        <span>
          <i style={{ background: 'transparent', border: '2px solid #fff' }} />
          {t('lookup.legend.selected')}
        </span>
      )}
      {show.exits && (
        <span>
          <i style={{ background: EXIT_COLOR, borderRadius: 2 }} />
          {t('lookup.legend.exit')}
        </span>
      )}
      {show.heading && (
        <span>
          <b style={{ borderColor: ORIGIN_COLOR, borderTopStyle: 'solid' }} />
          {t('lookup.legend.heading')}
        </span>
      )}
      {show.area && (
        <span>
          <i
            style={{
              background: 'rgba(250, 219, 20, 0.35)',
              border: '1px solid #fadb14',
              borderRadius: 2
            }}
          />
          {t('lookup.legend.area')}
        </span>
      )}
      {show.trail && (
        <span>
          <b style={{ borderColor: TRAIL_COLOR }} />
          {t('lookup.legend.trail')}
        </span>
      )}
    </div>
  )
}
