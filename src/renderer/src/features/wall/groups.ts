import { useTaxonomy } from '../registry/queries'
import type { TreeGroup } from './model/cameraTree'

/**
 * Camera groups for the tree's "by group" view and for tours; null while
 * unknown. The registry's taxonomy query (refreshed on every registry change).
 */
export function useCameraGroups(): readonly TreeGroup[] | null {
  return useTaxonomy().data?.groups ?? null
}
