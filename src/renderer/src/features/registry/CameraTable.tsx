import { useDeferredValue, useMemo, useState } from 'react'
import { App, Badge, Button, Dropdown, Input, Space, Table, Tag, Tooltip, Typography } from 'antd'
import {
  DownloadOutlined,
  EditOutlined,
  ImportOutlined,
  InboxOutlined,
  PlusOutlined
} from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import { CAMERA_STATUSES } from '../../../../shared/domain/camera'
import type { RegistryTaxonomy } from '../../../../shared/ipc/contracts/registry'
import { formatDateTime } from '../../lib/time'
import { SelectFilter } from '../../app/SelectFilter'
import { useElementSize } from '../../lib/useElementSize'
import { errorMessage } from '../../lib/errors'
import { emptyFilter, filterCameras, type CameraFilter } from './model/filter'
import { useExportRegistry, useRemoveCameras } from './mutations'

export const STATUS_BADGE = {
  online: 'success',
  offline: 'error',
  degraded: 'warning',
  unknown: 'default'
} as const

type Props = {
  cameras: readonly CameraView[]
  loading: boolean
  taxonomy: RegistryTaxonomy | undefined
  roadOf: (c: CameraView) => string | undefined
  canEdit: boolean
  timeZone: string
  onEdit: (camera: CameraView | 'new') => void
  onBulkEdit: (ids: number[]) => void
  onImport: () => void
}

/**
 * The registry table: filters, pinyin search, a virtual table (only visible
 * rows are rendered, so 5,000 cameras scroll smoothly), selection for bulk
 * edit and archive, export.
 */
