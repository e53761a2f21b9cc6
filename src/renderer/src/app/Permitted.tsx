import { cloneElement, type CSSProperties, type ReactElement } from 'react'
import { Tooltip } from 'antd'
import { useTranslation } from 'react-i18next'
import { lowestRoleWith, type Permission } from '../../../shared/auth/roles'
import { useCan } from '../lib/permissions'

/**
 * A control that needs a permission. A role without it sees the control
 * disabled with who can use it, never a click that ends in "forbidden".
 */
export function Permitted({
  permission,
  children
}: {
  permission: Permission
  children: ReactElement<{ disabled?: boolean; style?: CSSProperties }>
}) {
  const { t } = useTranslation()
  const can = useCan(permission)
  if (can) return children
  return (
    <Tooltip title={t('permitted.needs', { role: t(`role.${lowestRoleWith(permission)}`) })}>
      <span
        data-testid={`needs-${permission}`}
        style={{ display: 'inline-block', cursor: 'not-allowed' }}
      >
        {/* a disabled button swallows the pointer, so the tooltip listens on the wrapper */}
        {cloneElement(children, {
          disabled: true,
          style: { ...children.props.style, pointerEvents: 'none' }
        })}
      </span>
    </Tooltip>
  )
}
