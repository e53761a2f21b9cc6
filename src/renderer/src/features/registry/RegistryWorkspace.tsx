import { useMemo, useState } from 'react'
import { Badge, Button, Input, Space, Table, Tabs, Tag } from 'antd'
import { ImportOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import { useCameras, useRoads } from '../app/queries'
import { SiteMap } from '../map/SiteMap'
import { ImportDialog } from './ImportDialog'
import { matchesSearch } from '../../lib/search'

const STATUS_BADGE = { online: 'success', offline: 'error', degraded: 'warning', unknown: 'default' } as const

export function RegistryWorkspace() {
  const { t } = useTranslation()
  const cameras = useCameras()
  const roads = useRoads()
  const [query, setQuery] = useState('')
  const [importing, setImporting] = useState(false)
  const rows = useMemo(
    () => (cameras.data ?? []).filter((c) => matchesSearch(query, [c.code, c.name, c.community ?? '', c.block ?? ''])),
    [cameras.data, query]
  )
  return (
    <>
    <Tabs
      defaultActiveKey="table"
      tabBarExtraContent={
        <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="open-import">
          {t('import.open')}
        </Button>
      }
      items={[
        {
          key: 'table',
          label: t('registry.cameras', { count: cameras.data?.length ?? 0 }),
          children: (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Input.Search
                allowClear
                placeholder={t('registry.searchPlaceholder')}
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                style={{ maxWidth: 360 }}
                data-testid="registry-search"
              />
              <Table<CameraView>
                size="small"
                rowKey="id"
                loading={cameras.isPending}
                dataSource={rows}
                pagination={false}
                virtual
                scroll={{ y: 560, x: 1100 }}
                data-testid="registry-table"
                columns={[
                  { title: t('camera.code'), dataIndex: 'code', width: 110, fixed: 'left' },
                  { title: t('camera.name'), dataIndex: 'name', width: 280, ellipsis: true },
                  {
                    title: t('camera.status'),
                    dataIndex: 'status',
                    width: 100,
                    render: (s: CameraView['status']) => <Badge status={STATUS_BADGE[s]} text={t(`cameraStatus.${s}`)} />
                  },
                  { title: t('camera.block'), dataIndex: 'block', width: 110 },
                  { title: t('camera.community'), dataIndex: 'community', width: 130 },
                  { title: t('camera.kind'), dataIndex: 'kind', width: 110, render: (k: string | null) => (k ? t(`cameraKind.${k}`, { defaultValue: k }) : '') },
                  { title: t('camera.owner'), dataIndex: 'owner', width: 90, render: (o: string | null) => (o ? t(`owner.${o}`) : '') },
                  { title: t('camera.anpr'), dataIndex: 'anpr', width: 80, render: (a: boolean) => (a ? <Tag color="blue">{t('camera.anprYes')}</Tag> : null) },
                  { title: t('camera.lat'), dataIndex: 'lat', width: 110, render: (v: number) => v.toFixed(6) },
                  { title: t('camera.lng'), dataIndex: 'lng', width: 110, render: (v: number) => v.toFixed(6) }
                ]}
              />
            </Space>
          )
        },
        {
          key: 'map',
          label: t('registry.map', { count: roads.data?.length ?? 0 }),
          children: (
            <div style={{ height: 'calc(100vh - 150px)' }}>
              <SiteMap roads={roads.data ?? []} cameras={cameras.data ?? []} />
            </div>
          )
        }
      ]}
    />
    <ImportDialog open={importing} onClose={() => setImporting(false)} />
    </>
  )
}
