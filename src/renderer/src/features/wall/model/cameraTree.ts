import type { LiveFailure } from '../../../../../shared/domain/live'
import type { CameraStatus } from '../../../../../shared/domain/camera'
import { naturalCompare, naturalCompareBlankLast } from '../../../../../shared/domain/naturalOrder'

export type TreeCamera = {
  id: number
  code: string
  name: string
  status: CameraStatus
  /** why main's live service cannot play it now, when it says */
  statusReason?: LiveFailure | null
  block: string | null
  community: string | null
}
export type TreeGroup = { id: number; name: string; cameraIds: readonly number[] }

/** A node of the camera tree; a folder's `cameraIds` are every camera below it, in tree order. */
export type CameraTreeNode = {
  key: string
  kind: 'block' | 'community' | 'group' | 'camera'
  /** block, community or group name (null = not assigned); the camera's name for cameras */
  label: string | null
  cameraIds: number[]
  children?: CameraTreeNode[]
  camera?: TreeCamera
}

const byCode = (a: TreeCamera, b: TreeCamera) => naturalCompare(a.code, b.code) || a.id - b.id
/**
 * Folders by their names in natural order (第二片区 before 第十片区, A9 before
 * A10, pinyin otherwise), unassigned last: the registry's own blocks and
 * communities, whatever scheme the district's camera codes follow.
 */
const byLabel = (a: string | null, b: string | null) => naturalCompareBlankLast(a, b)

const cameraNode = (c: TreeCamera, prefix: string): CameraTreeNode => ({
  key: `${prefix}/c${c.id}`,
  kind: 'camera',
  label: c.name,
  cameraIds: [c.id],
  camera: c
})

/** block → community → camera; unassigned cameras gather under a null-labelled folder, last. */
export function buildAreaTree(cameras: readonly TreeCamera[]): CameraTreeNode[] {
  const blocks = new Map<string | null, Map<string | null, TreeCamera[]>>()
  for (const c of cameras) {
    let communities = blocks.get(c.block)
    if (!communities) blocks.set(c.block, (communities = new Map<string | null, TreeCamera[]>()))
    let list = communities.get(c.community)
    if (!list) communities.set(c.community, (list = []))
    list.push(c)
  }
  return [...blocks.entries()]
    .sort((a, b) => byLabel(a[0], b[0]))
    .map(([block, communities]) => {
      const bKey = `b:${block ?? ''}`
      const children = [...communities.entries()]
        .sort((a, b) => byLabel(a[0], b[0]))
        .map(([community, list]) => {
          const key = `${bKey}/m:${community ?? ''}`
          const cams = [...list].sort(byCode).map((c) => cameraNode(c, key))
          return {
            key,
            kind: 'community' as const,
            label: community,
            cameraIds: cams.flatMap((n) => n.cameraIds),
            children: cams
          }
        })
      return {
        key: bKey,
        kind: 'block' as const,
        label: block,
        cameraIds: children.flatMap((n) => n.cameraIds),
        children
      }
    })
}

/** camera group → camera (a camera may be in several groups). */
export function buildGroupTree(
  cameras: readonly TreeCamera[],
  groups: readonly TreeGroup[]
): CameraTreeNode[] {
  const byId = new Map(cameras.map((c) => [c.id, c]))
  return [...groups]
    .sort((a, b) => byLabel(a.name, b.name) || a.id - b.id)
    .map((g) => {
      const key = `g:${g.id}`
      const cams = g.cameraIds
        .map((id) => byId.get(id))
        .filter((c): c is TreeCamera => !!c)
        .sort(byCode)
        .map((c) => cameraNode(c, key))
      return {
        key,
        kind: 'group' as const,
        label: g.name,
        cameraIds: cams.flatMap((n) => n.cameraIds),
        children: cams
      }
    })
}

/**
 * Keeps the cameras that match and the folders above them; a folder whose
 * own name matches keeps all its cameras.
 */
export function filterTree(
  nodes: readonly CameraTreeNode[],
  matches: (fields: string[]) => boolean
): CameraTreeNode[] {
  const out: CameraTreeNode[] = []
  for (const n of nodes) {
    if (n.kind === 'camera') {
      if (n.camera && matches([n.camera.code, n.camera.name])) out.push(n)
      continue
    }
    if (n.label && matches([n.label])) {
      out.push(n)
      continue
    }
    const children = filterTree(n.children ?? [], matches)
    if (children.length)
      out.push({ ...n, children, cameraIds: children.flatMap((c) => c.cameraIds) })
  }
  return out
}

/** Keys of every folder, to expand all while searching. */
export function folderKeys(nodes: readonly CameraTreeNode[]): string[] {
  return nodes.flatMap((n) => (n.kind === 'camera' ? [] : [n.key, ...folderKeys(n.children ?? [])]))
}
