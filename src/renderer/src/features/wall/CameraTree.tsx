import { memo, useMemo, useState } from 'react'
import { Empty, Input, Segmented, Tree } from 'antd'
import type { DataNode } from 'antd/es/tree'
import { useTranslation } from 'react-i18next'
import { matchesSearch } from '../../lib/search'
import { useElementSize } from '../../lib/useElementSize'
import {
  buildAreaTree,
  buildGroupTree,
  filterTree,
  folderKeys,
  type CameraTreeNode,
  type TreeCamera,
  type TreeGroup
} from './model/cameraTree'
import { DND_CAMERAS } from './wallContext'
import styles from './wall.module.css'

function NodeTitle({ node }: { node: CameraTreeNode }) {
  const { t } = useTranslation()
  const label =
    node.label ??
    (node.kind === 'block'
      ? t('tree.noBlock')
      : node.kind === 'community'
        ? t('tree.noCommunity')
        : t('tree.unnamed'))
  return (
    <span
      className={styles.treeNode}
      draggable
      data-testid={
        node.kind === 'camera' ? `tree-camera-${node.camera?.code ?? ''}` : `tree-${node.kind}`
      }
      data-label={label}
      onDragStart={(e) => {
        e.dataTransfer.setData(DND_CAMERAS, JSON.stringify(node.cameraIds))
        e.dataTransfer.effectAllowed = 'copy'
      }}
      title={
        node.kind === 'camera'
          ? `${node.camera?.code ?? ''} ${label}`
          : t('tree.dragGroup', { count: node.cameraIds.length })
      }
    >
      {node.camera && (
        <span
          className={`${styles.dot} ${styles[`dot_${node.camera.status}`] ?? ''}`}
          title={
            node.camera.statusReason
              ? `${t(`cameraStatus.${node.camera.status}`)} · ${t(`tile.reason.${node.camera.statusReason}`)}`
              : t(`cameraStatus.${node.camera.status}`)
          }
        />
      )}
      {node.camera && <span className={styles.treeCode}>{node.camera.code}</span>}
      <span className={styles.treeLabel}>{label}</span>
      {node.kind !== 'camera' && <span className={styles.treeCount}>{node.cameraIds.length}</span>}
    </span>
  )
}

const toData = (nodes: readonly CameraTreeNode[]): DataNode[] =>
  nodes.map((n) => ({
    key: n.key,
    title: <NodeTitle node={n} />,
    isLeaf: n.kind === 'camera',
    children: n.children && toData(n.children)
  }))

/**
 * The camera tree beside the wall: by block → community → camera or by camera
 * group, with status dots and search by code, name or pinyin initials. Nodes
 * are dragged onto tiles: a camera onto one tile, a folder fills the wall.
 */
export const CameraTree = memo(function CameraTree({
  cameras,
  groups
}: {
  cameras: readonly TreeCamera[]
  groups: readonly TreeGroup[] | null
}) {
  const { t } = useTranslation()
  const [mode, setMode] = useState<'area' | 'group'>('area')
  const [query, setQuery] = useState('')
  const [expanded, setExpanded] = useState<string[] | null>(null)
  const [scrollRef, scrollSize] = useElementSize<HTMLDivElement>()
  const nodes = useMemo(() => {
    const all = mode === 'area' ? buildAreaTree(cameras) : buildGroupTree(cameras, groups ?? [])
    return filterTree(all, (fields) => matchesSearch(query, fields))
  }, [cameras, groups, mode, query])
  const data = useMemo(() => toData(nodes), [nodes])
  // While searching every folder is open; otherwise the first block is, until the user chooses.
  const expandedKeys = query.trim()
    ? folderKeys(nodes)
    : (expanded ?? folderKeys(nodes.slice(0, 1)))
  return (
    <div className={styles.tree} data-testid="camera-tree" data-lock-cover="tree">
      <Input.Search
        allowClear
        size="small"
        placeholder={t('tree.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="tree-search"
      />
      {groups !== null && (
        <Segmented<'area' | 'group'>
          size="small"
          block
          value={mode}
          onChange={(v) => setMode(v)}
          options={[
            { value: 'area', label: t('tree.byArea') },
            { value: 'group', label: t('tree.byGroup') }
          ]}
        />
      )}
      <div className={styles.treeScroll} ref={scrollRef}>
        {data.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={t(mode === 'group' && !query ? 'tree.noGroups' : 'tree.noMatch')}
          />
        ) : (
          <Tree
            blockNode
            selectable={false}
            treeData={data}
            expandedKeys={expandedKeys}
            onExpand={(keys) => setExpanded(keys.map(String))}
            virtual
            height={Math.max(120, scrollSize.height)}
          />
        )}
      </div>
    </div>
  )
})
