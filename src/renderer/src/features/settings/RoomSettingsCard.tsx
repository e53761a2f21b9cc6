import { App, Button, Card, Form, InputNumber } from 'antd'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { api } from '../../lib/api'
import { errorMessage } from '../../lib/errors'
import { queryClient } from '../../lib/queryClient'
import type { RoomSettings } from '../../../../shared/ipc/contracts/settings'

/** Idle lock and backup schedule (admin). */
export function RoomSettingsCard() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api['settings:get']({}) })
  const save = useMutation({
    mutationFn: api['settings:update'],
    onSuccess: (s) => {
      queryClient.setQueryData(['settings'], s)
      void message.success(t('settings.saved'))
    },
    onError: (e) => void message.error(errorMessage(t, e))
  })
  if (!settings.data) return null
  return (
    <Card title={t('settings.room')}>
      <Form<RoomSettings>
        layout="vertical"
        initialValues={settings.data}
        onFinish={(v) => save.mutate(v)}
        style={{ maxWidth: 360 }}
      >
        <Form.Item
          name="lockIdleMinutes"
          label={t('settings.lockIdleMinutes')}
          extra={t('settings.lockIdleHint')}
        >
          <InputNumber min={0} max={240} />
        </Form.Item>
        <Form.Item name="backupEveryHours" label={t('settings.backupEveryHours')}>
          <InputNumber min={0} max={168} />
        </Form.Item>
        <Form.Item name="backupKeepDays" label={t('settings.backupKeepDays')}>
          <InputNumber min={1} max={365} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  )
}
