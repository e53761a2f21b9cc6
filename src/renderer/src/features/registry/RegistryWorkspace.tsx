import { useCallback, useMemo, useState } from 'react'
import { Tabs } from 'antd'
import { useTranslation } from 'react-i18next'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import { roleHas } from '../../../../shared/auth/roles'
import { useCameras, useRoads, useSession, useRoomZone } from '../app/queries'
import { MapEditor } from '../map/MapEditor'
import { ImportDialog } from './ImportDialog'
import { OnvifAddButton } from '../ptz/OnvifAddButton'
import { CameraTable } from './CameraTable'
import { CameraDrawer } from './CameraDrawer'
import { BulkEditModal } from './BulkEditModal'
import { useTaxonomy } from './queries'
import { nearestRoadNames } from './model/nearestRoad'

/** Cameras and roads: the table with filters and edits, imports/exports, and the site map. */
export function RegistryWorkspace() {
  const { t } = useTranslation()
  const cameras = useCameras()
  const roads = useRoads()
  const taxonomy = useTaxonomy()
  const session = useSession()
  const [tab, setTab] = useState('table')
  const [importing, setImporting] = useState(false)
  const [editing, setEditing] = useState<CameraView | 'new' | null>(null)
  const [bulkIds, setBulkIds] = useState<number[] | null>(null)
  const canEdit = !!session.data && roleHas(session.data.user.role, 'registry.edit')
  const timeZone = useRoomZone()
  const cameraList = useMemo(() => cameras.data ?? [], [cameras.data])
  const roadList = useMemo(() => roads.data ?? [], [roads.data])

  // the road each camera stands on, recomputed only when positions or roads change
  const positionsKey = useMemo(
    () => cameraList.map((c) => `${c.id}:${c.lat}:${c.lng}`).join('|'),
    [cameraList]
  )
  const roadNames = useMemo(
    () => nearestRoadNames(cameraList, roadList),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [positionsKey, roadList]
  )
  const roadOf = useCallback((c: CameraView) => roadNames.get(c.id), [roadNames])
  // the drawer shows the latest copy (after saves and pushes from other windows)
  const editingCurrent =
    editing && editing !== 'new'
      ? (cameraList.find((c) => c.id === editing.id) ?? editing)
      : editing

  return (
    <>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden={false}
        style={{ height: '100%' }}
        tabBarExtraContent={canEdit ? <OnvifAddButton /> : null}
        items={[
          {
            key: 'table',
            label: (
              <span data-testid="registry-tab-table">
                {t('registry.cameras', { count: cameraList.length })}
              </span>
            ),
            children: (
              <CameraTable
                cameras={cameraList}
                loading={cameras.isPending}
                taxonomy={taxonomy.data}
                roadOf={roadOf}
                canEdit={canEdit}
                timeZone={timeZone}
                onEdit={setEditing}
                onBulkEdit={setBulkIds}
                onImport={() => setImporting(true)}
              />
            )
          },
          {
            key: 'map',
            label: (
              <span data-testid="registry-tab-map">
                {t('registry.map', { count: roadList.length })}
              </span>
            ),
            children: (
              <div style={{ height: 'calc(100vh - 150px)' }}>
                {tab === 'map' && (
                  <MapEditor
                    roads={roadList}
                    cameras={cameraList}
                    canEdit={canEdit}
                    timeZone={timeZone}
                    roadOf={roadOf}
                  />
                )}
              </div>
            )
          }
        ]}
      />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
      <CameraDrawer
        camera={editingCurrent}
        taxonomy={taxonomy.data}
        canEdit={canEdit}
        timeZone={timeZone}
        onClose={() => setEditing(null)}
      />
      <BulkEditModal ids={bulkIds} taxonomy={taxonomy.data} onClose={() => setBulkIds(null)} />
    </>
  )
}
