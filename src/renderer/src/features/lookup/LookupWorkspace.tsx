import { useState } from 'react'
import { Card, Descriptions, Space } from 'antd'
import { Circle } from 'react-konva'
import { useTranslation } from 'react-i18next'
import { useCameras, useRoads } from '../app/queries'
import { SiteMap } from '../map/SiteMap'

/** Hit-and-run lookup: pick the incident place on the map and its time window. */
export function LookupWorkspace() {
  const { t } = useTranslation()
  const roads = useRoads()
  const cameras = useCameras()
  const [origin, setOrigin] = useState<{ lng: number; lat: number } | null>(null)
  return (
    <div style={{ display: 'flex', gap: 12, height: '100%' }}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <SiteMap
          roads={roads.data ?? []}
          cameras={cameras.data ?? []}
          onPick={(p) => setOrigin({ lng: p.lng, lat: p.lat })}
          overlay={(proj) => {
            if (!origin) return null
            const [x, y] = proj.toXY(origin.lng, origin.lat)
            return <Circle x={x} y={y} radius={12} stroke="#ff4d4f" strokeWidth={3} />
          }}
        />
      </div>
      <Space direction="vertical" style={{ width: 360 }}>
        <Card size="small" title={t('lookup.origin')}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('lookup.lat')}>{origin ? origin.lat.toFixed(6) : t('lookup.clickMap')}</Descriptions.Item>
            <Descriptions.Item label={t('lookup.lng')}>{origin ? origin.lng.toFixed(6) : ''}</Descriptions.Item>
          </Descriptions>
        </Card>
      </Space>
    </div>
  )
}
