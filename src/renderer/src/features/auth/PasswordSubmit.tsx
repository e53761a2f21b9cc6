import { Alert, Button, Form, Input } from 'antd'
import { useTranslation } from 'react-i18next'
import { errorMessage } from '../../lib/errors'

/**
 * The end of the login and unlock forms: the current password, why the last
 * try failed (in the user's language), and the submit button.
 */
export function PasswordSubmit({
  label,
  pending,
  error,
  autoFocus = false,
  alertClassName
}: {
  label: string
  pending: boolean
  /** the last try's error, null when there is none */
  error: unknown
  autoFocus?: boolean
  alertClassName: string
}) {
  const { t } = useTranslation()
  return (
    <>
      <Form.Item
        name="password"
        label={t('auth.password')}
        rules={[{ required: true, message: t('auth.passwordRequired') }]}
      >
        <Input.Password id="password" autoFocus={autoFocus} autoComplete="current-password" />
      </Form.Item>
      {error !== null && (
        <Alert type="error" showIcon message={errorMessage(t, error)} className={alertClassName} />
      )}
      <Button type="primary" htmlType="submit" block loading={pending}>
        {label}
      </Button>
    </>
  )
}
