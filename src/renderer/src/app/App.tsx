import { QueryClientProvider, useQuery } from '@tanstack/react-query'
import { App as AntApp, ConfigProvider, Spin, theme } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import enUS from 'antd/locale/en_US'
import { useTranslation } from 'react-i18next'
import { queryClient } from '../lib/queryClient'
import { useSession } from '../features/app/queries'
import { LoginScreen } from '../features/auth/LoginScreen'
import { SetupScreen } from '../features/auth/SetupScreen'
import { PasswordChangeScreen } from '../features/auth/PasswordChangeScreen'
import { api } from '../lib/api'
import { Shell } from './Shell'

function AuthGate() {
  const session = useSession()
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api['setup:status']({}) })
  if (session.isPending || setup.isPending) return <Spin fullscreen />
  if (!session.data && setup.data?.needed) return <SetupScreen />
  if (!session.data) return <LoginScreen />
  if (session.data.mustChangePassword) return <PasswordChangeScreen session={session.data} />
  // locked: the shell stays (the wall keeps playing) under the lock overlay
  return <Shell session={session.data} />
}

export function App() {
  const { i18n } = useTranslation()
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{
        algorithm: theme.darkAlgorithm,
        token: { colorPrimary: '#1f7ae0', borderRadius: 4 }
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <AuthGate />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  )
}
