import { useEffect } from 'react'
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
  Typography
} from 'antd'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import type { RegistryTaxonomy } from '../../../../shared/ipc/contracts/registry'
import type { CameraFields } from '../../../../shared/domain/camera'
import { cameraFieldErrors, type CameraPatch } from '../../../../shared/domain/registry'
import { ApiError } from '../../../../shared/ipc/errors'
import { errorMessage } from '../../lib/errors'
import { formatDateTime } from '../../lib/time'
import { useCreateCamera, useRemoveCameras, useUpdateCamera } from './mutations'
import { useStatusHistory } from './queries'

type FormValues = Omit<CameraFields, 'code'> & { code?: string }

const KINDS = ['intersection', 'road', 'parking', 'shop', 'residential']

/** A form rule from the shared field rules, with the message in the current language. */
function rule(t: TFunction, field: keyof FormValues) {
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
  const isNew = camera === 'new'
  const existing = camera && camera !== 'new' ? camera : null
  const history = useStatusHistory(existing?.id ?? null)

  useEffect(() => {
    if (!camera) return
    form.resetFields()
    if (camera === 'new') form.setFieldsValue({ anpr: false, lat: undefined, lng: undefined })
    else form.setFieldsValue(camera)
  }, [camera, form])

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
      if (existing)
        await update.mutateAsync({
          id: existing.id,
          patch: fields,
          expectedUpdatedAt: existing.updatedAt
        })
      else
        await create.mutateAsync({
          code: (v.code ?? '').trim(),
          fields: fields as Required<Pick<CameraPatch, 'name' | 'lat' | 'lng'>> & CameraPatch
        })
      void message.success(t('registry.saved'))
      onClose()
    } catch (err) {
      if (err instanceof ApiError && err.code === 'conflict')
        void message.error(t(isNew ? 'registry.validation.code_taken' : 'registry.conflict'))
      else void message.error(errorMessage(t, err))
    }
  }

  const archive = async () => {
    if (!existing) return
    try {
      await remove.mutateAsync({ ids: [existing.id], mode: 'archive' })
      void message.success(t('registry.archive.done', { count: 1 }))
      onClose()
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
      onClose={onClose}
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
              loading={update.isPending || create.isPending}
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
          <Form.Item name="code" label={t('camera.code')} required rules={[rule(t, 'code')]}>
            <Input data-testid="field-code" />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('camera.name')} required rules={[rule(t, 'name')]}>
          <Input data-testid="field-name" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item
            name="lat"
            label={t('camera.lat')}
            required
            rules={[rule(t, 'lat')]}
            style={{ flex: 1 }}
          >
            <InputNumber style={{ width: '100%' }} step={0.0001} data-testid="field-lat" />
          </Form.Item>
          <Form.Item
            name="lng"
            label={t('camera.lng')}
            required
            rules={[rule(t, 'lng')]}
            style={{ flex: 1 }}
          >
            <InputNumber style={{ width: '100%' }} step={0.0001} data-testid="field-lng" />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item
            name="headingDeg"
            label={t('registry.heading')}
            rules={[rule(t, 'headingDeg')]}
            style={{ flex: 1 }}
          >
            <InputNumber style={{ width: '100%' }} data-testid="field-heading" />
          </Form.Item>
          <Form.Item
            name="fovDeg"
            label={t('registry.fov')}
            rules={[rule(t, 'fovDeg')]}
            style={{ flex: 1 }}
          >
            <InputNumber style={{ width: '100%' }} data-testid="field-fov" />
          </Form.Item>
          <Form.Item
            name="anpr"
            label={t('camera.anpr')}
            valuePropName="checked"
            style={{ flex: 1 }}
          >
            <Switch />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="streamUrl" label={t('registry.streamUrl')} rules={[rule(t, 'streamUrl')]}>
          <Input placeholder="rtsp:// · https://…/index.m3u8" data-testid="field-stream" />
        </Form.Item>
        <Form.Item
          name="subStreamUrl"
          label={t('registry.subStreamUrl')}
          rules={[rule(t, 'subStreamUrl')]}
        >
          <Input />
        </Form.Item>
        <Space.Compact block>
          <Form.Item
            name="block"
            label={t('camera.block')}
            rules={[rule(t, 'block')]}
            style={{ flex: 1 }}
          >
            <AutoComplete options={(taxonomy?.blocks ?? []).map((b) => opt(b.name))} />
          </Form.Item>
          <Form.Item
            name="community"
            label={t('camera.community')}
            rules={[rule(t, 'community')]}
            style={{ flex: 2 }}
          >
            <AutoComplete
              options={(taxonomy?.communities ?? []).map((c) => opt(c.name))}
              filterOption
            />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item
            name="kind"
            label={t('camera.kind')}
            rules={[rule(t, 'kind')]}
            style={{ flex: 1 }}
          >
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
          </Form.Item>
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
        <Form.Item name="notes" label={t('registry.notes')} rules={[rule(t, 'notes')]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
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
