import { useEffect, useRef } from 'react'
import { useLivePlayer } from '../player/useLivePlayer'
import type { StreamState } from '../player/state'
import styles from './wall.module.css'

/** One camera stream variant playing in a tile. */
export type Layer = { key: string; cameraId: number; url: string }

/**
 * A <video> and the live player that feeds it from main's live socket
 * (every camera kind reaches the wall that way). A tile stacks several
 * while it switches: the outgoing picture stays until the new one shows a
 * frame, and a tour's next camera decodes invisibly before its turn.
 */
export function VideoLayer({
  layer,
  role,
  enabled,
  onState
}: {
  layer: Layer
  role: 'current' | 'outgoing' | 'upcoming'
  enabled: boolean
  /** the layer's state, and null once it is gone */
  onState: (key: string, state: StreamState | null) => void
}) {
  const videoRef = useRef<HTMLVideoElement>(null)
  const state = useLivePlayer(videoRef, layer.url, { enabled })
  useEffect(() => onState(layer.key, state), [onState, layer.key, state])
  useEffect(() => () => onState(layer.key, null), [onState, layer.key])
  const showing =
    role === 'outgoing' ||
    (role === 'current' && state.status !== 'connecting' && state.status !== 'idle')
  return (
    <video
      ref={videoRef}
      className={styles.video}
      style={{
        opacity: showing ? 1 : 0,
        zIndex: role === 'current' ? 2 : role === 'outgoing' ? 1 : 0
      }}
      data-role={role}
      data-current={role === 'current' ? 'true' : undefined}
      muted
      playsInline
      autoPlay
    />
  )
}
