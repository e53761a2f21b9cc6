import { useMemo } from 'react'
import { Button, DatePicker, Form, Input, InputNumber, Radio, Select, Space } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { RemoveRowButton } from './RemoveRowButton'
import type { Dayjs } from 'dayjs'
import { fromRoomDayjs, toRoomDayjs, utcOffsetLabel } from '../../lib/roomPicker'
import { useTranslation } from 'react-i18next'
import { useCameras, useRoads, useRoomZone } from '../app/queries'
import { useConfigOptions } from './queries'
import { matchesSearch } from '../../lib/search'
import {
  SEVERITIES,
  type IncidentFields,
  type PlaceKind,
  type Severity
} from '../../../../shared/domain/incident'
import styles from './incidents.module.css'

type FormValues = {
  type: string
  severity: Severity
  at: Dayjs
  placeKind: PlaceKind
  cameraId?: number | null
  roadId?: number | null
  placeName?: string
  lat?: number | null
  lng?: number | null
  description?: string
  linked?: { cameraId?: number; range?: [Dayjs, Dayjs] }[]
}

function toValues(f: IncidentFields, tz: string): FormValues {
  return {
    type: f.type,
    severity: f.severity,
    at: toRoomDayjs(f.at, tz),
    placeKind: f.placeKind,
    cameraId: f.cameraId,
    roadId: f.roadId,
    placeName: f.placeName,
    lat: f.lat,
    lng: f.lng,
    description: f.description,
    linked: f.linkedCameras.map((l) => ({
      cameraId: l.cameraId,
      range: [toRoomDayjs(l.from, tz), toRoomDayjs(l.to, tz)]
    }))
  }
}

/** The form's values as incident fields; picker times are the room's wall clock (`tz`). */
export function toFields(v: FormValues, tz: string): IncidentFields {
  return {
    type: v.type,
    severity: v.severity,
    at: fromRoomDayjs(v.at, tz),
    placeKind: v.placeKind,
    cameraId: v.placeKind === 'camera' ? (v.cameraId ?? null) : null,
    roadId: v.placeKind === 'road' ? (v.roadId ?? null) : null,
    placeName: v.placeName ?? '',
    lat: v.placeKind === 'camera' ? null : (v.lat ?? null),
    lng: v.placeKind === 'camera' ? null : (v.lng ?? null),
    description: v.description ?? '',
    linkedCameras: (v.linked ?? []).flatMap((l) =>
      l.cameraId && l.range
        ? [
            {
              cameraId: l.cameraId,
              from: fromRoomDayjs(l.range[0], tz),
              to: fromRoomDayjs(l.range[1], tz)
            }
          ]
        : []
    )
  }
}

/**
 * The incident form (uncontrolled: `initial` is read once; give it a new
 * `key` to start over, e.g. "take theirs" after a conflict). Type and severity as one-click buttons, time, place
 * (camera, road or map point), description and linked cameras. From the
 * wall everything but the type is prefilled, so Ctrl+Enter logs it.
 */
