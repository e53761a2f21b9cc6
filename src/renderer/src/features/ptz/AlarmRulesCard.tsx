import { useState } from 'react'
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag
} from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { ONVIF_EVENT_KINDS, type OnvifEventKind } from '../../../../shared/domain/onvif'
import type { AlarmRule, AlarmRuleFields, ScheduleWindow } from '../../../../shared/domain/alarm'
import { useCameras } from '../app/queries'
import { errorMessage } from '../../lib/errors'
import {
  useAlarmRules,
  useDeleteAlarmRule,
  useOnvifLinks,
  usePresets,
  useSaveAlarmRule
} from './queries'

const DAYS = [1, 2, 3, 4, 5, 6, 0] as const
const hhmm = (min: number) =>
  `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`
const parseHhmm = (s: string): number | null => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim())
  if (!m) return null
  const v = Number(m[1]) * 60 + Number(m[2])
  return v <= 1440 && Number(m[2]) < 60 ? v : null
}

type FormValues = {
  name: string
  enabled: boolean
  cameraIds: number[]
  kinds: OnvifEventKind[]
  days: number[]
  from: string
  to: string
  popup: boolean
  sound: boolean
  incident: boolean
  presetCameraId: number | null
  presetToken: string | null
}

function toForm(r: AlarmRuleFields | null): FormValues {
  const w = r?.schedule ?? []
  return {
    name: r?.name ?? '',
    enabled: r?.enabled ?? true,
    cameraIds: r?.cameraIds ?? [],
    kinds: r?.kinds ?? ['motion'],
    days: [...new Set(w.map((x) => x.day))],
    from: hhmm(w[0]?.from ?? 0),
    to: hhmm(w[0]?.to ?? 1440),
    popup: r?.actions.popup ?? true,
    sound: r?.actions.sound ?? false,
    incident: r?.actions.incident ?? false,
    presetCameraId: r?.actions.preset?.cameraId ?? null,
    presetToken: r?.actions.preset?.presetToken ?? null
  }
}

function PresetSelect({
  cameraId,
  value,
  onChange
}: {
  cameraId: number | null
  value?: string | null
  onChange?: (v: string | null) => void
}) {
  const presets = usePresets(cameraId)
  return (
    <Select
      allowClear
      style={{ width: 160 }}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      disabled={cameraId === null}
      options={(presets.data ?? []).map((p) => ({ value: p.token, label: p.name }))}
      data-testid="rule-preset-token"
    />
  )
}

