import { createContext, useContext } from 'react'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'

export type TileAction = 'replace' | 'remove' | 'snapshot' | 'playback' | 'incident'

/** What every tile needs from its wall, passed by context so a tile takes few props. */
export type WallContextValue = {
  timeZone: string
  /** the tile shown over the whole wall, if any */
  enlarged: number | null
  /** tiles of the layout shown; tiles from this index on are parked (hidden, kept a while) */
  tileCount: number
  toggleEnlarge(index: number): void
  /** something was dropped on a tile: a camera, a group, or another tile */
  drop(index: number, data: DataTransfer): void
  act(
    index: number,
    action: TileAction,
    camera: CameraView | null,
    video: HTMLVideoElement | null
  ): void
}

export const WallContext = createContext<WallContextValue | null>(null)

/** The wall around a tile, or null for a tile shown on its own (e.g. a camera preview on the map). */
export function useWall(): WallContextValue | null {
  return useContext(WallContext)
}

/** Drag-and-drop payload types between the tree and the tiles. */
export const DND_CAMERAS = 'application/x-watchroom-cameras'
export const DND_TILE = 'application/x-watchroom-tile'
