import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { Button, Form, Typography } from 'antd'
import { LockOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { useUnlock } from './mutations'
import { PasswordSubmit } from './PasswordSubmit'
import { useLogoutAsking } from './useLogoutAsking'
import type { SessionInfo } from '../../../../shared/domain/user'
import styles from './lock.module.css'

type Cover = { key: string; kind: string; left: number; top: number; width: number; height: number }

/** Elements marked `data-lock-cover` (the menu, the status bar, a workspace's toolbar) as screen boxes. */
function measureCovers(): Cover[] {
  return [...document.querySelectorAll<HTMLElement>('[data-lock-cover]')].map((el, i) => {
    const r = el.getBoundingClientRect()
    return {
      key: `${i}`,
      kind: el.dataset.lockCover ?? '',
      left: r.left,
      top: r.top,
      width: r.width,
      height: r.height
    }
  })
}

const KEY_EVENTS = ['keydown', 'keyup', 'keypress'] as const

/**
 * The workstation lock. In a monitoring room the wall stays visible to the
 * room: the lock hides the controls (menu, status bar, toolbars) and takes
 * every click and key, while the videos behind it keep playing. The shell
 * under it stays mounted, so unlocking returns to exactly where the user was.
 */
export function LockOverlay({ session }: { session: SessionInfo }) {
  const { t } = useTranslation()
  const unlock = useUnlock()
  const logout = useLogoutAsking()
  const panel = useRef<HTMLDivElement>(null)
  const [covers, setCovers] = useState<Cover[]>([])

  useLayoutEffect(() => {
    const measure = () => setCovers(measureCovers())
    measure()
    window.addEventListener('resize', measure)
    return () => window.removeEventListener('resize', measure)
  }, [])

  useEffect(() => {
    // whatever had the focus (a form field of the workspace) must not take typing
    if (
      document.activeElement instanceof HTMLElement &&
      !panel.current?.contains(document.activeElement)
    )
      document.activeElement.blur()
    const refuse = (e: KeyboardEvent) => {
      if (panel.current?.contains(e.target as Node)) return
      e.preventDefault()
      e.stopImmediatePropagation()
    }
    for (const k of KEY_EVENTS) window.addEventListener(k, refuse, true)
    return () => {
      for (const k of KEY_EVENTS) window.removeEventListener(k, refuse, true)
    }
  }, [])

  const menu = covers.find((c) => c.kind === 'menu')
  return createPortal(
    <div className={styles.overlay} data-testid="lock-overlay">
      {covers
        .filter((c) => c.kind !== 'menu')
        .map((c) => (
          <div
            key={c.key}
            className={styles.cover}
            style={{ left: c.left, top: c.top, width: c.width, height: c.height }}
          />
        ))}
      <div
        ref={panel}
        className={styles.panel}
        style={
          menu
            ? {
                left: menu.left,
                top: menu.top,
                width: Math.max(menu.width, 200),
                height: menu.height
              }
            : { left: 0, top: 0, width: 220, height: '100%' }
        }
        data-testid="lock-panel"
      >
        <Typography.Title level={5} className={styles.title}>
          <LockOutlined /> {t('auth.locked')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('auth.lockedBy', { name: session.user.displayName })}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" className={styles.hint}>
          {t('lock.wallStays')}
        </Typography.Paragraph>
        <Form<{ password: string }> layout="vertical" onFinish={(v) => unlock.mutate(v)}>
          <PasswordSubmit
            label={t('auth.unlock')}
            pending={unlock.isPending}
            error={unlock.isError ? unlock.error : null}
            autoFocus
            alertClassName={styles.alert}
          />
          <Button type="link" block onClick={logout}>
            {t('auth.switchUser')}
          </Button>
        </Form>
      </div>
    </div>,
    document.body
  )
}
