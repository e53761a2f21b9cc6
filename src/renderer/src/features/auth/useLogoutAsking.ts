import { useCallback } from 'react'
import { App } from 'antd'
import { useTranslation } from 'react-i18next'
import { api } from '../../lib/api'
import { appBus } from '../../lib/appBus'
import { useLogout } from './mutations'

/**
 * Logs out, but first asks whether to hand over when a shift is still on
 * duty: walking away from an open shift leaves the next one without a note.
 */
export function useLogoutAsking(): () => void {
  const { t } = useTranslation()
  const { modal } = App.useApp()
  const logout = useLogout()
  const { mutate } = logout
  return useCallback(() => {
    void api['duty:handover']({})
      .then((h) => h.current)
      .catch(() => null)
      .then((open) => {
        if (!open) return mutate()
        modal.confirm({
          title: t('lock.openShiftTitle'),
          content: t('lock.openShiftBody', { operators: open.operators.join('、') || '—' }),
          okText: t('lock.handOver'),
          cancelText: t('lock.logoutAnyway'),
          okButtonProps: { 'data-testid': 'logout-handover' },
          cancelButtonProps: { 'data-testid': 'logout-anyway' },
          // above the lock overlay when asked from it
          zIndex: 2200,
          // the events workspace opens on the duty log, where the shift is handed over
          onOk: () => appBus.emit('duty:handover', {}),
          onCancel: () => mutate()
        })
      })
  }, [modal, mutate, t])
}
