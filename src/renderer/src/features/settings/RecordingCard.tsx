import { useMemo, useState } from 'react'
import {
  App,
  Badge,
  Button,
  Card,
  InputNumber,
  Progress,
  Segmented,
  Space,
  Table,
  Typography
} from 'antd'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { api } from '../../lib/api'
import { errorMessage } from '../../lib/errors'
import { queryClient } from '../../lib/queryClient'
import { formatDateTime } from '../../lib/time'
import { useCameras, useRoomZone } from '../app/queries'
import type { RecordingCameraStatus, RecordingMode } from '../../../../shared/domain/recording'

const overviewKey = ['recording', 'overview'] as const
const GiB = 1024 ** 3
const STATE_BADGE = {
  recording: 'success',
  starting: 'processing',
  waiting: 'warning',
  off: 'default',
  unsupported: 'error'
} as const

/** Per-camera recording mode and retention, and the store's disk quota (technicians). */
export function RecordingCard() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const cameras = useCameras()
  const overview = useQuery({
    queryKey: overviewKey,
    queryFn: () => api['recording:overview']({}),
    refetchInterval: 10_000
  })
  const [selected, setSelected] = useState<number[]>([])
  const [mode, setMode] = useState<RecordingMode>('continuous')
  const [retention, setRetention] = useState(30)
  const [quotaGiB, setQuotaGiB] = useState<number | null>(null)
  const done = () => void queryClient.invalidateQueries({ queryKey: overviewKey })
  const onError = (e: unknown) => void message.error(errorMessage(t, e))
  const setCameras = useMutation({
    mutationFn: api['recording:setCameras'],
    onSuccess: () => {
      done()
      setSelected([])
    },
    onError
  })
  const setQuota = useMutation({ mutationFn: api['recording:setQuota'], onSuccess: done, onError })
  const byId = useMemo(() => new Map((cameras.data ?? []).map((c) => [c.id, c])), [cameras.data])
  const tz = useRoomZone()
  const o = overview.data
  return (
    <Card title={t('recordingSettings.title')} data-testid="recording-settings">
      {o && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Text>
              {t('recordingSettings.used', {
                used: (o.usedBytes / GiB).toFixed(2),
                quota: (o.quotaBytes / GiB).toFixed(0)
              })}
            </Typography.Text>
            <Progress
              percent={Math.min(100, Math.round((100 * o.usedBytes) / o.quotaBytes))}
              size="small"
              style={{ width: 160 }}
            />
            <InputNumber
              min={1}
              max={1_000_000}
              value={quotaGiB ?? Math.round(o.quotaBytes / GiB)}
              onChange={(v) => setQuotaGiB(v)}
              addonAfter="GiB"
            />
            <Button
              onClick={() =>
                quotaGiB && setQuota.mutate({ quotaBytes: Math.round(quotaGiB * GiB) })
              }
              loading={setQuota.isPending}
            >
              {t('recordingSettings.setQuota')}
            </Button>
          </Space>
          <Space wrap>
            <Segmented<RecordingMode>
              value={mode}
              onChange={setMode}
              options={[
                { value: 'continuous', label: t('recordingSettings.mode.continuous') },
                { value: 'off', label: t('recordingSettings.mode.off') }
              ]}
            />
            <InputNumber
              min={1}
              max={3650}
              value={retention}
              onChange={(v) => setRetention(v ?? 30)}
              addonAfter={t('recordingSettings.days')}
            />
            <Button
              type="primary"
              disabled={selected.length === 0}
              loading={setCameras.isPending}
              onClick={() =>
                setCameras.mutate({ cameraIds: selected, mode, retentionDays: retention })
              }
              data-testid="recording-apply"
            >
              {t('recordingSettings.apply', { count: selected.length })}
            </Button>
          </Space>
          <Table<RecordingCameraStatus>
            size="small"
            rowKey="cameraId"
            dataSource={o.cameras}
            pagination={false}
            virtual
            scroll={{ y: 360 }}
            rowSelection={{
              columnWidth: 40,
              selectedRowKeys: selected,
              onChange: (keys) => setSelected(keys as number[])
            }}
            columns={[
              {
                title: t('camera.code'),
                key: 'code',
                width: 110,
                render: (_v, r) => byId.get(r.cameraId)?.code ?? r.cameraId
              },
              {
                title: t('camera.name'),
                key: 'name',
                width: 260,
                ellipsis: true,
                render: (_v, r) => byId.get(r.cameraId)?.name ?? ''
              },
              {
                title: t('recordingSettings.modeTitle'),
                dataIndex: 'mode',
                width: 100,
                render: (m: RecordingMode) => t(`recordingSettings.mode.${m}`)
              },
              {
                title: t('recordingSettings.retention'),
                dataIndex: 'retentionDays',
                width: 100,
                render: (d: number) => t('recordingSettings.daysValue', { count: d })
              },
              {
                title: t('recordingSettings.state'),
                dataIndex: 'state',
                width: 120,
                render: (s: RecordingCameraStatus['state'], r) => (
                  <Badge
                    status={STATE_BADGE[s]}
                    text={t(`recordingSettings.stateName.${s}`)}
                    title={r.lastError ?? undefined}
                  />
                )
              },
              {
                title: t('recordingSettings.last'),
                dataIndex: 'lastSegmentEnd',
                render: (ms: number | null) => (ms ? formatDateTime(ms, tz) : '')
              }
            ]}
          />
        </Space>
      )}
    </Card>
  )
}
