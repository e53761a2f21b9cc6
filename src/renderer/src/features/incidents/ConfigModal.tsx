import { App, Button, Form, Input, Modal, Space } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { useMutation } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { api } from '../../lib/api'
import { queryClient } from '../../lib/queryClient'
import type { CodeName } from '../../../../shared/domain/incident'
import { useIncidentConfig, incidentKeys } from './queries'
import { incidentErrorMessage } from './errors'
import { RemoveRowButton } from './RemoveRowButton'

type Values = { types: CodeName[]; departments: CodeName[] }

function CodeNameList({ name, label }: { name: keyof Values; label: string }) {
  const { t } = useTranslation()
  return (
    <Form.List name={name}>
      {(items, { add, remove }) => (
        <Form.Item label={label}>
          {items.map((item) => (
            <Space key={item.key} align="baseline">
              <Form.Item
                name={[item.name, 'code']}
                rules={[
                  { required: true, pattern: /^[\w.-]{1,40}$/, message: t('config.codeRule') }
                ]}
              >
                <Input placeholder={t('config.code')} style={{ width: 140 }} />
              </Form.Item>
              <Form.Item name={[item.name, 'name']} rules={[{ required: true, max: 60 }]}>
                <Input placeholder={t('config.name')} style={{ width: 220 }} />
              </Form.Item>
              <RemoveRowButton onRemove={() => remove(item.name)} disabled={items.length <= 1} />
            </Space>
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => add({ code: '', name: '' })}>
            {t('config.add')}
          </Button>
        </Form.Item>
      )}
    </Form.List>
  )
}

/** The room's incident types and departments (codes stay stable; names are the room's own). Changes are audited. */
export function ConfigModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const config = useIncidentConfig()
  const [form] = Form.useForm<Values>()
  const save = useMutation({
    mutationFn: (v: Values) => api['incidents:setConfig'](v),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: incidentKeys.config })
      onClose()
    },
    onError: (err) => void message.error(incidentErrorMessage(t, err))
  })
  return (
    <Modal
      open={open}
      title={t('config.title')}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => save.mutate(v))}
      confirmLoading={save.isPending}
      width={560}
      destroyOnHidden
    >
      {config.data && (
        <Form form={form} layout="vertical" initialValues={config.data} preserve={false}>
          <CodeNameList name="types" label={t('config.types')} />
          <CodeNameList name="departments" label={t('config.departments')} />
        </Form>
      )}
    </Modal>
  )
}
