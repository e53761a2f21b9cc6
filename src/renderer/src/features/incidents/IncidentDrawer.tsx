import { useEffect, useState } from 'react'
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Upload
} from 'antd'
import { AimOutlined, PaperClipOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { appBus } from '../../lib/appBus'
import { formatDateTime } from '../../lib/time'
import { ApiError } from '../../../../shared/ipc/errors'
import { roleHas } from '../../../../shared/auth/roles'
import {
  actionsFrom,
  NOTIFY_METHODS,
  type Incident,
  type IncidentAction,
  type IncidentFields,
  type NotifyMethod
} from '../../../../shared/domain/incident'
import { useCameras, useSession, useRoomZone } from '../app/queries'
import { labelOf, useAttachment, useIncident, useIncidentConfig } from './queries'
import { useAttach, useNotify, useTransition, useUpdateIncident } from './mutations'
import { IncidentForm } from './IncidentForm'
import { incidentErrorMessage } from './errors'
import { SeverityTag, StatusTag } from './tags'
import styles from './incidents.module.css'

const EDITABLE: (keyof IncidentFields)[] = [
  'type',
  'at',
  'severity',
  'placeKind',
  'cameraId',
  'roadId',
  'placeName',
  'lat',
  'lng',
  'description',
  'linkedCameras'
]

function fieldsOf(i: Incident): IncidentFields {
  return Object.fromEntries(EDITABLE.map((k) => [k, i[k]])) as IncidentFields
}
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

type Conflict = { mine: IncidentFields; theirs: Incident }

function Attachment({ id, name }: { id: number; name: string }) {
  const a = useAttachment(id)
  if (a.isPending) return <Spin size="small" />
  if (!a.data) return <Tag color="red">{name}</Tag>
  return a.data.attachment.mime.startsWith('image/') ? (
    <a href={a.data.dataUrl} download={name} title={name}>
      <img src={a.data.dataUrl} alt={name} />
    </a>
  ) : (
    <a href={a.data.dataUrl} download={name}>
      {name}
    </a>
  )
}

/** Reads a picked file as a data URL (attachments travel base64 over both transports). */
const readDataUrl = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => resolve(typeof r.result === 'string' ? r.result : '')
    r.onerror = () => reject(r.error ?? new Error('read failed'))
    r.readAsDataURL(file)
  })

/** Attaches a snapshot, an exported clip or another file (kept under the data dir with its SHA-256). */
function AttachButton({ incidentId }: { incidentId: number }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const attach = useAttach()
  return (
    <Upload
      showUploadList={false}
      beforeUpload={(file) => {
        if (file.size > 20 * 1024 * 1024) {
          void message.error(t('incident.attachTooLarge'))
          return false
        }
        void readDataUrl(file).then((dataUrl) =>
          attach.mutate(
            {
              id: incidentId,
              kind: file.type.startsWith('image/')
                ? 'snapshot'
                : file.type.startsWith('video/')
                  ? 'clip'
                  : 'file',
              fileName: file.name,
              dataUrl: dataUrl.replace(/^data:;/, 'data:application/octet-stream;')
            },
            { onError: (err) => void message.error(incidentErrorMessage(t, err)) }
          )
        )
        return false
      }}
    >
      <Button icon={<PaperClipOutlined />} loading={attach.isPending} data-testid="incident-attach">
        {t('incident.attach')}
      </Button>
    </Upload>
  )
}

/** Records a department call: who, how, when, who answered. */
function NotifyForm({ incident, onDone }: { incident: Incident; onDone: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const config = useIncidentConfig()
  const session = useSession()
  const notify = useNotify()
  const [form] = Form.useForm<{
    department: string
    method: NotifyMethod
    at: Dayjs
    calledBy: string
    contact?: string
    note?: string
  }>()
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={{
        department: config.data?.departments[0]?.code,
        method: 'phone',
        at: dayjs(),
        calledBy: session.data?.user.displayName ?? ''
      }}
      onFinish={(v) =>
        notify.mutate(
          {
            id: incident.id,
            department: v.department,
            method: v.method,
            at: v.at.valueOf(),
            calledBy: v.calledBy,
            contact: v.contact ?? '',
            note: v.note ?? ''
          },
          { onSuccess: onDone, onError: (err) => void message.error(incidentErrorMessage(t, err)) }
        )
      }
      data-testid="notify-form"
    >
      <Form.Item name="department" rules={[{ required: true }]}>
        <Select
          style={{ width: 120 }}
          options={(config.data?.departments ?? []).map((d) => ({
            value: d.code,
            label: labelOf(t, 'department', config.data?.departments, d.code)
          }))}
          data-testid="notify-department"
        />
      </Form.Item>
      <Form.Item name="method">
        <Radio.Group
          optionType="button"
          options={NOTIFY_METHODS.map((m) => ({ value: m, label: t(`notifyMethod.${m}`) }))}
        />
      </Form.Item>
      <Form.Item name="at" rules={[{ required: true }]}>
        <DatePicker showTime format="MM-DD HH:mm:ss" allowClear={false} />
      </Form.Item>
      <Form.Item name="calledBy" rules={[{ required: true }]}>
        <Input placeholder={t('notify.calledBy')} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="contact">
        <Input
          placeholder={t('notify.contact')}
          style={{ width: 180 }}
          data-testid="notify-contact"
        />
      </Form.Item>
      <Form.Item name="note">
        <Input placeholder={t('notify.note')} style={{ width: 180 }} />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        loading={notify.isPending}
        data-testid="notify-submit"
      >
        {t('notify.record')}
      </Button>
    </Form>
  )
}

