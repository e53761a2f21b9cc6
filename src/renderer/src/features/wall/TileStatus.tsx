import { useTranslation } from 'react-i18next'
import type { StreamState } from '../player/state'
import { useClock } from './useClock'
import styles from './wall.module.css'

/**
 * The state line at the foot of a tile: connecting, playing (and how, when
 * not plainly passed through: H.265, the sub-stream, a transcode), stalled
 * for N s, offline with the reason and when the next try is.
 */
export function TileBadge({ state }: { state: StreamState | undefined }) {
  const { t } = useTranslation()
  const now = useClock()
  switch (state?.status) {
    case undefined:
    case 'idle':
      return null
    case 'connecting':
      return <span className={`${styles.badge} ${styles.connecting}`}>{t('tile.connecting')}</span>
    case 'playing':
      return (
        <span className={`${styles.badge} ${styles.playing}`} data-note={state.note ?? ''}>
          {t('tile.playing')}
          {state.note ? ` · ${t(`tile.note.${state.note}`)}` : ''}
        </span>
      )
    case 'stalled':
      return (
        <span className={`${styles.badge} ${styles.stalled}`}>
          {t('tile.stalled', { seconds: Math.max(0, Math.round((now - state.sinceMs) / 1000)) })}
        </span>
      )
    case 'offline':
      return (
        <span className={`${styles.badge} ${styles.offline}`} title={state.detail ?? undefined}>
          {state.retryAt === null
            ? t('tile.notPlayable')
            : t('tile.offline', {
                seconds: Math.max(0, Math.ceil((state.retryAt - now) / 1000))
              })}{' '}
          · {t(`tile.reason.${state.reason}`)}
        </span>
      )
  }
}

/** The word over the picture when there is a problem, with the help text (and detail) as its tooltip. */
export function TileAlert({ state }: { state: StreamState | undefined }) {
  const { t } = useTranslation()
  if (state?.status !== 'offline' && state?.status !== 'stalled') return null
  return (
    <div
      className={styles.alert}
      data-testid="tile-alert"
      data-reason={state.status === 'offline' ? state.reason : 'frozen'}
      title={
        state.status === 'offline'
          ? [t(`tile.reasonHelp.${state.reason}`), state.detail].filter(Boolean).join('\n')
          : undefined
      }
    >
      {state.status === 'offline' ? t(`tile.reason.${state.reason}`) : t('tile.frozen')}
    </div>
  )
}
