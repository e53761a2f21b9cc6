import { memo, useCallback, useRef } from 'react'
import { Spin } from 'antd'
import { useTranslation } from 'react-i18next'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import { useVodPlayer, type VodPlayer } from '../player/useVodPlayer'
import styles from './playback.module.css'

type Props = {
  camera: CameraView | undefined
  cameraId: number
  url: string | null
  /** no footage at the clock's time (set by the sync loop) */
  gap: boolean
  sync: { clockTime: () => number; register: (cameraId: number, p: VodPlayer | null) => void }
}

/** One camera's recorded footage; the workspace's sync loop drives its <video>. */
export const PlaybackTile = memo(function PlaybackTile({
  camera,
  cameraId,
  url,
  gap,
  sync
}: Props) {
  const { t } = useTranslation()
  const videoRef = useRef<HTMLVideoElement>(null)
  const { register } = sync
  const onPlayer = useCallback((p: VodPlayer | null) => register(cameraId, p), [register, cameraId])
  const { status } = useVodPlayer(videoRef, url, { cue: sync.clockTime, onPlayer })
  const noFootage = url === null || gap
  return (
    <div
      className={styles.tile}
      data-testid="playback-tile"
      data-camera-id={cameraId}
      data-status={status}
      data-gap={noFootage ? '1' : '0'}
    >
      <video
        ref={videoRef}
        className={styles.video}
        muted
        playsInline
        disablePictureInPicture
        style={{ visibility: noFootage ? 'hidden' : 'visible' }}
      />
      <div className={styles.tileLabel}>
        <span className={styles.code}>{camera?.code ?? cameraId}</span> {camera?.name}
      </div>
      {noFootage ? (
        <div className={styles.tileNotice} data-testid="tile-no-footage">
          {t('playback.noFootage')}
        </div>
      ) : status === 'error' ? (
        <div className={styles.tileNotice}>{t('playback.loadFailed')}</div>
      ) : status === 'loading' ? (
        <div className={styles.tileNotice}>
          <Spin size="small" />
        </div>
      ) : null}
    </div>
  )
})