/** Shows their saved version against the user's unsaved one; the user's text stays until they choose. */
function ConflictPanel({
  conflict,
  onUseMine,
  onTakeTheirs,
  onMerge
}: {
  conflict: Conflict
  onUseMine: () => void
  onTakeTheirs: () => void
  onMerge: () => void
}) {
  const { t } = useTranslation()
  const tz = useRoomZone()
  const theirs = fieldsOf(conflict.theirs)
  const changed = EDITABLE.filter((k) => !same(theirs[k], conflict.mine[k]))
  const show = (k: keyof IncidentFields, v: unknown) =>
    k === 'at' && typeof v === 'number'
      ? formatDateTime(v, tz)
      : typeof v === 'string'
        ? v
        : JSON.stringify(v)
  return (
    <Alert
      type="warning"
      showIcon
      className={styles.conflict}
      data-testid="incident-conflict"
      title={t('incident.conflictTitle', {
        by: conflict.theirs.updatedBy ?? '?',
        at: formatDateTime(conflict.theirs.updatedAt, tz),
        version: conflict.theirs.version
      })}
      description={
        <>
          <p>{t('incident.conflictKept')}</p>
          <table className={styles.conflictTable}>
            <thead>
              <tr>
                <th />
                <th>{t('incident.theirVersion')}</th>
                <th>{t('incident.yourVersion')}</th>
              </tr>
            </thead>
            <tbody>
              {changed.map((k) => (
                <tr key={k}>
                  <td>{t(`incident.field.${k}`)}</td>
                  <td data-testid={`conflict-theirs-${k}`}>{show(k, theirs[k])}</td>
                  <td data-testid={`conflict-mine-${k}`}>{show(k, conflict.mine[k])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Space style={{ marginTop: 8 }}>
            <Button onClick={onUseMine} data-testid="conflict-use-mine">
              {t('incident.useMine')}
            </Button>
            {changed.includes('description') && (
              <Button onClick={onMerge}>{t('incident.mergeText')}</Button>
            )}
            <Button onClick={onTakeTheirs}>{t('incident.takeTheirs')}</Button>
          </Space>
        </>
      }
    />
  )
}

/** The incident's details: workflow buttons, step history, notifications, attachments, and the edit form. */
export function IncidentDrawerHost() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [id, setId] = useState<number | null>(null)
  const [editing, setEditing] = useState(false)
  const [notifying, setNotifying] = useState(false)
  const [conflict, setConflict] = useState<Conflict | null>(null)
  /** what the form edits: the version it was opened on, or the user's text kept through a conflict */
  const [draft, setDraft] = useState<{
    fields: IncidentFields
    base: Incident
    key: number
  } | null>(null)
  const [prompt, setPrompt] = useState<IncidentAction | null>(null)
  const [note, setNote] = useState('')
  const incident = useIncident(id)
  const config = useIncidentConfig()
  const cameras = useCameras()
  const session = useSession()
  const update = useUpdateIncident()
  const transition = useTransition()
  const tz = useRoomZone()
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
  const cameraName = (cid: number | null) =>
    cid === null ? '—' : (cameras.data?.find((c) => c.id === cid)?.name ?? `#${cid}`)
  const can = (a: IncidentAction) =>
    role !== undefined &&
    roleHas(role, a === 'close' || a === 'reopen' ? 'incident.close' : 'incident.log')

  const save = (fields: IncidentFields, base: Incident, version: number) =>
    update.mutate(
      { id: base.id, version, fields },
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
          // only the workflow or attachments moved on: nothing of the form differs, so save over the new version
          if (same(fieldsOf(current), fieldsOf(base))) return save(fields, current, current.version)
          setConflict({ mine: fields, theirs: current })
          setDraft({ fields, base: current, key: Date.now() })
        }
      }
    )

  const runAction = (action: IncidentAction, text?: string) =>
    transition.mutate(
      { id: i!.id, action, note: text },
      {
        onSuccess: () => {
          setPrompt(null)
          setNote('')
        },
        onError: (err) => void message.error(incidentErrorMessage(t, err))
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
              onUseMine={() => save(conflict.mine, conflict.theirs, conflict.theirs.version)}
              onTakeTheirs={() => {
                setConflict(null)
                setDraft({
                  fields: fieldsOf(conflict.theirs),
                  base: conflict.theirs,
                  key: Date.now()
                })
              }}
              onMerge={() => {
                const merged = {
                  ...conflict.mine,
                  description: `${conflict.theirs.description}\n${conflict.mine.description}`
                }
                setConflict(null)
                setDraft({ fields: merged, base: conflict.theirs, key: Date.now() })
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
            onSubmit={(fields) => {
              const base = draft?.base ?? i
              save(fields, base, base.version)
            }}
          />
        </>
      ) : (
        <>
          <Space wrap data-testid="incident-actions">
            {actionsFrom(i.status)
              .filter(can)
              .map((a) => (
                <Button
                  key={a}
                  type={a === 'reopen' ? 'default' : 'primary'}
                  loading={transition.isPending && transition.variables?.action === a}
                  onClick={() =>
                    a === 'reopen' || a === 'resolve' || a === 'close' ? setPrompt(a) : runAction(a)
                  }
                  data-testid={`incident-action-${a}`}
                >
                  {t(`incidentAction.${a}`)}
                </Button>
              ))}
            {role !== undefined && roleHas(role, 'lookup') && (
              <Button
                icon={<AimOutlined />}
                onClick={() => {
                  setId(null)
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
                <Button onClick={() => setNotifying((v) => !v)} data-testid="incident-notify">
                  {t('notify.open')}
                </Button>
                <Button
                  onClick={() => {
                    // the form edits this version; live refreshes must not replace what the user types
                    setDraft({ fields: fieldsOf(i), base: i, key: Date.now() })
                    setEditing(true)
                  }}
                  data-testid="incident-edit"
                >
                  {t('incident.edit')}
                </Button>
              </>
            )}
          </Space>
          {notifying && (
            <div className={styles.section}>
              <NotifyForm incident={i} onDone={() => setNotifying(false)} />
            </div>
          )}
          <Descriptions size="small" column={2} bordered className={styles.section}>
            <Descriptions.Item label={t('incident.at')}>
              {formatDateTime(i.at, tz)}
            </Descriptions.Item>
            <Descriptions.Item label={t('incident.severity')}>
              <SeverityTag severity={i.severity} />
            </Descriptions.Item>
            <Descriptions.Item label={t('incident.place')}>
              {i.placeName} <span className={styles.hint}>({t(`placeKind.${i.placeKind}`)})</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('incident.block')}>
              {[i.block, i.community].filter(Boolean).join(' / ') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('incident.description')} span={2}>
              <div style={{ whiteSpace: 'pre-wrap' }} data-testid="incident-description-view">
                {i.description || '—'}
              </div>
            </Descriptions.Item>
            <Descriptions.Item label={t('incident.linkedCameras')} span={2}>
              {i.linkedCameras.length === 0
                ? '—'
                : i.linkedCameras.map((l) => (
                    <div key={`${l.cameraId}-${l.from}`}>
                      <a
                        onClick={() =>
                          appBus.emit('playback:open', {
                            cameraIds: [l.cameraId],
                            at: l.from,
                            windows: [{ cameraId: l.cameraId, from: l.from, to: l.to }]
                          })
                        }
                      >
                        {cameraName(l.cameraId)}
                      </a>{' '}
                      {formatDateTime(l.from, tz)} – {formatDateTime(l.to, tz).slice(11)}
                    </div>
                  ))}
            </Descriptions.Item>
            <Descriptions.Item label={t('incident.version')}>
              v{i.version} · {i.updatedBy ?? '—'} · {formatDateTime(i.updatedAt, tz)}
            </Descriptions.Item>
          </Descriptions>
          {i.attachments.length > 0 && (
            <div className={`${styles.section} ${styles.attachments}`}>
              {i.attachments.map((a) => (
                <Attachment key={a.id} id={a.id} name={a.fileName} />
              ))}
            </div>
          )}
          <h4 className={styles.section}>{t('notify.title')}</h4>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={i.notifications}
            data-testid="incident-notifications"
            locale={{ emptyText: t('notify.none') }}
            columns={[
              {
                title: t('notify.department'),
                dataIndex: 'department',
                render: (d: string) => labelOf(t, 'department', config.data?.departments, d)
              },
              {
                title: t('notify.at'),
                dataIndex: 'at',
                render: (at: number) => formatDateTime(at, tz)
              },
              {
                title: t('notify.method'),
                dataIndex: 'method',
                render: (m: string) => t(`notifyMethod.${m}`)
              },
              { title: t('notify.calledBy'), dataIndex: 'calledBy' },
              { title: t('notify.contact'), dataIndex: 'contact' },
              { title: t('notify.note'), dataIndex: 'note' }
            ]}
          />
          <h4 className={styles.section}>{t('incident.history')}</h4>
          <Timeline
            className={styles.steps}
            data-testid="incident-steps"
            items={i.steps.map((s) => ({
              color: s.action === 'reopen' ? 'orange' : s.toStatus === 'closed' ? 'gray' : 'blue',
              content: (
                <>
                  <b>{t(`incidentAction.${s.action}`)}</b> → {t(`incidentStatus.${s.toStatus}`)} ·{' '}
                  {s.actor ?? '—'} · {formatDateTime(s.at, tz)}
                  {s.note && <div className={styles.hint}>{s.note}</div>}
                </>
              )
            }))}
          />
        </>
      )}
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
    </Drawer>
  )
}
