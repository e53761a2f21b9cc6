import { Card, Descriptions, Radio, Space } from 'antd'
import { useTranslation } from 'react-i18next'
import { useAppInfo, useSession } from '../app/queries'
import { LANGUAGES, setLanguage, type Language } from '../../lib/i18n'
import { useCan } from '../../lib/permissions'
import { AccountCard } from './AccountCard'
import { UsersCard } from './UsersCard'
import { RoomSettingsCard } from './RoomSettingsCard'
import { RecordingCard } from './RecordingCard'
import { AlarmRulesCard } from '../ptz/AlarmRulesCard'

export function SettingsWorkspace() {
  const { t, i18n } = useTranslation()
  const info = useAppInfo()
  const session = useSession()
  const canManageUsers = useCan('users.manage')
  const canEditSettings = useCan('settings.edit')
  const canEditRecording = useCan('recording.edit')
  const canEditRegistry = useCan('registry.edit')
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 960 }}>
      <Card title={t('settings.language')}>
        <Radio.Group
          value={i18n.language}
          onChange={(e) => setLanguage(e.target.value as Language)}
          options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
          data-testid="settings-language"
        />
      </Card>
      <Card title={t('settings.about')}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('settings.version')}>{info.data?.version}</Descriptions.Item>
          <Descriptions.Item label={t('settings.transport')}>
            {info.data ? t(`transport.${info.data.transport}`) : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('settings.timeZone')}>
            {info.data?.timeZone}
          </Descriptions.Item>
          <Descriptions.Item label={t('settings.demo')}>
            {info.data?.demo ? t('common.yes') : t('common.no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('settings.account')}>
            {session.data
              ? `${session.data.user.displayName} (${session.data.user.username}, ${t(`role.${session.data.user.role}`)})`
              : ''}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <AccountCard />
      {canEditRecording && <RecordingCard />}
      {canEditRegistry && <AlarmRulesCard />}
      {canEditSettings && <RoomSettingsCard />}
      {canManageUsers && <UsersCard />}
    </Space>
  )
}
