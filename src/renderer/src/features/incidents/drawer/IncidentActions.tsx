import { useState } from 'react'
import { App, Button, Input, Modal, Space } from 'antd'
import { AimOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { appBus } from '../../../lib/appBus'
import { roleHas, type Role } from '../../../../../shared/auth/roles'
import {
  actionsFrom,
  type Incident,
  type IncidentAction
} from '../../../../../shared/domain/incident'
import { useTransition } from '../mutations'
import { incidentErrorMessage } from '../errors'
import { AttachButton } from './Attachments'

/** Actions that leave a mark a later reader needs: they ask for a note (reopening requires one). */
const ASKS_NOTE: readonly IncidentAction[] = ['reopen', 'resolve', 'close']

/**
 * The drawer's toolbar: the workflow steps this role may take from the
 * current status, the lookup from this place and time, attach, notify, edit.
 */
export function IncidentActions({
  incident: i,
  role,
  onLookup,
  onToggleNotify,
  onEdit
}: {
  incident: Incident
  role: Role | undefined
  onLookup: () => void
  onToggleNotify: () => void
  onEdit: () => void
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const transition = useTransition()
  const [prompt, setPrompt] = useState<IncidentAction | null>(null)
  const [note, setNote] = useState('')
  const can = (a: IncidentAction) =>
    role !== undefined &&
    roleHas(role, a === 'close' || a === 'reopen' ? 'incident.close' : 'incident.log')
  const runAction = (action: IncidentAction, text?: string) =>
    transition.mutate(
      { id: i.id, action, note: text },
      {
        onSuccess: () => {
          setPrompt(null)
          setNote('')
        },
        onError: (err) => void message.error(incidentErrorMessage(t, err))
      }
    )
  return (
    <>
      <Space wrap data-testid="incident-actions">
        {actionsFrom(i.status)
          .filter(can)
          .map((a) => (
            <Button
              key={a}
              type={a === 'reopen' ? 'default' : 'primary'}
              loading={transition.isPending && transition.variables?.action === a}
              onClick={() => (ASKS_NOTE.includes(a) ? setPrompt(a) : runAction(a))}
              data-testid={`incident-action-${a}`}
            >
              {t(`incidentAction.${a}`)}
            </Button>
          ))}
        {role !== undefined && roleHas(role, 'lookup') && (
          <Button
            icon={<AimOutlined />}
            onClick={() => {
              onLookup()
              appBus.emit('lookup:open', {
                at: i.at,
                lat: i.lat,
                lng: i.lng,
                cameraId: i.cameraId,
                incidentId: i.id
              })
            }}
            data-testid="incident-lookup"
          >
            {t('incident.lookup')}
          </Button>
        )}
        {i.status !== 'closed' && roleHas(role ?? 'duty', 'incident.log') && (
          <>
            <AttachButton incidentId={i.id} />
            <Button onClick={onToggleNotify} data-testid="incident-notify">
              {t('notify.open')}
            </Button>
            <Button onClick={onEdit} data-testid="incident-edit">
              {t('incident.edit')}
            </Button>
          </>
        )}
      </Space>
      <Modal
        open={prompt !== null}
        title={prompt ? t(`incidentAction.${prompt}`) : ''}
        onCancel={() => setPrompt(null)}
        okText={prompt ? t(`incidentAction.${prompt}`) : ''}
        okButtonProps={{
          disabled: prompt === 'reopen' && !note.trim(),
          loading: transition.isPending,
          ...({ 'data-testid': 'action-confirm' } as Record<`data-${string}`, string>)
        }}
        onOk={() => prompt && runAction(prompt, note.trim() || undefined)}
        destroyOnHidden
      >
        <Input.TextArea
          autoFocus
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={prompt === 'reopen' ? t('incident.reopenReason') : t('incident.stepNote')}
          data-testid="action-note"
        />
      </Modal>
    </>
  )
}
