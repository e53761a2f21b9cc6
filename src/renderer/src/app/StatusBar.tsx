import { useEffect, useState } from 'react'
import { Badge, Button, Select, Space, Tag, Tooltip } from 'antd'
import { LockOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { SessionInfo } from '../../../shared/domain/user'
import { useCounts, useRoomZone } from '../features/app/queries'
import { useLock } from '../features/auth/mutations'
import { useLogoutAsking } from '../features/auth/useLogoutAsking'
import { LANGUAGES, setLanguage, type Language } from '../lib/i18n'
import { formatDateTime } from '../lib/time'
import styles from './shell.module.css'

function Clock({ timeZone }: { timeZone: string }) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000)
    return () => window.clearInterval(id)
  }, [])
  return (
    <span className={styles.clock} data-testid="status-clock">
      {formatDateTime(now, timeZone)}
    </span>
  )
}

export function StatusBar({ session }: { session: SessionInfo }) {
  const { t, i18n } = useTranslation()
  const zone = useRoomZone()
  const counts = useCounts()
  const lock = useLock()
  const logout = useLogoutAsking()
  return (
    <div className={styles.statusBar} data-testid="status-bar" data-lock-cover="bar">
      <Clock timeZone={zone} />
      <Space size={4}>
        <UserOutlined />
        <span data-testid="status-operator">{session.user.displayName}</span>
        <Tag>{t(`role.${session.user.role}`)}</Tag>
        {session.demo && <Tag color="orange">{t('auth.demoTag')}</Tag>}
      </Space>
      {counts.data && (
        <Space size={12} data-testid="status-counts">
          <Badge status="success" text={t('status.online', { count: counts.data.online })} />
          <Badge status="error" text={t('status.offline', { count: counts.data.offline })} />
          {counts.data.degraded > 0 && (
            <Badge status="warning" text={t('status.degraded', { count: counts.data.degraded })} />
          )}
          {counts.data.unknown > 0 && (
            <Badge status="default" text={t('status.unknown', { count: counts.data.unknown })} />
          )}
        </Space>
      )}
      <span className={styles.spacer} />
      <Select
        size="small"
        variant="borderless"
        value={i18n.language as Language}
        onChange={setLanguage}
        options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
        data-testid="language-select"
        aria-label={t('settings.language')}
      />
      <Tooltip title={t('auth.lock')}>
        <Button
          size="small"
          type="text"
          icon={<LockOutlined />}
          onClick={() => lock.mutate()}
          data-testid="lock-button"
        />
      </Tooltip>
      <Tooltip title={t('auth.logout')}>
        <Button
          size="small"
          type="text"
          icon={<LogoutOutlined />}
          onClick={logout}
          data-testid="logout-button"
        />
      </Tooltip>
    </div>
  )
}
