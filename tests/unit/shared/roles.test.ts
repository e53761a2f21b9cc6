import { describe, expect, it } from 'vitest'
import { PERMISSIONS, ROLES, lowestRoleWith, roleHas } from '../../../src/shared/auth/roles'
import { contract } from '../../../src/shared/ipc/contract'

describe('the role → permission matrix', () => {
  it('grows with each role: duty ⊂ supervisor ⊂ technician ⊂ admin', () => {
    for (let i = 1; i < ROLES.length; i++)
      for (const p of PERMISSIONS)
        if (roleHas(ROLES[i - 1], p)) expect(roleHas(ROLES[i], p), `${ROLES[i]} ${p}`).toBe(true)
  })

  it('gives each role what the room expects', () => {
    for (const p of ['watch', 'incident.log', 'playback', 'lookup'] as const)
      expect(roleHas('duty', p), p).toBe(true)
    for (const p of ['export', 'incident.close', 'registry.edit', 'users.manage'] as const)
      expect(roleHas('duty', p)).toBe(false)
    for (const p of ['export', 'playback', 'lookup', 'incident.close'] as const)
      expect(roleHas('supervisor', p)).toBe(true)
    for (const p of [
      'registry.edit',
      'layout.edit',
      'recording.edit',
      'users.manage',
      'settings.edit'
    ] as const)
      expect(roleHas('supervisor', p)).toBe(false)
    for (const p of ['registry.edit', 'layout.edit', 'recording.edit'] as const)
      expect(roleHas('technician', p)).toBe(true)
    for (const p of ['users.manage', 'settings.edit', 'audit.view'] as const)
      expect(roleHas('technician', p)).toBe(false)
    for (const p of PERMISSIONS) expect(roleHas('admin', p)).toBe(true)
  })

  it('names the least privileged role that can do a thing', () => {
    expect(lowestRoleWith('lookup')).toBe('duty')
    expect(lowestRoleWith('export')).toBe('supervisor')
    expect(lowestRoleWith('registry.edit')).toBe('technician')
    expect(lowestRoleWith('users.manage')).toBe('admin')
  })

  it('every channel names a known permission, and only login-time channels are public', () => {
    const pub = Object.entries(contract)
      .filter(([, def]) => def.permission === 'public')
      .map(([name]) => name)
      .sort()
    // setup:* answer only while the data directory has no account (first start)
    expect(pub).toEqual([
      'app:info',
      'auth:login',
      'auth:logout',
      'auth:session',
      'auth:unlock',
      'setup:complete',
      'setup:status'
    ])
    for (const def of Object.values(contract)) expect(PERMISSIONS).toContain(def.permission)
  })
})
