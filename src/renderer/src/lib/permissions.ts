import { roleHas, type Permission } from '../../../shared/auth/roles'
import { useSession } from '../features/app/queries'

/**
 * Whether the current user's role has a permission. The UI only hides what
 * a role cannot do; main enforces the same matrix on every call.
 */
export function useCan(permission: Permission): boolean {
  const session = useSession()
  const role = session.data?.user.role
  return role !== undefined && roleHas(role, permission)
}
