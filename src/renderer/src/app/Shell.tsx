import { useEffect, useState, type ComponentType, type ReactNode } from 'react'
import { Layout, Menu } from 'antd'
import {
  AimOutlined,
  AppstoreOutlined,
  BarChartOutlined,
  HistoryOutlined,
  ProfileOutlined,
  SettingOutlined,
  VideoCameraOutlined
} from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { SessionInfo } from '../../../shared/domain/user'
import { StatusBar } from './StatusBar'
import { WallWorkspace } from '../features/wall/WallWorkspace'
import { PlaybackWorkspace } from '../features/playback/PlaybackWorkspace'
import { LookupWorkspace } from '../features/lookup/LookupWorkspace'
import { EventsWorkspace } from '../features/events/EventsWorkspace'
import { StatsWorkspace } from '../features/stats/StatsWorkspace'
import { RegistryWorkspace } from '../features/registry/RegistryWorkspace'
import { SettingsWorkspace } from '../features/settings/SettingsWorkspace'
import { useServerEvents } from './useServerEvents'
import { useIdleLock } from './useIdleLock'
import { WORKSPACES, type Workspace } from './workspaces'
import { GlobalOverlays } from './GlobalOverlays'
import { appBus } from '../lib/appBus'
import { LockOverlay } from '../features/auth/LockOverlay'
import { setLockedQueries } from '../features/auth/mutations'
import styles from './shell.module.css'

/** Each workspace's menu icon and view; a new workspace is one entry here. */
const VIEWS: Record<Workspace, { icon: ReactNode; View: ComponentType }> = {
  wall: { icon: <AppstoreOutlined />, View: WallWorkspace },
  playback: { icon: <HistoryOutlined />, View: PlaybackWorkspace },
  lookup: { icon: <AimOutlined />, View: LookupWorkspace },
  events: { icon: <ProfileOutlined />, View: EventsWorkspace },
  stats: { icon: <BarChartOutlined />, View: StatsWorkspace },
  registry: { icon: <VideoCameraOutlined />, View: RegistryWorkspace },
  settings: { icon: <SettingOutlined />, View: SettingsWorkspace }
}

export function Shell({ session }: { session: SessionInfo }) {
  const { t } = useTranslation()
  const [ws, setWs] = useState<Workspace>('wall')
  const { View } = VIEWS[ws]
  useServerEvents()
  useIdleLock(!session.locked)
  useEffect(() => appBus.on('workspace:go', ({ workspace }) => setWs(workspace)), [])
  useEffect(() => appBus.on('duty:handover', () => setWs('events')), [])
  useEffect(() => setLockedQueries(session.locked), [session.locked])
  return (
    <Layout className={styles.root}>
      <Layout.Sider
        width={168}
        collapsedWidth={56}
        breakpoint="lg"
        className={styles.sider}
        data-lock-cover="menu"
      >
        <div className={styles.brand}>{t('app.shortTitle')}</div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[ws]}
          onClick={(e) => setWs(e.key as Workspace)}
          items={WORKSPACES.map((w) => ({
            key: w,
            icon: VIEWS[w].icon,
            label: t(`workspace.${w}`),
            'data-testid': `nav-${w}`
          }))}
        />
      </Layout.Sider>
      <Layout className={styles.main}>
        <Layout.Content className={styles.content} data-testid={`workspace-${ws}`}>
          <View />
        </Layout.Content>
        <StatusBar session={session} />
      </Layout>
      <GlobalOverlays />
      {session.locked && <LockOverlay session={session} />}
    </Layout>
  )
}