export function IncidentForm({
  initial,
  submitLabel,
  submitting,
  onSubmit,
  onCancel
}: {
  initial: IncidentFields
  submitLabel: string
  submitting: boolean
  onSubmit: (fields: IncidentFields) => void
  onCancel?: () => void
}) {
  const { t } = useTranslation()
  const [form] = Form.useForm<FormValues>()
  const typeOptions = useConfigOptions('types')
  const cameras = useCameras()
  const roads = useRoads()
  const placeKind = Form.useWatch('placeKind', form) ?? initial.placeKind
  // every time here is the room's, whatever zone this browser is in
  const tz = useRoomZone()

  const cameraOptions = useMemo(
    () =>
      (cameras.data ?? []).map((c) => ({
        value: c.id,
        label: `${c.name} · ${c.code}`,
        search: [c.name, c.code, c.block ?? '', c.community ?? '']
      })),
    [cameras.data]
  )
  const cameraSelect = (testId: string) => (
    <Select
      showSearch={{ filterOption: (input, o) => matchesSearch(input, o?.search ?? []) }}
      options={cameraOptions}
      placeholder={t('incident.pickCamera')}
      data-testid={testId}
    />
  )

  const submit = () => void form.validateFields().then((v) => onSubmit(toFields(v, tz)))

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={toValues(initial, tz)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit()
      }}
      className={styles.form}
      data-testid="incident-form"
    >
      <Form.Item name="type" label={t('incident.type')} rules={[{ required: true }]}>
        <Radio.Group buttonStyle="solid" className={styles.typeButtons} data-testid="incident-type">
          {typeOptions.map((o) => (
            <Radio.Button key={o.value} value={o.value}>
              {o.label}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Space size="large" wrap align="start">
        <Form.Item name="severity" label={t('incident.severity')} rules={[{ required: true }]}>
          <Radio.Group buttonStyle="solid" data-testid="incident-severity">
            {SEVERITIES.map((s) => (
              <Radio.Button key={s} value={s} className={styles[`sev_${s}`]}>
                {t(`severity.${s}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="at"
          label={
            <span data-testid="incident-at-zone">
              {t('incident.at')} ({utcOffsetLabel(initial.at, tz)})
            </span>
          }
          rules={[{ required: true }]}
        >
          <DatePicker
            showTime={{ format: 'HH:mm:ss' }}
            format="YYYY-MM-DD HH:mm:ss"
            allowClear={false}
            data-testid="incident-at"
          />
        </Form.Item>
      </Space>
      <Form.Item name="placeKind" label={t('incident.place')}>
        <Radio.Group
          options={(['camera', 'road', 'point'] as const).map((k) => ({
            value: k,
            label: t(`placeKind.${k}`)
          }))}
          optionType="button"
          data-testid="incident-place-kind"
        />
      </Form.Item>
      {placeKind === 'camera' && (
        <Form.Item name="cameraId" rules={[{ required: true, message: t('incident.pickCamera') }]}>
          {cameraSelect('incident-camera')}
        </Form.Item>
      )}
      {placeKind === 'road' && (
        <Form.Item name="roadId" rules={[{ required: true, message: t('incident.pickRoad') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={(roads.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
            placeholder={t('incident.pickRoad')}
            data-testid="incident-road"
          />
        </Form.Item>
      )}
      {placeKind === 'point' && (
        <Space>
          <Form.Item name="lat" label={t('incident.lat')} rules={[{ required: true }]}>
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="lng" label={t('incident.lng')} rules={[{ required: true }]}>
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: 150 }} />
          </Form.Item>
        </Space>
      )}
      <Form.Item
        name="placeName"
        label={t('incident.placeName')}
        extra={t('incident.placeDerived')}
      >
        <Input
          maxLength={200}
          placeholder={t('incident.placeNameHint')}
          data-testid="incident-place-name"
        />
      </Form.Item>
      <Form.Item name="description" label={t('incident.description')}>
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 10 }}
          maxLength={10_000}
          placeholder={t('incident.descriptionHint')}
          data-testid="incident-description"
        />
      </Form.Item>
      <Form.List name="linked">
        {(items, { add, remove }) => (
          <Form.Item label={t('incident.linkedCameras')}>
            {items.map((item) => (
              <Space key={item.key} align="baseline" className={styles.linkedRow}>
                <Form.Item
                  name={[item.name, 'cameraId']}
                  rules={[{ required: true }]}
                  style={{ minWidth: 260 }}
                >
                  {cameraSelect('incident-linked-camera')}
                </Form.Item>
                <Form.Item name={[item.name, 'range']} rules={[{ required: true }]}>
                  <DatePicker.RangePicker showTime format="MM-DD HH:mm:ss" allowClear={false} />
                </Form.Item>
                <RemoveRowButton onRemove={() => remove(item.name)} />
              </Space>
            ))}
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => {
                const at =
                  (form.getFieldValue('at') as Dayjs | undefined) ?? toRoomDayjs(Date.now(), tz)
                add({ range: [at.subtract(5, 'minute'), at.add(5, 'minute')] })
              }}
            >
              {t('incident.addLinkedCamera')}
            </Button>
          </Form.Item>
        )}
      </Form.List>
      <Space className={styles.formActions}>
        {onCancel && <Button onClick={onCancel}>{t('common.cancel')}</Button>}
        <Button type="primary" loading={submitting} onClick={submit} data-testid="incident-submit">
          {submitLabel}
        </Button>
        <span className={styles.hint}>{t('incident.ctrlEnter')}</span>
      </Space>
    </Form>
  )
}