function RuleModal({ rule, onClose }: { rule: AlarmRule | 'new'; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<FormValues>()
  const save = useSaveAlarmRule()
  const links = useOnvifLinks()
  const cameras = useCameras()
  const linked = new Set((links.data ?? []).map((l) => l.cameraId))
  const ptzIds = new Set((links.data ?? []).filter((l) => l.ptz).map((l) => l.cameraId))
  const options = (cameras.data ?? [])
    .filter((c) => linked.has(c.id))
    .map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))
  const presetCameraId = Form.useWatch('presetCameraId', form) ?? null

  const submit = async () => {
    const v = await form.validateFields()
    const from = parseHhmm(v.from)
    const to = parseHhmm(v.to)
    if (v.days.length > 0 && (from === null || to === null || to <= from)) {
      form.setFields([{ name: 'to', errors: [t('alarmRules.badTime')] }])
      return
    }
    const schedule: ScheduleWindow[] = v.days.map((day) => ({ day, from: from!, to: to! }))
    const fields: AlarmRuleFields = {
      name: v.name.trim(),
      enabled: v.enabled,
      cameraIds: v.cameraIds,
      kinds: v.kinds,
      schedule,
      actions: {
        popup: v.popup,
        sound: v.sound,
        incident: v.incident,
        preset:
          v.presetCameraId !== null && v.presetToken
            ? { cameraId: v.presetCameraId, presetToken: v.presetToken }
            : null
      }
    }
    save.mutate(
      { id: rule === 'new' ? undefined : rule.id, fields },
      { onSuccess: onClose, onError: (e) => void message.error(errorMessage(t, e)) }
    )
  }

  return (
    <Modal
      open
      width={780}
      title={rule === 'new' ? t('alarmRules.new') : t('alarmRules.edit')}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{
        loading: save.isPending,
        ...({ 'data-testid': 'rule-save' } as Record<`data-${string}`, string>)
      }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={toForm(rule === 'new' ? null : rule)}
        data-testid="rule-form"
      >
        <Space align="start">
          <Form.Item
            name="name"
            label={t('alarmRules.name')}
            rules={[{ required: true, whitespace: true, max: 60 }]}
          >
            <Input style={{ width: 280 }} data-testid="rule-name" />
          </Form.Item>
          <Form.Item name="enabled" label={t('alarmRules.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item
          name="cameraIds"
          label={t('alarmRules.cameras')}
          extra={t('alarmRules.camerasHint')}
        >
          <Select
            mode="multiple"
            allowClear
            options={options}
            optionFilterProp="label"
            data-testid="rule-cameras"
          />
        </Form.Item>
        <Form.Item
          name="kinds"
          label={t('alarmRules.kinds')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('alarmRules.kindsRequired') }
          ]}
        >
          <Checkbox.Group
            options={ONVIF_EVENT_KINDS.map((k) => ({ value: k, label: t(`alarms.kind.${k}`) }))}
            data-testid="rule-kinds"
          />
        </Form.Item>
        <Form.Item label={t('alarmRules.schedule')} extra={t('alarmRules.scheduleHint')}>
          <Space wrap>
            <Form.Item name="days" noStyle>
              <Checkbox.Group
                options={DAYS.map((d) => ({ value: d, label: t(`alarmRules.day.${d}`) }))}
                data-testid="rule-days"
              />
            </Form.Item>
            <Form.Item name="from" noStyle>
              <Input style={{ width: 72 }} placeholder="22:00" data-testid="rule-from" />
            </Form.Item>
            –
            <Form.Item name="to" noStyle>
              <Input style={{ width: 72 }} placeholder="24:00" data-testid="rule-to" />
            </Form.Item>
          </Space>
        </Form.Item>
        <Form.Item label={t('alarmRules.actions')}>
          <Space direction="vertical">
            <Space wrap>
              <Form.Item name="popup" valuePropName="checked" noStyle>
                <Checkbox data-testid="rule-popup">{t('alarmRules.popup')}</Checkbox>
              </Form.Item>
              <Form.Item name="sound" valuePropName="checked" noStyle>
                <Checkbox data-testid="rule-sound">{t('alarmRules.sound')}</Checkbox>
              </Form.Item>
              <Form.Item name="incident" valuePropName="checked" noStyle>
                <Checkbox data-testid="rule-incident">{t('alarmRules.incident')}</Checkbox>
              </Form.Item>
            </Space>
            <Space>
              <span>{t('alarmRules.preset')}</span>
              <Form.Item name="presetCameraId" noStyle>
                <Select
                  allowClear
                  style={{ width: 200 }}
                  options={options.filter((o) => ptzIds.has(o.value))}
                  onChange={() => form.setFieldValue('presetToken', null)}
                  data-testid="rule-preset-camera"
                />
              </Form.Item>
              <Form.Item name="presetToken" noStyle>
                <PresetSelect cameraId={presetCameraId} />
              </Form.Item>
            </Space>
          </Space>
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** Alarm rules (technicians): which cameras and events, when, and what happens. */
export function AlarmRulesCard() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const rules = useAlarmRules()
  const cameras = useCameras()
  const del = useDeleteAlarmRule()
  const [editing, setEditing] = useState<AlarmRule | 'new' | null>(null)
  const code = new Map((cameras.data ?? []).map((c) => [c.id, c.code]))
  return (
    <Card
      title={t('alarmRules.title')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="rule-new">
          {t('alarmRules.new')}
        </Button>
      }
      data-testid="alarm-rules"
    >
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        loading={rules.isPending}
        dataSource={rules.data ?? []}
        columns={[
          { title: t('alarmRules.name'), dataIndex: 'name' },
          {
            title: t('alarmRules.cameras'),
            render: (_v, r) =>
              r.cameraIds.length === 0
                ? t('alarmRules.allCameras')
                : r.cameraIds.map((id) => code.get(id) ?? id).join(', ')
          },
          {
            title: t('alarmRules.kinds'),
            render: (_v, r) => r.kinds.map((k) => <Tag key={k}>{t(`alarms.kind.${k}`)}</Tag>)
          },
          {
            title: t('alarmRules.schedule'),
            render: (_v, r) =>
              r.schedule.length === 0
                ? t('alarmRules.always')
                : `${[...new Set(r.schedule.map((w) => t(`alarmRules.day.${w.day}`)))].join(' ')} ${hhmm(r.schedule[0].from)}–${hhmm(r.schedule[0].to)}`
          },
          {
            title: t('alarmRules.actions'),
            render: (_v, r) => (
              <Space size={2} wrap>
                {r.actions.popup && <Tag color="red">{t('alarmRules.popup')}</Tag>}
                {r.actions.sound && <Tag color="orange">{t('alarmRules.sound')}</Tag>}
                {r.actions.incident && <Tag color="blue">{t('alarmRules.incident')}</Tag>}
                {r.actions.preset && (
                  <Tag color="purple">
                    {t('alarmRules.presetShort', {
                      code: code.get(r.actions.preset.cameraId) ?? ''
                    })}
                  </Tag>
                )}
              </Space>
            )
          },
          {
            title: t('alarmRules.enabled'),
            render: (_v, r) => (r.enabled ? t('common.yes') : t('common.no'))
          },
          {
            title: '',
            render: (_v, r) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => setEditing(r)}>
                  {t('alarmRules.edit')}
                </Button>
                <Popconfirm
                  title={t('alarmRules.deleteConfirm', { name: r.name })}
                  onConfirm={() =>
                    del.mutate(r.id, { onError: (e) => void message.error(errorMessage(t, e)) })
                  }
                >
                  <Button size="small" type="link" danger>
                    {t('alarmRules.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            )
          }
        ]}
      />
      {editing && <RuleModal rule={editing} onClose={() => setEditing(null)} />}
    </Card>
  )
}
