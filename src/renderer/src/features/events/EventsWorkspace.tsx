import { useEffect, useState } from 'react'
import { Table, Tabs, Tag } from 'antd'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { api } from '../../lib/api'
import { appBus } from '../../lib/appBus'
import { queryKeys } from '../../lib/queryClient'
import { formatDateTime } from '../../lib/time'
import { useCameras, useSession, useRoomZone } from '../app/queries'
import type { SystemEvent } from '../../../../shared/domain/systemEvent'
import { roleHas } from '../../../../shared/auth/roles'
import { IncidentsPanel } from '../incidents/IncidentsPanel'
import { DutyLog } from '../duty/DutyLog'
import { AuditView } from '../audit/AuditView'
import styles from './events.module.css'

// a handover asked for at logout switches the shell here first, then this workspace mounts
let openOnDuty = false
appBus.on('duty:handover', () => {
  openOnDuty = true
})

const KIND_COLOR: Partial<Record<SystemEvent['kind'], string>> = {
  'camera.offline': 'red',
  'camera.online': 'green',
  'camera.degraded': 'orange',
  'auth.failed': 'volcano'
}

/** The system event log (camera online/offline, logins, imports): newest first, updated live by pushed events. */
function SystemEventsTable() {
  const { t } = useTranslation()
  const cameras = useCameras()
  const events = useQuery({
    queryKey: queryKeys.events(),
    queryFn: () => api['events:list']({ limit: 200 })
  })
  const byId = new Map((cameras.data ?? []).map((c) => [c.id, c]))
  const tz = useRoomZone()
  return (
    <Table<SystemEvent>
      size="small"
      rowKey="id"
      loading={events.isPending}
      dataSource={events.data ?? []}
      pagination={{ pageSize: 50, showSizeChanger: false }}
      data-testid="events-table"
      columns={[
        {
          title: t('events.time'),
          dataIndex: 'at',
          width: 190,
          render: (at: number) => formatDateTime(at, tz)
        },
        {
          title: t('events.kind'),
          dataIndex: 'kind',
          width: 180,
          render: (k: SystemEvent['kind']) => <Tag color={KIND_COLOR[k]}>{t(`eventKind.${k}`)}</Tag>
        },
        {
          title: t('events.camera'),
          dataIndex: 'cameraId',
          width: 240,
          render: (id: number | null) => (id === null ? '' : (byId.get(id)?.name ?? `#${id}`))
        },
        { title: t('events.actor'), dataIndex: 'actor', width: 140 },
        {
          title: t('events.details'),
          dataIndex: 'data',
          render: (d: Record<string, unknown>) => (
            <span style={{ opacity: 0.8 }}>
              {Object.entries(d)
                .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
                .join(' · ')}
            </span>
          )
        }
      ]}
    />
  )
}

type Tab = 'incidents' | 'duty' | 'system' | 'audit'

/** The event and duty log: incidents (with search), the duty log, the system event log and, for admins, the audit trail. */
export function EventsWorkspace() {
  const { t } = useTranslation()
  const session = useSession()
  const [tab, setTab] = useState<Tab>(() => {
    const duty = openOnDuty
    openOnDuty = false
    return duty ? 'duty' : 'incidents'
  })
  useEffect(
    () =>
      appBus.on('duty:handover', () => {
        openOnDuty = false
        setTab('duty')
      }),
    []
  )
  const canAudit = session.data ? roleHas(session.data.user.role, 'audit.view') : false
  return (
    <Tabs
      className={styles.tabs}
      activeKey={tab}
      onChange={(k) => setTab(k as Tab)}
      destroyOnHidden
      items={[
        {
          key: 'incidents',
          label: <span data-testid="tab-incidents">{t('eventsTab.incidents')}</span>,
          children: <IncidentsPanel />
        },
        {
          key: 'duty',
          label: <span data-testid="tab-duty">{t('eventsTab.duty')}</span>,
          children: <DutyLog />
        },
        {
          key: 'system',
          label: <span data-testid="tab-system">{t('eventsTab.system')}</span>,
          children: <SystemEventsTable />
        },
        ...(canAudit
          ? [
              {
                key: 'audit',
                label: <span data-testid="tab-audit">{t('eventsTab.audit')}</span>,
                children: <AuditView />
              }
            ]
          : [])
      ]}
    />
  )
}
