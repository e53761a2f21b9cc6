import { describe, expect, it } from 'vitest'
import { contract, type Channel } from '../../../src/shared/ipc/contract'
import { byId, epochMs } from '../../../src/shared/ipc/schemas'

function accepts(channel: Channel, input: unknown): boolean {
  return contract[channel].input.safeParse(input).success
}

describe('shared input schemas', () => {
  it('takes a row id as a positive whole number and nothing beside it', () => {
    expect(byId.parse({ id: 7 })).toEqual({ id: 7 })
    for (const bad of [{ id: 0 }, { id: -1 }, { id: 1.5 }, { id: '7' }, {}, { id: 7, x: 1 }])
      expect(byId.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
  })

  it('takes a moment as whole epoch milliseconds a Date can hold', () => {
    expect(epochMs.safeParse(0).success).toBe(true)
    expect(epochMs.safeParse(8.64e15).success).toBe(true)
    for (const bad of [-1, 1.5, 8.64e15 + 1, '0'])
      expect(epochMs.safeParse(bad).success).toBe(false)
  })

  it('gives every delete-by-id channel the same input, a null output and its own permission and audit', () => {
    const deletes = {
      'alarms:rules:delete': ['registry.edit', 'alarmRule'],
      'groups:delete': ['registry.edit', 'group'],
      'layouts:delete': ['layout.edit', 'layout'],
      'bookmarks:delete': ['playback', 'bookmark']
    } as const
    for (const [channel, [permission, audit]] of Object.entries(deletes) as [
      Channel,
      readonly [string, string]
    ][]) {
      expect(contract[channel]).toMatchObject({ input: byId, permission, audit })
      expect(accepts(channel, { id: 3 })).toBe(true)
      expect(accepts(channel, { id: 3, force: true })).toBe(false)
    }
  })

  it('holds a lookup and a saved case to the same place and 0–6 hour window', () => {
    const q = { lat: 30.2, lng: 120.1, fromMs: 0, toMs: 6 * 3_600_000 }
    const saved = (query: object): unknown => ({
      query: { ...query, pick: 'map', label: '' },
      title: 'x'
    })
    expect(accepts('lookup:run', q)).toBe(true)
    expect(accepts('lookup:cases:create', saved(q))).toBe(true)
    for (const bad of [
      { ...q, toMs: 6 * 3_600_000 + 1 },
      { ...q, fromMs: 10, toMs: 5 },
      { ...q, lat: 91 },
      { ...q, hints: { color: 'mauve' } }
    ]) {
      expect(accepts('lookup:run', bad)).toBe(false)
      expect(accepts('lookup:cases:create', saved(bad))).toBe(false)
    }
    // a lookup carries no case fields, a case must say how its origin was picked
    expect(accepts('lookup:run', { ...q, pick: 'map' })).toBe(false)
    expect(accepts('lookup:cases:create', { query: q, title: 'x' })).toBe(false)
  })

  it('writes reports in the UI languages only, Chinese unless asked', () => {
    const parse = (input: object) => contract['lookup:report'].input.safeParse(input)
    expect(parse({ caseId: 1 })).toMatchObject({ success: true, data: { language: 'zh-CN' } })
    expect(parse({ caseId: 1, language: 'en' }).success).toBe(true)
    expect(parse({ caseId: 1, language: 'fr' }).success).toBe(false)
  })
})
