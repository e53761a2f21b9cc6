import { useState } from 'react'
import { Card, Select, Space, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useCameras } from '../app/queries'
import { matchesSearch } from '../../lib/search'

/** Picks up to 16 cameras for synchronized review of recorded footage. */
export function PlaybackWorkspace() {
  const { t } = useTranslation()
  const cameras = useCameras()
  const [selected, setSelected] = useState<number[]>([])
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('playback.cameras')}>
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          maxCount={16}
          value={selected}
          onChange={setSelected}
          placeholder={t('playback.pickCameras')}
          filterOption={(input, option) => matchesSearch(input, [String(option?.label ?? '')])}
          options={(cameras.data ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))}
          data-testid="playback-cameras"
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('playback.selected', { count: selected.length })}
        </Typography.Paragraph>
      </Card>
    </Space>
  )
}
