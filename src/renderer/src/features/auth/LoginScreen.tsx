import { Alert, Card, Form, Input, Select, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useLogin } from './mutations'
import { PasswordSubmit } from './PasswordSubmit'
import { useAppInfo } from '../app/queries'
import { LANGUAGES, setLanguage, type Language } from '../../lib/i18n'
import styles from './auth.module.css'

type Values = { username: string; password: string }

export function LoginScreen() {
  const { t, i18n } = useTranslation()
  const login = useLogin()
  const info = useAppInfo()
  return (
    <div className={styles.screen}>
      <Card
        className={styles.card}
        title={t('app.title')}
        extra={
          <Select
            size="small"
            value={i18n.language as Language}
            onChange={setLanguage}
            options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
            aria-label={t('settings.language')}
          />
        }
      >
        <Typography.Paragraph type="secondary">{t('auth.subtitle')}</Typography.Paragraph>
        <Form<Values> layout="vertical" onFinish={(v) => login.mutate(v)} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('auth.username')}
            rules={[{ required: true, message: t('auth.usernameRequired') }]}
          >
            <Input autoFocus autoComplete="username" />
          </Form.Item>
          <PasswordSubmit
            label={t('auth.login')}
            pending={login.isPending}
            error={login.isError ? login.error : null}
            alertClassName={styles.alert}
          />
        </Form>
        {info.data?.demo && (
          <Alert
            className={styles.demo}
            type="warning"
            showIcon
            message={t('auth.demoTitle')}
            description={t('auth.demoHint')}
          />
        )}
      </Card>
    </div>
  )
}
