import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import { useHlsStream, type StreamState } from './useHlsStream'
import { pickVariant } from './pickVariant'
import { useElementSize } from '../../lib/useElementSize'
import { usePageVisible } from '../../lib/usePageVisible'
import { formatTime } from '../../lib/time'
import styles from './wall.module.css'

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs)
    return () => window.clearInterval(id)
  }, [intervalMs])
  return now
}

function Badge({ state, now }: { state: StreamState; now: number }) {
  const { t } = useTranslation()
  switch (state.status) {
    case 'idle':
      return null
    case 'connecting':
      return <span className={`${styles.badge} ${styles.connecting}`}>{t('tile.connecting')}</span>
    case 'playing':
      return <span className={`${styles.badge} ${styles.playing}`}>{t('tile.playing')}</span>
    case 'stalled':
      return (
        <span className={`${styles.badge} ${styles.stalled}`}>
          {t('tile.stalled', { seconds: Math.max(0, Math.round((now - state.sinceMs) / 1000)) })}
        </span>
      )
    case 'offline':
      return (
        <span className={`${styles.badge} ${styles.offline}`}>
          {t('tile.offline', { seconds: Math.max(0, Math.ceil((state.retryAt - now) / 1000)) })} · {t(`tile.reason.${state.reason}`)}
        </span>
      )
  }
}

/** One wall tile: a camera's live video with its name, code, clock and state. */
export function Tile({ camera, timeZone, onToggleEnlarge }: { camera: CameraView | null; timeZone: string; onToggleEnlarge?: () => void }) {
  const { t } = useTranslation()
  const videoRef = useRef<HTMLVideoElement>(null)
  const [boxRef, size] = useElementSize<HTMLDivElement>()
  const visible = usePageVisible()
  const variant = camera && size.width > 0 ? pickVariant(camera.streams, size, window.devicePixelRatio || 1) : null
  const state = useHlsStream(videoRef, variant?.url ?? null, visible)
  const now = useNow(1000)
  return (
    <div
      ref={boxRef}
      className={styles.tile}
      data-testid="wall-tile"
      data-camera-code={camera?.code ?? ''}
      data-state={state.status}
      data-variant={variant?.id ?? ''}
      onDoubleClick={onToggleEnlarge}
    >
      <video ref={videoRef} className={styles.video} muted playsInline autoPlay />
      {camera ? (
        <>
          <div className={styles.topBar}>
            <span className={styles.name} title={camera.name}>{camera.name}</span>
            <span className={styles.code}>{camera.code}</span>
          </div>
          <div className={styles.bottomBar}>
            <Badge state={state} now={now} />
            <span className={styles.tileClock}>{formatTime(now, timeZone)}</span>
          </div>
        </>
      ) : (
        <div className={styles.empty}>{t('tile.empty')}</div>
      )}
    </div>
  )
}
