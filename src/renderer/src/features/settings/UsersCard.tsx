import { useState } from 'react'
import { App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { ROLES, type Role } from '../../../../shared/auth/roles'
import type { User } from '../../../../shared/domain/user'
import { api } from '../../lib/api'
import { errorMessage } from '../../lib/errors'
import { queryClient } from '../../lib/queryClient'
import { NewPasswordItem } from '../auth/NewPasswordItems'

const usersKey = ['users'] as const

/** Accounts of the room (admin only). */
export function UsersCard() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const users = useQuery({ queryKey: usersKey, queryFn: () => api['users:list']({}) })
  const [creating, setCreating] = useState(false)
  const [resetting, setResetting] = useState<User | null>(null)
  const done = () => void queryClient.invalidateQueries({ queryKey: usersKey })
  const onError = (e: unknown) => void message.error(errorMessage(t, e))
  const update = useMutation({ mutationFn: api['users:update'], onSuccess: done, onError })
  const create = useMutation({
    mutationFn: api['users:create'],
    onSuccess: () => {
      done()
      setCreating(false)
    },
    onError
  })
  const reset = useMutation({
    mutationFn: api['users:resetPassword'],
    onSuccess: () => {
      setResetting(null)
      void message.success(t('users.passwordSet'))
    },
    onError
  })
  return (
    <Card
      title={t('users.title')}
      extra={
        <Button onClick={() => setCreating(true)} data-testid="users-add">
          {t('users.add')}
        </Button>
      }
    >
      <Table<User>
        size="small"
        rowKey="id"
        loading={users.isPending}
        dataSource={users.data ?? []}
        pagination={false}
        data-testid="users-table"
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          {
            title: t('users.role'),
            dataIndex: 'role',
            render: (role: Role, u) => (
              <Select<Role>
                size="small"
                value={role}
                style={{ width: 130 }}
                onChange={(r) => update.mutate({ id: u.id, role: r })}
                options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              />
            )
          },
          {
            title: t('users.enabled'),
            dataIndex: 'disabled',
            render: (disabled: boolean, u) => (
              <Switch
                size="small"
                checked={!disabled}
                onChange={(on) => update.mutate({ id: u.id, disabled: !on })}
              />
            )
          },
          {
            title: '',
            key: 'actions',
            render: (_v, u) => (
              <Button size="small" onClick={() => setResetting(u)}>
                {t('users.resetPassword')}
              </Button>
            )
          }
        ]}
      />
      <Modal
        open={creating}
        title={t('users.add')}
        footer={null}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        <Form<{ username: string; displayName: string; role: Role; password: string }>
          layout="vertical"
          initialValues={{ role: 'duty' }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item
            name="username"
            label={t('users.username')}
            rules={[{ required: true, min: 2, message: t('users.usernameRule') }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('users.displayName')}
            rules={[{ required: true, message: t('users.displayNameRule') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('users.role')}>
            <Select<Role> options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
          <NewPasswordItem name="password" label={t('auth.password')} />
          <Space>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t('common.save')}
            </Button>
          </Space>
        </Form>
      </Modal>
      <Modal
        open={resetting !== null}
        title={t('users.resetPasswordFor', { name: resetting?.displayName ?? '' })}
        footer={null}
        onCancel={() => setResetting(null)}
        destroyOnHidden
      >
        <Form<{ password: string }>
          layout="vertical"
          onFinish={(v) => resetting && reset.mutate({ id: resetting.id, password: v.password })}
        >
          <NewPasswordItem name="password" label={t('users.newPassword')} />
          <Button type="primary" htmlType="submit" loading={reset.isPending}>
            {t('common.save')}
          </Button>
        </Form>
      </Modal>
      {users.data?.some((u) => u.role === 'admin') === false && (
        <Tag color="red">{t('users.noAdmin')}</Tag>
      )}
    </Card>
  )
}
