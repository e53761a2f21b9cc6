import { useEffect, useEffectEvent, useRef, useState, type ReactNode } from 'react'
import {
  App,
  AutoComplete,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Switch,
  Timeline,
  Typography,
  theme
} from 'antd'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import type { RegistryTaxonomy } from '../../../../shared/ipc/contracts/registry'
import type { Camera, CameraFields } from '../../../../shared/domain/camera'
import { cameraFieldErrors, type CameraPatch } from '../../../../shared/domain/registry'
import { ApiError } from '../../../../shared/ipc/errors'
import { errorMessage } from '../../lib/errors'
import { formatDateTime } from '../../lib/time'
import {
  useCreateCamera,
  useRemoveCameras,
  useSetCameraCredentials,
  useUpdateCamera
} from './mutations'
import { useStatusHistory } from './queries'

type FormValues = Omit<CameraFields, 'code'> & {
  code?: string
  streamUser?: string | null
  streamPassword?: string
}

/** What happens to a stored stream password on save. */
type PasswordEdit = 'keep' | 'change' | 'clear'

const KINDS = ['intersection', 'road', 'parking', 'shop', 'residential']

/** The shared field rules as a form rule, with the message in the current language. */
function rule(t: TFunction, field: keyof CameraFields) {
  return {
    validator: (_: unknown, value: unknown) => {
      const probe = {
        [field]: value === '' || value === undefined ? null : value
      } as CameraPatch & { code?: string }
      if (field === 'code') probe.code = typeof value === 'string' ? value : ''
      const code = cameraFieldErrors(probe)[field]
      return code ? Promise.reject(new Error(t(`registry.validation.${code}`))) : Promise.resolve()
    }
  }
}

/** A camera field, checked by the rule of the same name. */
function CameraField({
  name,
  label,
  required,
  flex,
  children
}: {
  name: keyof CameraFields
  label: string
  required?: boolean
  flex?: number
  children: ReactNode
}) {
  const { t } = useTranslation()
  return (
    <Form.Item
      name={name}
      label={label}
      required={required}
      rules={[rule(t, name)]}
      style={flex ? { flex } : undefined}
    >
      {children}
    </Form.Item>
  )
}

