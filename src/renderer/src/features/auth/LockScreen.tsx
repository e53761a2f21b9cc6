import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { LockOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { useLogout, useUnlock } from './mutations'
import { errorMessage } from '../../lib/errors'
import type { SessionInfo } from '../../../../shared/domain/user'
import styles from './auth.module.css'

export function LockScreen({ session }: { session: SessionInfo }) {
  const { t } = useTranslation()
  const unlock = useUnlock()
  const logout = useLogout()
  return (
    <div className={styles.screen}>
      <Card
        className={styles.card}
        title={
          <>
            <LockOutlined /> {t('auth.locked')}
          </>
        }
      >
        <Typography.Paragraph>
          {t('auth.lockedBy', { name: session.user.displayName })}
        </Typography.Paragraph>
        <Form<{ password: string }> layout="vertical" onFinish={(v) => unlock.mutate(v)}>
          <Form.Item
            name="password"
            label={t('auth.password')}
            rules={[{ required: true, message: t('auth.passwordRequired') }]}
          >
            <Input.Password autoFocus autoComplete="current-password" />
          </Form.Item>
          {unlock.isError && (
            <Alert
              type="error"
              showIcon
              message={errorMessage(t, unlock.error)}
              className={styles.alert}
            />
          )}
          <Button type="primary" htmlType="submit" block loading={unlock.isPending}>
            {t('auth.unlock')}
          </Button>
          <Button type="link" block onClick={() => logout.mutate()}>
            {t('auth.switchUser')}
          </Button>
        </Form>
      </Card>
    </div>
  )
}
