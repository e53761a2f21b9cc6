import type { CameraStatus } from '../../../../../shared/domain/camera'
import type { CameraGroup } from '../../../../../shared/domain/registry'
import { matchesSearch } from '../../../lib/search'

/** The registry table's filters; `null` = any. */
export type CameraFilter = {
  query: string
  block: string | null
  community: string | null
  groupId: number | null
  status: CameraStatus | null
  kind: string | null
  owner: 'public' | 'social' | null
  anpr: boolean | null
}

export const emptyFilter: CameraFilter = {
  query: '',
  block: null,
  community: null,
  groupId: null,
  status: null,
  kind: null,
  owner: null,
  anpr: null
}

type Filterable = {
  id: number
  code: string
  name: string
  status: CameraStatus
  block: string | null
  community: string | null
  kind: string | null
  owner: 'public' | 'social' | null
  anpr: boolean
}

/**
 * Cameras passing every filter; the search matches code, name and the road
 * the camera is on, as substrings or by pinyin initials (`jcl` → 金城路).
 */
export function filterCameras<C extends Filterable>(
  cameras: readonly C[],
  f: CameraFilter,
  groups: readonly CameraGroup[],
  roadOf: (c: C) => string | undefined
): C[] {
  const members =
    f.groupId === null ? null : new Set(groups.find((g) => g.id === f.groupId)?.cameraIds ?? [])
  return cameras.filter(
    (c) =>
      (f.block === null || c.block === f.block) &&
      (f.community === null || c.community === f.community) &&
      (members === null || members.has(c.id)) &&
      (f.status === null || c.status === f.status) &&
      (f.kind === null || c.kind === f.kind) &&
      (f.owner === null || c.owner === f.owner) &&
      (f.anpr === null || c.anpr === f.anpr) &&
      matchesSearch(f.query, [c.code, c.name, roadOf(c) ?? ''])
  )
}
