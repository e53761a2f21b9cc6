import { useEffect, useState } from 'react'
import { App, Drawer, Spin } from 'antd'
import { useTranslation } from 'react-i18next'
import { appBus } from '../../lib/appBus'
import { ApiError } from '../../../../shared/ipc/errors'
import type { Incident, IncidentFields } from '../../../../shared/domain/incident'
import { useSession } from '../app/queries'
import { labelOf, useIncident, useIncidentConfig } from './queries'
import { useUpdateIncident } from './mutations'
import { IncidentForm } from './IncidentForm'
import { incidentErrorMessage } from './errors'
import { StatusTag } from './tags'
import { fieldsOf, mergeConflict, onSaveConflict, type Conflict } from './model/conflict'
import { ConflictPanel } from './drawer/ConflictPanel'
import { IncidentActions } from './drawer/IncidentActions'
import { IncidentDetails } from './drawer/IncidentDetails'
import { NotifyForm } from './drawer/NotifyForm'
import styles from './incidents.module.css'

/** What the form edits: the version it was opened on, or the user's text kept through a conflict. */
type Draft = { fields: IncidentFields; base: Incident; key: number }

/** The incident's details: workflow buttons, step history, notifications, attachments, and the edit form. */
export function IncidentDrawerHost() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [id, setId] = useState<number | null>(null)
  const [editing, setEditing] = useState(false)
  const [notifying, setNotifying] = useState(false)
  const [conflict, setConflict] = useState<Conflict | null>(null)
  const [draft, setDraft] = useState<Draft | null>(null)
  const incident = useIncident(id)
  const config = useIncidentConfig()
  const session = useSession()
  const update = useUpdateIncident()
  const role = session.data?.user.role

  useEffect(
    () =>
      appBus.on('incident:open', (p) => {
        setId(p.id)
        setEditing(false)
        setNotifying(false)
        setConflict(null)
        setDraft(null)
      }),
    []
  )

  const i = incident.data
  const editOn = (fields: IncidentFields, base: Incident) =>
    setDraft({ fields, base, key: Date.now() })

  const save = (fields: IncidentFields, base: Incident) =>
    update.mutate(
      { id: base.id, version: base.version, fields },
      {
        onSuccess: () => {
          setEditing(false)
          setConflict(null)
          setDraft(null)
          void message.success(t('incident.saved'))
        },
        onError: (err) => {
          const current =
            err instanceof ApiError && err.code === 'conflict'
              ? (err.details as { current?: Incident }).current
              : undefined
          if (!current) return void message.error(incidentErrorMessage(t, err))
          const next = onSaveConflict(fields, base, current)
          if (next.kind === 'retry') return save(fields, next.over)
          setConflict(next.conflict)
          editOn(fields, current)
        }
      }
    )

  return (
    <Drawer
      open={id !== null}
      onClose={() => setId(null)}
      size={860}
      title={
        i
          ? `${t('incident.number', { id: i.id })} · ${labelOf(t, 'incidentType', config.data?.types, i.type)}`
          : t('incident.details')
      }
      extra={i && <StatusTag status={i.status} />}
      data-testid="incident-drawer"
      destroyOnHidden
    >
      {!i ? (
        <Spin />
      ) : editing ? (
        <>
          {conflict && (
            <ConflictPanel
              conflict={conflict}
              onUseMine={() => save(conflict.mine, conflict.theirs)}
              onTakeTheirs={() => {
                setConflict(null)
                editOn(fieldsOf(conflict.theirs), conflict.theirs)
              }}
              onMerge={() => {
                setConflict(null)
                editOn(mergeConflict(conflict), conflict.theirs)
              }}
            />
          )}
          <IncidentForm
            key={draft?.key}
            initial={draft?.fields ?? fieldsOf(i)}
            submitLabel={t('common.save')}
            submitting={update.isPending}
            onCancel={() => {
              setEditing(false)
              setConflict(null)
              setDraft(null)
            }}
            onSubmit={(fields) => save(fields, draft?.base ?? i)}
          />
        </>
      ) : (
        <>
          <IncidentActions
            incident={i}
            role={role}
            onLookup={() => setId(null)}
            onToggleNotify={() => setNotifying((v) => !v)}
            onEdit={() => {
              // the form edits this version; live refreshes must not replace what the user types
              editOn(fieldsOf(i), i)
              setEditing(true)
            }}
          />
          {notifying && (
            <div className={styles.section}>
              <NotifyForm incident={i} onDone={() => setNotifying(false)} />
            </div>
          )}
          <IncidentDetails incident={i} />
        </>
      )}
    </Drawer>
  )
}
