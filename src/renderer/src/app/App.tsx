import { QueryClientProvider } from '@tanstack/react-query'
import { App as AntApp, ConfigProvider, Spin, theme } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import enUS from 'antd/locale/en_US'
import { useTranslation } from 'react-i18next'
import { queryClient } from '../lib/queryClient'
import { useSession } from '../features/app/queries'
import { LoginScreen } from '../features/auth/LoginScreen'
import { Shell } from './Shell'

function AuthGate() {
  const session = useSession()
  if (session.isPending) return <Spin fullscreen />
  if (!session.data) return <LoginScreen />
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
