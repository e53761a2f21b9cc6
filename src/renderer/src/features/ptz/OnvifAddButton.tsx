import { useState } from 'react'
import { App, Button, Descriptions, Form, Input, InputNumber, Modal, Space, Table, Tag } from 'antd'
import { ApiOutlined, SearchOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { OnvifProbe } from '../../../../shared/domain/onvif'
import { api } from '../../lib/api'
import { errorMessage } from '../../lib/errors'

type Account = { xaddr: string; username: string; password: string }
type CameraForm = { code: string; name: string; lat: number; lng: number }

/**
 * Add a camera from its ONVIF device (technicians): address and account, or
 * an address found by WS-Discovery; the device's profiles fill the streams,
 * PTZ and snapshot, then code, name and position make it a camera.
 */
export function OnvifAddButton() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [open, setOpen] = useState(false)
  const [account] = Form.useForm<Account>()
  const [camera] = Form.useForm<CameraForm>()
  const [probe, setProbe] = useState<OnvifProbe | null>(null)
  const [found, setFound] = useState<{ xaddr: string; name: string }[] | null>(null)
  const [busy, setBusy] = useState<'probe' | 'discover' | 'save' | null>(null)

  const close = () => {
    setOpen(false)
    setProbe(null)
    setFound(null)
    account.resetFields()
    camera.resetFields()
  }
  const read = async () => {
    const a = await account.validateFields()
    setBusy('probe')
    try {
      setProbe(await api['onvif:probe'](a))
    } catch (err) {
      setProbe(null)
      void message.error(errorMessage(t, err))
    } finally {
      setBusy(null)
    }
  }
  const discover = async () => {
    setBusy('discover')
    try {
      setFound(await api['onvif:discover']({}))
    } catch (err) {
      void message.error(errorMessage(t, err))
    } finally {
      setBusy(null)
    }
  }
  const save = async () => {
    const a = await account.validateFields()
    const c = await camera.validateFields()
    setBusy('save')
    try {
      const cam = await api['onvif:addCamera']({ ...a, ...c })
      void message.success(t('onvif.added', { code: cam.code }))
      close()
    } catch (err) {
      void message.error(errorMessage(t, err))
    } finally {
      setBusy(null)
    }
  }

  return (
    <>
      <Button icon={<ApiOutlined />} onClick={() => setOpen(true)} data-testid="onvif-open">
        {t('onvif.add')}
      </Button>
      <Modal
        open={open}
        title={t('onvif.title')}
        width={720}
        onCancel={close}
        okText={t('onvif.save')}
        okButtonProps={{
          disabled: !probe,
          loading: busy === 'save',
          ...({ 'data-testid': 'onvif-save' } as Record<`data-${string}`, string>)
        }}
        onOk={() => void save()}
        destroyOnHidden
      >
        <Form form={account} layout="vertical" requiredMark={false} data-testid="onvif-account">
          <Form.Item
            name="xaddr"
            label={t('onvif.xaddr')}
            rules={[{ required: true, type: 'url', message: t('onvif.xaddrInvalid') }]}
          >
            <Input
              placeholder="http://192.168.1.64/onvif/device_service"
              data-testid="onvif-xaddr"
            />
          </Form.Item>
          <Space.Compact block>
            <Form.Item
              name="username"
              label={t('onvif.username')}
              rules={[{ required: true }]}
              style={{ flex: 1 }}
            >
              <Input autoComplete="off" data-testid="onvif-username" />
            </Form.Item>
            <Form.Item name="password" label={t('onvif.password')} style={{ flex: 1 }}>
              <Input.Password autoComplete="new-password" data-testid="onvif-password" />
            </Form.Item>
          </Space.Compact>
          <Space>
            <Button
              type="primary"
              onClick={() => void read()}
              loading={busy === 'probe'}
              data-testid="onvif-probe"
            >
              {t('onvif.read')}
            </Button>
            <Button
              icon={<SearchOutlined />}
              onClick={() => void discover()}
              loading={busy === 'discover'}
            >
              {t('onvif.discover')}
            </Button>
          </Space>
        </Form>
        {found && (
          <div style={{ marginTop: 8 }}>
            {found.length === 0 ? (
              <Tag>{t('onvif.noneFound')}</Tag>
            ) : (
              found.map((f) => (
                <Button
                  key={f.xaddr}
                  size="small"
                  type="link"
                  onClick={() => account.setFieldValue('xaddr', f.xaddr)}
                >
                  {f.name} · {f.xaddr}
                </Button>
              ))
            )}
          </div>
        )}
        {probe && (
          <div data-testid="onvif-probe-result" style={{ marginTop: 12 }}>
            <Descriptions size="small" column={2}>
              <Descriptions.Item label="PTZ">
                {probe.ptz ? (
                  <Tag color="green">{t('common.yes')}</Tag>
                ) : (
                  <Tag>{t('common.no')}</Tag>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('onvif.snapshot')}>
                {probe.snapshotUri ?? '—'}
              </Descriptions.Item>
            </Descriptions>
            <Table
              size="small"
              pagination={false}
              rowKey="token"
              dataSource={probe.profiles}
              columns={[
                {
                  title: t('onvif.profile'),
                  dataIndex: 'name',
                  render: (n: string, _r, i) =>
                    `${n} (${i === 0 ? t('onvif.main') : i === 1 ? t('onvif.sub') : '—'})`
                },
                {
                  title: t('onvif.resolution'),
                  render: (_v, p) => (p.width && p.height ? `${p.width}×${p.height}` : '—')
                },
                { title: t('onvif.streamUri'), dataIndex: 'streamUri', ellipsis: true }
              ]}
            />
            <Form form={camera} layout="inline" style={{ marginTop: 12 }} requiredMark={false}>
              <Form.Item name="code" label={t('onvif.code')} rules={[{ required: true }]}>
                <Input style={{ width: 110 }} data-testid="onvif-code" />
              </Form.Item>
              <Form.Item name="name" label={t('onvif.name')} rules={[{ required: true }]}>
                <Input style={{ width: 150 }} data-testid="onvif-name" />
              </Form.Item>
              <Form.Item name="lat" label={t('onvif.lat')} rules={[{ required: true }]}>
                <InputNumber min={-90} max={90} style={{ width: 100 }} data-testid="onvif-lat" />
              </Form.Item>
              <Form.Item name="lng" label={t('onvif.lng')} rules={[{ required: true }]}>
                <InputNumber min={-180} max={180} style={{ width: 110 }} data-testid="onvif-lng" />
              </Form.Item>
            </Form>
          </div>
        )}
      </Modal>
    </>
  )
}
