/** Roles of the monitoring room, least to most privileged. */
export const ROLES = ['duty', 'supervisor', 'technician', 'admin'] as const
export type Role = (typeof ROLES)[number]

/**
 * What an API channel requires. `public` channels (login, app info) need no
 * session; every other permission needs a logged-in, unlocked session.
 */
export const PERMISSIONS = [
  /** no session needed */
  'public',
  /** any logged-in user: watch live video, read the registry and the log */
  'watch',
  /** create incidents, log entries, acknowledge */
  'incident.log',
  /** steer dome cameras (pan, tilt, zoom, go to presets) and acknowledge camera alarms */
  'ptz.control',
  /** close and reopen incidents */
  'incident.close',
  /** play recorded footage of any time */
  'playback',
  /** export evidence clips and reports */
  'export',
  /** the hit-and-run lookup */
  'lookup',
  /** cameras, roads, the site map, imports */
  'registry.edit',
  /** wall layouts shared with the room */
  'layout.edit',
  /** recording settings and retention */
  'recording.edit',
  /** accounts */
  'users.manage',
  /** workstation and room settings */
  'settings.edit',
  /** read and export the audit trail */
  'audit.view'
] as const
export type Permission = (typeof PERMISSIONS)[number]

// Duty staff replay footage and run the hit-and-run lookup and vehicle search
// (in the case this product comes from, they found the car); every view is
// audited. Evidence leaves the room only through a supervisor.
const DUTY: readonly Permission[] = [
  'public',
  'watch',
  'incident.log',
  'playback',
  'lookup',
  'ptz.control'
]
const SUPERVISOR: readonly Permission[] = [...DUTY, 'incident.close', 'export']
// Each role adds to the one before it (the "+"): a technician is a
// supervisor who also keeps the registry, map, layouts and recording settings.
const TECHNICIAN: readonly Permission[] = [
  ...SUPERVISOR,
  'registry.edit',
  'layout.edit',
  'recording.edit'
]
const ADMIN: readonly Permission[] = PERMISSIONS

/**
 * The role → permission matrix. Enforced in main; the renderer reads the
 * same table only to hide what a role cannot do.
 */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  duty: new Set(DUTY),
  supervisor: new Set(SUPERVISOR),
  technician: new Set(TECHNICIAN),
  admin: new Set(ADMIN)
}

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission)
}

/** The least privileged role that has a permission: the UI names it where an action is not available. */
export function lowestRoleWith(permission: Permission): Role {
  return ROLES.find((r) => roleHas(r, permission)) ?? 'admin'
}
