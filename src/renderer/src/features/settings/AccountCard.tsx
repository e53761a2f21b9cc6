import { App, Button, Card, Form, Input } from 'antd'
import { useMutation } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { api } from '../../lib/api'
import { errorMessage } from '../../lib/errors'
import { queryClient, queryKeys } from '../../lib/queryClient'
import { NewPasswordItem, RepeatPasswordItem } from '../auth/NewPasswordItems'

type Values = { current: string; next: string; repeat: string }

/** Change one's own password. */
export function AccountCard() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const change = useMutation({
    mutationFn: (v: Values) => api['auth:changePassword']({ current: v.current, next: v.next }),
    onSuccess: () => {
      form.resetFields()
      void message.success(t('users.passwordChanged'))
      void queryClient.invalidateQueries({ queryKey: queryKeys.session })
    },
    onError: (e) => void message.error(errorMessage(t, e))
  })
  return (
    <Card title={t('users.changePassword')}>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => change.mutate(v)}
        style={{ maxWidth: 360 }}
      >
        <Form.Item
          name="current"
          label={t('users.currentPassword')}
          rules={[{ required: true, message: t('auth.passwordRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <NewPasswordItem name="next" label={t('users.newPassword')} />
        <RepeatPasswordItem of="next" label={t('users.repeatPassword')} />
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  )
}