/** Edit one camera (or register a new one); validation messages in the UI language. */
export function CameraDrawer({
  camera,
  taxonomy,
  canEdit,
  timeZone,
  onClose
}: {
  camera: CameraView | 'new' | null
  taxonomy: RegistryTaxonomy | undefined
  canEdit: boolean
  timeZone: string
  onClose: () => void
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<FormValues>()
  const kindValue = Form.useWatch('kind', form) as string | undefined
  const update = useUpdateCamera()
  const create = useCreateCamera()
  const remove = useRemoveCameras()
  const setCredentials = useSetCameraCredentials()
  const isNew = camera === 'new'
  const existing = camera && camera !== 'new' ? camera : null
  const history = useStatusHistory(existing?.id ?? null)
  // the password choice belongs to the camera the drawer shows: another camera starts afresh
  const cameraKey = camera === 'new' ? 'new' : (camera?.id ?? null)
  const [editState, setEditState] = useState<{ key: number | 'new' | null; edit: PasswordEdit }>({
    key: null,
    edit: 'keep'
  })
  const passwordEdit: PasswordEdit =
    editState.key === cameraKey ? editState.edit : existing?.streamPasswordSet ? 'keep' : 'change'
  const setPasswordEdit = (edit: PasswordEdit) => setEditState({ key: cameraKey, edit })
  const close = () => {
    setEditState({ key: null, edit: 'keep' })
    onClose()
  }

  // the version the form was filled from: a save is checked against it, so an edit made
  // elsewhere while this form is open is refused as a conflict, not overwritten with older values
  const filledVersion = useRef<number | null>(null)
  const fill = (stored: Camera | null) => {
    form.resetFields()
    filledVersion.current = stored?.updatedAt ?? null
    if (stored) form.setFieldsValue(stored)
    else form.setFieldsValue({ anpr: false, lat: undefined, lng: undefined })
  }
  const fillOnOpen = useEffectEvent(() => fill(existing))
  // every status push hands over a new object for the same camera: only opening the drawer on
  // another camera (or a new one) refills the form, or it would wipe what is being typed
  useEffect(() => {
    if (cameraKey !== null) fillOnOpen()
  }, [cameraKey])

  /** The stream account as the form has it, when it differs from what is stored. */
  const accountChange = (v: FormValues, saved: { streamUser: string | null } | null) => {
    const user = v.streamUser?.trim() || null
    const password =
      passwordEdit === 'clear'
        ? null
        : passwordEdit === 'change' && v.streamPassword
          ? v.streamPassword
          : undefined
    if (user === (saved?.streamUser ?? null) && password === undefined) return null
    return { user, ...(password !== undefined ? { password } : {}) }
  }

  const save = async () => {
    const v = await form.validateFields()
    const blank = (s: string | null | undefined) =>
      s === undefined || s === null || s.trim() === '' ? null : s.trim()
    const fields: CameraPatch = {
      name: v.name.trim(),
      lat: v.lat,
      lng: v.lng,
      headingDeg: v.headingDeg ?? null,
      fovDeg: v.fovDeg ?? null,
      anpr: !!v.anpr,
      streamUrl: blank(v.streamUrl),
      subStreamUrl: blank(v.subStreamUrl),
      block: blank(v.block),
      community: blank(v.community),
      kind: blank(v.kind),
      owner: v.owner ?? null,
      notes: blank(v.notes)
    }
    try {
      const saved = existing
        ? await update.mutateAsync({
            id: existing.id,
            patch: fields,
            expectedUpdatedAt: filledVersion.current ?? existing.updatedAt
          })
        : await create.mutateAsync({
            code: (v.code ?? '').trim(),
            fields: fields as Required<Pick<CameraPatch, 'name' | 'lat' | 'lng'>> & CameraPatch
          })
      // a retry after the account failed to save must not conflict with this save itself
      if (existing) filledVersion.current = saved.updatedAt
      // an account typed into the address has been moved into the record by main: that one stands
      const typedInUrl = saved.streamUser !== (existing?.streamUser ?? null)
      const account = typedInUrl ? null : accountChange(v, saved)
      if (account)
        try {
          await setCredentials.mutateAsync({ id: saved.id, ...account })
        } catch (err) {
          void message.error(
            t('registry.streamAccount.saveFailed', { reason: errorMessage(t, err) })
          )
          return
        }
      void message.success(t('registry.saved'))
      close()
    } catch (err) {
      if (err instanceof ApiError && err.code === 'conflict') {
        // as the message says: the version someone else saved replaces the form's
        const current = (err.details as { current?: Camera } | undefined)?.current
        if (existing && current?.id === existing.id) fill(current)
        void message.error(t(isNew ? 'registry.validation.code_taken' : 'registry.conflict'))
      } else void message.error(errorMessage(t, err))
    }
  }

  const archive = async () => {
    if (!existing) return
    try {
      await remove.mutateAsync({ ids: [existing.id], mode: 'archive' })
      void message.success(t('registry.archive.done', { count: 1 }))
      close()
    } catch (err) {
      void message.error(errorMessage(t, err))
    }
  }

  const opt = (v: string) => ({ value: v })
  return (
    <Drawer
      open={!!camera}
      width={480}
      title={existing ? `${existing.code} · ${existing.name}` : t('registry.newCamera')}
      onClose={close}
      destroyOnHidden
      data-testid="camera-drawer"
      extra={
        canEdit && (
          <Space>
            {existing && (
              <Popconfirm
                title={t('registry.archive.title', { count: 1 })}
                description={t('registry.archive.body')}
                okText={t('registry.archive.ok')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={archive}
              >
                <Button danger data-testid="camera-archive">
                  {t('registry.archive.button', { count: 1 })}
                </Button>
              </Popconfirm>
            )}
            <Button
              type="primary"
              onClick={() => void save()}
              loading={update.isPending || create.isPending || setCredentials.isPending}
              data-testid="camera-save"
            >
              {t('common.save')}
            </Button>
          </Space>
        )
      }
    >
      <Form form={form} layout="vertical" size="small" disabled={!canEdit} requiredMark>
        {isNew && (
          <CameraField name="code" label={t('camera.code')} required>
            <Input data-testid="field-code" />
          </CameraField>
        )}
        <CameraField name="name" label={t('camera.name')} required>
          <Input data-testid="field-name" />
        </CameraField>
        <Space.Compact block>
          <CameraField name="lat" label={t('camera.lat')} required flex={1}>
            <InputNumber style={{ width: '100%' }} step={0.0001} data-testid="field-lat" />
          </CameraField>
          <CameraField name="lng" label={t('camera.lng')} required flex={1}>
            <InputNumber style={{ width: '100%' }} step={0.0001} data-testid="field-lng" />
          </CameraField>
        </Space.Compact>
        <Space.Compact block>
          <CameraField name="headingDeg" label={t('registry.heading')} flex={1}>
            <InputNumber style={{ width: '100%' }} data-testid="field-heading" />
          </CameraField>
          <CameraField name="fovDeg" label={t('registry.fov')} flex={1}>
            <InputNumber style={{ width: '100%' }} data-testid="field-fov" />
          </CameraField>
          <Form.Item
            name="anpr"
            label={t('camera.anpr')}
            valuePropName="checked"
            style={{ flex: 1 }}
          >
            <Switch />
          </Form.Item>
        </Space.Compact>
        <CameraField name="streamUrl" label={t('registry.streamUrl')}>
          <Input placeholder="rtsp:// · https://…/index.m3u8" data-testid="field-stream" />
        </CameraField>
        <CameraField name="subStreamUrl" label={t('registry.subStreamUrl')}>
          <Input />
        </CameraField>
        {canEdit && (
          <StreamAccount
            passwordSet={!!existing?.streamPasswordSet}
            edit={passwordEdit}
            onEdit={setPasswordEdit}
          />
        )}
        <Space.Compact block>
          <CameraField name="block" label={t('camera.block')} flex={1}>
            <AutoComplete options={(taxonomy?.blocks ?? []).map((b) => opt(b.name))} />
          </CameraField>
          <CameraField name="community" label={t('camera.community')} flex={2}>
            <AutoComplete
              options={(taxonomy?.communities ?? []).map((c) => opt(c.name))}
              filterOption
            />
          </CameraField>
        </Space.Compact>
        <Space.Compact block>
          <CameraField name="kind" label={t('camera.kind')} flex={1}>
            {/* a select, so the field shows 路段 and not the stored word "road" */}
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              data-testid="camera-kind"
              options={[
                ...KINDS.map((k) => ({ value: k, label: t(`cameraKind.${k}`) })),
                ...(kindValue && !KINDS.includes(kindValue)
                  ? [{ value: kindValue, label: kindValue }]
                  : [])
              ]}
            />
          </CameraField>
          <Form.Item name="owner" label={t('camera.owner')} style={{ flex: 1 }}>
            <Select
              allowClear
              options={[
                { value: 'public', label: t('owner.public') },
                { value: 'social', label: t('owner.social') }
              ]}
            />
          </Form.Item>
        </Space.Compact>
        <CameraField name="notes" label={t('registry.notes')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
        </CameraField>
      </Form>
      {existing && (
        <>
          <Typography.Title level={5}>{t('registry.history')}</Typography.Title>
          <Typography.Paragraph type="secondary">
            {t('registry.lastSeen')}:{' '}
            {existing.lastSeenAt ? formatDateTime(existing.lastSeenAt, timeZone) : '—'} ·{' '}
            {t('registry.updatedBy', {
              who: existing.updatedBy ?? '—',
              at: formatDateTime(existing.updatedAt, timeZone)
            })}
          </Typography.Paragraph>
          <Timeline
            items={(history.data ?? []).map((h) => ({
              color:
                h.status === 'online'
                  ? 'green'
                  : h.status === 'offline'
                    ? 'red'
                    : h.status === 'degraded'
                      ? 'orange'
                      : 'gray',
              children: (
                <span>
                  {formatDateTime(h.at, timeZone)} {t(`cameraStatus.${h.status}`)}
                  {h.detail && <Typography.Text type="secondary"> — {h.detail}</Typography.Text>}
                </span>
              )
            }))}
          />
          {history.data?.length === 0 && (
            <Typography.Text type="secondary">{t('registry.noHistory')}</Typography.Text>
          )}
        </>
      )}
    </Drawer>
  )
}

/**
 * The stream account of a camera (technicians and admins only: main sends
 * nothing of it to other roles). The stored password is never shown, only
 * whether there is one; changing it means typing a new one.
 */
function StreamAccount({
  passwordSet,
  edit,
  onEdit
}: {
  passwordSet: boolean
  edit: PasswordEdit
  onEdit: (e: PasswordEdit) => void
}) {
  const { t } = useTranslation()
  const { token } = theme.useToken()
  return (
    <div
      data-testid="stream-account"
      style={{
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: 6,
        padding: '8px 12px 0',
        marginBottom: 16
      }}
    >
      <Typography.Text strong>{t('registry.streamAccount.title')}</Typography.Text>
      <Space.Compact block>
        <Form.Item name="streamUser" label={t('registry.streamAccount.user')} style={{ flex: 1 }}>
          <Input autoComplete="off" data-testid="field-stream-user" />
        </Form.Item>
        <Form.Item label={t('registry.streamAccount.password')} style={{ flex: 1 }}>
          {edit === 'change' ? (
            <Space.Compact block>
              <Form.Item name="streamPassword" noStyle>
                <Input.Password
                  autoComplete="new-password"
                  placeholder={t('registry.streamAccount.newPassword')}
                  data-testid="field-stream-password"
                />
              </Form.Item>
              {passwordSet && (
                <Button onClick={() => onEdit('keep')}>{t('registry.streamAccount.keep')}</Button>
              )}
            </Space.Compact>
          ) : (
            <Space data-testid="stream-password-state">
              <Typography.Text type={edit === 'clear' ? 'secondary' : undefined}>
                {t(
                  edit === 'clear' ? 'registry.streamAccount.notSet' : 'registry.streamAccount.set'
                )}
              </Typography.Text>
              <Button
                size="small"
                onClick={() => onEdit('change')}
                data-testid="stream-password-change"
              >
                {t('registry.streamAccount.change')}
              </Button>
              {edit === 'keep' && (
                <Button size="small" onClick={() => onEdit('clear')}>
                  {t('registry.streamAccount.clear')}
                </Button>
              )}
            </Space>
          )}
        </Form.Item>
      </Space.Compact>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -8 }}>
        {t('registry.streamAccount.hint')}
      </Typography.Paragraph>
    </div>
  )
}
