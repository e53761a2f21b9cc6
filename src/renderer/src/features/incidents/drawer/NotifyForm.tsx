import { App, Button, DatePicker, Form, Input, Radio, Select } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import {
  NOTIFY_METHODS,
  type Incident,
  type NotifyMethod
} from '../../../../../shared/domain/incident'
import { useSession } from '../../app/queries'
import { useConfigOptions, useIncidentConfig } from '../queries'
import { useNotify } from '../mutations'
import { incidentErrorMessage } from '../errors'

/** Records a department call: who, how, when, who answered. */
export function NotifyForm({ incident, onDone }: { incident: Incident; onDone: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const config = useIncidentConfig()
  const departmentOptions = useConfigOptions('departments')
  const session = useSession()
  const notify = useNotify()
  const [form] = Form.useForm<{
    department: string
    method: NotifyMethod
    at: Dayjs
    calledBy: string
    contact?: string
    note?: string
  }>()
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={{
        department: config.data?.departments[0]?.code,
        method: 'phone',
        at: dayjs(),
        calledBy: session.data?.user.displayName ?? ''
      }}
      onFinish={(v) =>
        notify.mutate(
          {
            id: incident.id,
            department: v.department,
            method: v.method,
            at: v.at.valueOf(),
            calledBy: v.calledBy,
            contact: v.contact ?? '',
            note: v.note ?? ''
          },
          { onSuccess: onDone, onError: (err) => void message.error(incidentErrorMessage(t, err)) }
        )
      }
      data-testid="notify-form"
    >
      <Form.Item name="department" rules={[{ required: true }]}>
        <Select
          style={{ width: 120 }}
          options={departmentOptions}
          data-testid="notify-department"
        />
      </Form.Item>
      <Form.Item name="method">
        <Radio.Group
          optionType="button"
          options={NOTIFY_METHODS.map((m) => ({ value: m, label: t(`notifyMethod.${m}`) }))}
        />
      </Form.Item>
      <Form.Item name="at" rules={[{ required: true }]}>
        <DatePicker showTime format="MM-DD HH:mm:ss" allowClear={false} />
      </Form.Item>
      <Form.Item name="calledBy" rules={[{ required: true }]}>
        <Input placeholder={t('notify.calledBy')} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="contact">
        <Input
          placeholder={t('notify.contact')}
          style={{ width: 180 }}
          data-testid="notify-contact"
        />
      </Form.Item>
      <Form.Item name="note">
        <Input placeholder={t('notify.note')} style={{ width: 180 }} />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        loading={notify.isPending}
        data-testid="notify-submit"
      >
        {t('notify.record')}
      </Button>
    </Form>
  )
}