export function CameraTable({
  cameras,
  loading,
  taxonomy,
  roadOf,
  canEdit,
  timeZone,
  onEdit,
  onBulkEdit,
  onImport
}: Props) {
  const { t } = useTranslation()
  const { modal, message } = App.useApp()
  const [filter, setFilter] = useState<CameraFilter>(emptyFilter)
  const deferred = useDeferredValue(filter)
  const [selected, setSelected] = useState<number[]>([])
  const remove = useRemoveCameras()
  const exporter = useExportRegistry()
  const [tableBox, tableSize] = useElementSize<HTMLDivElement>()

  const groups = useMemo(() => taxonomy?.groups ?? [], [taxonomy])
  const rows = useMemo(
    () => filterCameras(cameras, deferred, groups, roadOf),
    [cameras, deferred, groups, roadOf]
  )
  const groupsOf = useMemo(() => {
    const m = new Map<number, string[]>()
    for (const g of groups) for (const id of g.cameraIds) m.set(id, [...(m.get(id) ?? []), g.name])
    return m
  }, [groups])
  const kinds = useMemo(
    () => [...new Set(cameras.map((c) => c.kind).filter((k): k is string => !!k))].sort(),
    [cameras]
  )
  const set = (p: Partial<CameraFilter>) => setFilter((f) => ({ ...f, ...p }))

  const archive = () => {
    const ids = selected
    modal.confirm({
      title: t('registry.archive.title', { count: ids.length }),
      content: t('registry.archive.body'),
      okText: t('registry.archive.ok'),
      okButtonProps: { danger: true, 'data-testid': 'archive-confirm' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const r = await remove.mutateAsync({ ids, mode: 'archive' })
          setSelected([])
          void message.success(t('registry.archive.done', { count: r.archived.length }))
        } catch (err) {
          void message.error(errorMessage(t, err))
        }
      }
    })
  }

  const option = <V extends string>(v: V, label?: string) => ({ value: v, label: label ?? v })
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={8}>
      <Space wrap size={8}>
        <Input.Search
          allowClear
          placeholder={t('registry.searchPlaceholder')}
          value={filter.query}
          onChange={(e) => set({ query: e.target.value })}
          style={{ width: 300 }}
          data-testid="registry-search"
        />
        <SelectFilter
          placeholder={t('camera.block')}
          width={110}
          value={filter.block}
          onChange={(block) => set({ block })}
          options={(taxonomy?.blocks ?? []).map((b) =>
            option(b.name, `${b.name} (${b.cameraCount})`)
          )}
          testId="filter-block"
        />
        <SelectFilter
          showSearch
          placeholder={t('camera.community')}
          width={150}
          value={filter.community}
          onChange={(community) => set({ community })}
          options={(taxonomy?.communities ?? [])
            .filter(
              (c) =>
                !filter.block ||
                taxonomy?.blocks.find((b) => b.id === c.blockId)?.name === filter.block
            )
            .map((c) => option(c.name, `${c.name} (${c.cameraCount})`))}
          testId="filter-community"
        />
        <SelectFilter
          placeholder={t('registry.group')}
          width={150}
          value={filter.groupId}
          onChange={(groupId) => set({ groupId })}
          options={groups.map((g) => ({ value: g.id, label: `${g.name} (${g.cameraIds.length})` }))}
          testId="filter-group"
        />
        <SelectFilter
          placeholder={t('camera.status')}
          width={110}
          value={filter.status}
          onChange={(status) => set({ status })}
          options={CAMERA_STATUSES.map((s) => option(s, t(`cameraStatus.${s}`)))}
          testId="filter-status"
        />
        <SelectFilter
          placeholder={t('camera.kind')}
          width={110}
          value={filter.kind}
          onChange={(kind) => set({ kind })}
          options={kinds.map((k) => option(k, t(`cameraKind.${k}`, { defaultValue: k })))}
        />
        <SelectFilter
          placeholder={t('camera.owner')}
          width={100}
          value={filter.owner}
          onChange={(owner) => set({ owner })}
          options={[
            option('public' as const, t('owner.public')),
            option('social' as const, t('owner.social'))
          ]}
        />
        <SelectFilter
          placeholder={t('camera.anpr')}
          width={110}
          value={filter.anpr === null ? null : filter.anpr ? 'yes' : 'no'}
          onChange={(v) => set({ anpr: v === null ? null : v === 'yes' })}
          options={[option('yes', t('registry.anprYes')), option('no', t('registry.anprNo'))]}
        />
        <Typography.Text type="secondary" data-testid="registry-count">
          {t('registry.shown', { shown: rows.length, total: cameras.length })}
        </Typography.Text>
      </Space>
      <Space wrap size={8}>
        {canEdit && (
          <>
            <Button icon={<PlusOutlined />} onClick={() => onEdit('new')} data-testid="camera-new">
              {t('registry.newCamera')}
            </Button>
            <Button
              icon={<EditOutlined />}
              disabled={selected.length === 0}
              onClick={() => onBulkEdit(selected)}
              data-testid="bulk-edit"
            >
              {t('registry.bulkEdit', { count: selected.length })}
            </Button>
            <Button
              icon={<InboxOutlined />}
              danger
              disabled={selected.length === 0}
              onClick={archive}
              data-testid="archive-selected"
            >
              {t('registry.archive.button', { count: selected.length })}
            </Button>
            <Button icon={<ImportOutlined />} onClick={onImport} data-testid="open-import">
              {t('import.open')}
            </Button>
            <Dropdown
              menu={{
                items: [
                  { key: 'cameras-csv', label: t('registry.export.camerasCsv') },
                  { key: 'cameras-geojson', label: t('registry.export.camerasGeojson') },
                  { key: 'roads-geojson', label: t('registry.export.roadsGeojson') }
                ],
                onClick: ({ key }) =>
                  exporter.mutate(key as 'cameras-csv', {
                    onSuccess: (f) =>
                      void message.success(
                        t('registry.export.done', { count: f.count, file: f.fileName })
                      ),
                    onError: (err) => void message.error(errorMessage(t, err))
                  })
              }}
            >
              <Button
                icon={<DownloadOutlined />}
                loading={exporter.isPending}
                data-testid="export-menu"
              >
                {t('registry.export.button')}
              </Button>
            </Dropdown>
          </>
        )}
      </Space>
      <div ref={tableBox} style={{ height: 'calc(100vh - 236px)', minHeight: 240 }}>
        <Table<CameraView>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={rows}
          pagination={false}
          virtual
          // the virtual list needs a number: the box's height less the header row
          scroll={{ y: Math.max(160, tableSize.height - 40), x: 1500 }}
          data-testid="registry-table"
          rowSelection={
            canEdit
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys as number[]),
                  columnWidth: 40
                }
              : undefined
          }
          onRow={(c) =>
            ({
              onDoubleClick: () => onEdit(c),
              'data-code': c.code
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('camera.code'),
              dataIndex: 'code',
              width: 100,
              fixed: 'left',
              sorter: (a, b) => a.code.localeCompare(b.code)
            },
            {
              title: t('camera.name'),
              dataIndex: 'name',
              width: 240,
              ellipsis: { showTitle: true }
            },
            {
              title: t('camera.status'),
              dataIndex: 'status',
              width: 90,
              render: (s: CameraView['status']) => (
                <Badge status={STATUS_BADGE[s]} text={t(`cameraStatus.${s}`)} />
              )
            },
            {
              title: t('registry.road'),
              key: 'road',
              width: 120,
              ellipsis: true,
              render: (_v, c) => roadOf(c) ?? ''
            },
            { title: t('camera.block'), dataIndex: 'block', width: 96, ellipsis: true },
            { title: t('camera.community'), dataIndex: 'community', width: 110, ellipsis: true },
            {
              title: t('registry.group'),
              key: 'groups',
              width: 130,
              ellipsis: true,
              render: (_v, c) => (groupsOf.get(c.id) ?? []).join('、')
            },
            {
              title: t('camera.kind'),
              dataIndex: 'kind',
              width: 80,
              render: (k: string | null) => (k ? t(`cameraKind.${k}`, { defaultValue: k }) : '')
            },
            {
              title: t('camera.owner'),
              dataIndex: 'owner',
              width: 70,
              render: (o: string | null) => (o ? t(`owner.${o}`) : '')
            },
            {
              title: t('camera.anpr'),
              dataIndex: 'anpr',
              width: 80,
              render: (a: boolean) => (a ? <Tag color="blue">{t('camera.anprYes')}</Tag> : null)
            },
            {
              title: t('registry.lastSeen'),
              dataIndex: 'lastSeenAt',
              width: 150,
              render: (v: number | null) => (v ? formatDateTime(v, timeZone) : '—')
            },
            {
              title: t('camera.lat'),
              dataIndex: 'lat',
              width: 100,
              render: (v: number) => v.toFixed(6)
            },
            {
              title: t('camera.lng'),
              dataIndex: 'lng',
              width: 110,
              render: (v: number) => v.toFixed(6)
            },
            {
              title: '',
              key: 'edit',
              width: 50,
              fixed: 'right',
              render: (_v, c) => (
                <Tooltip title={canEdit ? t('registry.edit') : t('registry.details')}>
                  <Button
                    size="small"
                    type="text"
                    icon={<EditOutlined />}
                    onClick={() => onEdit(c)}
                    data-testid={`edit-${c.code}`}
                  />
                </Tooltip>
              )
            }
          ]}
        />
      </div>
    </Space>
  )
}
