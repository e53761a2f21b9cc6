import { useState, type ReactNode } from 'react'
import { App, AutoComplete, Checkbox, Form, Input, Modal, Select, Space, Button } from 'antd'
import { useTranslation } from 'react-i18next'
import { CAMERA_STATUSES, type CameraStatus } from '../../../../shared/domain/camera'
import type { BulkEdit } from '../../../../shared/domain/registry'
import type { RegistryTaxonomy } from '../../../../shared/ipc/contracts/registry'
import { errorMessage } from '../../lib/errors'
import { useBulkEdit, useCreateGroup } from './mutations'

type Values = {
  setBlock?: boolean
  block?: string
  setCommunity?: boolean
  community?: string
  setStatus?: boolean
  status?: CameraStatus
  addToGroups?: number[]
  removeFromGroups?: number[]
}

/**
 * A field that changes only when its box is ticked. `spaced` gives the row an
 * empty label line, which sets the first row off from the modal's title.
 */
function TickedField({
  tick,
  name,
  label,
  spaced,
  children
}: {
  tick: keyof Values
  name: keyof Values
  label: string
  spaced?: boolean
  children: ReactNode
}) {
  const space = spaced ? ' ' : undefined
  return (
    <Space align="start">
      <Form.Item name={tick} valuePropName="checked" label={space}>
        <Checkbox>{label}</Checkbox>
      </Form.Item>
      <Form.Item name={name} label={space}>
        {children}
      </Form.Item>
    </Space>
  )
}

/** Block, community, status and groups of many cameras at once; only ticked fields change. */
export function BulkEditModal({
  ids,
  taxonomy,
  onClose
}: {
  ids: number[] | null
  taxonomy: RegistryTaxonomy | undefined
  onClose: () => void
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const bulk = useBulkEdit()
  const createGroup = useCreateGroup()
  const [newGroup, setNewGroup] = useState('')
  const values = Form.useWatch([], form) ?? {}

  const submit = async () => {
    const v = form.getFieldsValue()
    const edit: BulkEdit = {}
    if (v.setBlock) edit.block = v.block?.trim() || null
    if (v.setCommunity) edit.community = v.community?.trim() || null
    if (v.setStatus && v.status) edit.status = v.status
    if (v.addToGroups?.length) edit.addToGroups = v.addToGroups
    if (v.removeFromGroups?.length) edit.removeFromGroups = v.removeFromGroups
    if (!ids || Object.keys(edit).length === 0) return onClose()
    try {
      const r = await bulk.mutateAsync({ ids, edit })
      void message.success(t('registry.bulk.done', { count: r.updated }))
      form.resetFields()
      onClose()
    } catch (err) {
      void message.error(errorMessage(t, err))
    }
  }

  const addGroup = async () => {
    const name = newGroup.trim()
    if (!name) return
    try {
      const g = await createGroup.mutateAsync({ name })
      form.setFieldValue('addToGroups', [
        ...((form.getFieldValue('addToGroups') as number[] | undefined) ?? []),
        g.id
      ])
      setNewGroup('')
    } catch (err) {
      void message.error(errorMessage(t, err))
    }
  }

  const groupOptions = (taxonomy?.groups ?? []).map((g) => ({ value: g.id, label: g.name }))
  return (
    <Modal
      open={!!ids}
      title={t('registry.bulk.title', { count: ids?.length ?? 0 })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={bulk.isPending}
      okButtonProps={{ 'data-testid': 'bulk-save' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" size="small">
        <TickedField tick="setBlock" name="block" label={t('camera.block')} spaced>
          <AutoComplete
            disabled={!values.setBlock}
            style={{ width: 200 }}
            options={(taxonomy?.blocks ?? []).map((b) => ({ value: b.name }))}
          />
        </TickedField>
        <TickedField tick="setCommunity" name="community" label={t('camera.community')}>
          <AutoComplete
            disabled={!values.setCommunity}
            style={{ width: 200 }}
            options={(taxonomy?.communities ?? []).map((c) => ({ value: c.name }))}
            filterOption
          />
        </TickedField>
        <TickedField tick="setStatus" name="status" label={t('camera.status')}>
          <Select
            disabled={!values.setStatus}
            style={{ width: 200 }}
            options={CAMERA_STATUSES.map((s) => ({ value: s, label: t(`cameraStatus.${s}`) }))}
          />
        </TickedField>
        <Form.Item name="addToGroups" label={t('registry.bulk.addToGroups')}>
          <Select mode="multiple" options={groupOptions} data-testid="bulk-add-groups" />
        </Form.Item>
        <Space.Compact style={{ marginBottom: 16 }}>
          <Input
            placeholder={t('registry.bulk.newGroup')}
            value={newGroup}
            onChange={(e) => setNewGroup(e.target.value)}
            onPressEnter={() => void addGroup()}
          />
          <Button onClick={() => void addGroup()} loading={createGroup.isPending}>
            {t('registry.bulk.createGroup')}
          </Button>
        </Space.Compact>
        <Form.Item name="removeFromGroups" label={t('registry.bulk.removeFromGroups')}>
          <Select mode="multiple" options={groupOptions} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
