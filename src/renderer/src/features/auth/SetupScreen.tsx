import { Alert, Button, Card, Form, Radio, Typography } from 'antd'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../lib/api'
import { errorMessage } from '../../lib/errors'
import { NewPasswordItem, RepeatPasswordItem } from './NewPasswordItems'
import styles from './auth.module.css'

type Values = { mode: 'real' | 'demo'; password?: string; repeat?: string }

/** First start of a fresh data directory: a real room (with the admin's own password) or the demo district. */
export function SetupScreen() {
  const { t } = useTranslation()
  const qc = useQueryClient()
  const [form] = Form.useForm<Values>()
  const mode = Form.useWatch('mode', form) ?? 'real'
  const [restart, setRestart] = useState(false)
  const complete = useMutation({
    mutationFn: (v: Values) =>
      api['setup:complete'](
        v.mode === 'demo' ? { mode: 'demo' } : { mode: 'real', password: v.password ?? '' }
      ),
    onSuccess: (r) => {
      if (r.restartNeeded) setRestart(true)
      else void qc.invalidateQueries({ queryKey: ['setup'] })
    }
  })
  return (
    <div className={styles.screen}>
      <Card className={styles.card} title={t('setup.title')}>
        {restart ? (
          <Alert
            type="success"
            showIcon
            message={t('setup.demoRestart')}
            data-testid="setup-restart"
          />
        ) : (
          <Form<Values>
            form={form}
            layout="vertical"
            initialValues={{ mode: 'real' }}
            onFinish={(v) => complete.mutate(v)}
            requiredMark={false}
          >
            <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
            <Form.Item name="mode">
              <Radio.Group>
                <Radio value="real">{t('setup.real')}</Radio>
                <Radio value="demo">{t('setup.demo')}</Radio>
              </Radio.Group>
            </Form.Item>
            {mode === 'real' ? (
              <>
                <Typography.Paragraph type="secondary">{t('setup.realHint')}</Typography.Paragraph>
                <NewPasswordItem name="password" label={t('setup.adminPassword')} autoFocus />
                <RepeatPasswordItem of="password" label={t('setup.repeat')} />
              </>
            ) : (
              <Alert
                className={styles.alert}
                type="warning"
                showIcon
                message={t('setup.demoHint')}
              />
            )}
            {complete.isError && (
              <Alert
                className={styles.alert}
                type="error"
                showIcon
                message={errorMessage(t, complete.error)}
              />
            )}
            <Button type="primary" htmlType="submit" block loading={complete.isPending}>
              {t('setup.start')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  )
}
