import { Alert, Button } from 'antd'
import { useTranslation } from 'react-i18next'
import type { SessionInfo } from '../../../../shared/domain/user'
import { AccountCard } from '../settings/AccountCard'
import { useLogout } from './mutations'
import styles from './auth.module.css'

/** An account on a known or initial password outside the demo: the password goes first, then the room. */
export function PasswordChangeScreen({ session }: { session: SessionInfo }) {
  const { t } = useTranslation()
  const logout = useLogout()
  return (
    <div className={styles.screen}>
      <div className={styles.card}>
        <Alert
          className={styles.alert}
          type="warning"
          showIcon
          message={t('setup.mustChange', { name: session.user.displayName })}
        />
        <AccountCard />
        <Button type="link" onClick={() => logout.mutate()}>
          {t('auth.logout')}
        </Button>
      </div>
    </div>
  )
}
