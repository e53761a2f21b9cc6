import { describe, expect, it } from 'vitest'
import { CHANNELS, contract, type Channel } from '../../../src/shared/ipc/contract'

/**
 * The channels that only read and leave no trace in the audit trail. Every
 * other channel declares in the contract what it audits (an entity, which the
 * dispatcher then holds it to) or `{ none: why }`. A new channel fails this
 * test until it says one or the other: adding it here is a decision too.
 */
const READS: readonly Channel[] = [
  'app:info',
  'app:counts',
  'auth:session',
  'cameras:list',
  'cameras:references',
  'layouts:list',
  'events:list',
  'incidents:config',
  'incidents:list',
  'incidents:search',
  'incidents:get',
  'incidents:attachment',
  'incidents:alerts',
  'district:rooms',
  'duty:handover',
  'duty:shifts',
  'duty:entries',
  'stats:incidents',
  'audit:list',
  'audit:facets',
  'audit:verify',
  'users:list',
  'lookup:reach',
  'lookup:clockOffsets',
  'lookup:cases:list',
  'lookup:cases:get',
  'settings:get',
  'registry:lastImport',
  'registry:taxonomy',
  'health:history',
  'health:summary',
  'recording:overview',
  'playback:availability',
  'export:list',
  'setup:status',
  'ptz:state',
  'ptz:presets',
  'roads:list',
  'onvif:probe',
  'onvif:discover',
  'onvif:links',
  'alarms:list',
  'alarms:rules:list',
  'bookmarks:list'
]

const declared = (c: Channel) => (contract[c] as { audit?: string | { none: string } }).audit

describe('audit declarations in the contract', () => {
  it('every channel that is not a plain read declares what it audits', () => {
    const undeclared = CHANNELS.filter((c) => declared(c) === undefined && !READS.includes(c))
    expect(undeclared).toEqual([])
  })

  it('the reads declare nothing (a read that audits is not in the list)', () => {
    expect(READS.filter((c) => !CHANNELS.includes(c))).toEqual([])
    expect(READS.filter((c) => declared(c) !== undefined)).toEqual([])
  })

  it('every channel that opts out says why', () => {
    for (const c of CHANNELS) {
      const a = declared(c)
      if (typeof a === 'object') expect(a.none.length, c).toBeGreaterThan(15)
    }
  })

  it('changes to people, cameras, incidents, settings and every export are audited', () => {
    // ARCHITECTURE.md's rule, checked on the channels that carry it
    const mustAudit: Channel[] = [
      'users:create',
      'users:update',
      'users:resetPassword',
      'auth:changePassword',
      'cameras:update',
      'cameras:remove',
      'incidents:update',
      'incidents:close',
      'settings:update',
      'layouts:save',
      'export:create',
      'stats:exportCsv',
      'audit:exportCsv',
      'registry:export',
      'duty:report'
    ]
    for (const c of mustAudit) expect(typeof declared(c), c).toBe('string')
  })
})
