import { Form, Input } from 'antd'
import { useTranslation } from 'react-i18next'

/**
 * A room account's new password: the length the contract's `passwordSchema`
 * demands is checked here too, so the form says so before anything is sent.
 */
export function NewPasswordItem({
  name,
  label,
  autoFocus
}: {
  name: string
  label: string
  autoFocus?: boolean
}) {
  const { t } = useTranslation()
  return (
    <Form.Item
      name={name}
      label={label}
      rules={[{ required: true, min: 8, message: t('users.passwordRule') }]}
    >
      <Input.Password autoFocus={autoFocus} autoComplete="new-password" />
    </Form.Item>
  )
}

/** The new password typed again; it must equal the field `of`. */
export function RepeatPasswordItem({ of, label }: { of: string; label: string }) {
  const { t } = useTranslation()
  return (
    <Form.Item
      name="repeat"
      label={label}
      dependencies={[of]}
      rules={[
        { required: true, message: t('users.passwordRule') },
        ({ getFieldValue }) => ({
          validator: (_r, v) =>
            v === getFieldValue(of)
              ? Promise.resolve()
              : Promise.reject(new Error(t('users.passwordMismatch')))
        })
      ]}
    >
      <Input.Password autoComplete="new-password" />
    </Form.Item>
  )
}
