import { describe, expect, it } from 'vitest'
import {
  changedFields,
  fieldsOf,
  mergeConflict,
  mergeDescription,
  onSaveConflict
} from '../../../../src/renderer/src/features/incidents/model/conflict'
import type { Incident, IncidentFields } from '../../../../src/shared/domain/incident'

const base: Incident = {
  id: 7,
  type: 'dispute',
  at: Date.UTC(2026, 5, 1, 6, 3, 10),
  severity: 'medium',
  placeKind: 'camera',
  cameraId: 3,
  roadId: null,
  placeName: '大润发地下车库',
  lat: null,
  lng: null,
  description: '商户与顾客发生纠纷',
  linkedCameras: [{ cameraId: 3, from: 1, to: 2 }],
  block: '第一片区',
  community: '荣星社区',
  status: 'acknowledged',
  version: 3,
  updatedAt: 10,
  updatedBy: 'li',
  createdAt: 1,
  createdBy: 'li',
  steps: [],
  notifications: [],
  attachments: []
}

const version = (patch: Partial<Incident>, v = base.version + 1): Incident => ({
  ...base,
  ...patch,
  version: v,
  updatedBy: 'admin'
})
const mine = (patch: Partial<IncidentFields>): IncidentFields => ({ ...fieldsOf(base), ...patch })

describe('the form fields of an incident', () => {
  it('are the editable fields only, and differences are listed in form order', () => {
    expect(Object.keys(fieldsOf(base))).toEqual([
      'type',
      'at',
      'severity',
      'placeKind',
      'cameraId',
      'roadId',
      'placeName',
      'lat',
      'lng',
      'description',
      'linkedCameras'
    ])
    const other = mine({
      description: 'x',
      severity: 'high',
      linkedCameras: [{ cameraId: 3, from: 1, to: 3 }]
    })
    expect(changedFields(fieldsOf(base), other)).toEqual([
      'severity',
      'description',
      'linkedCameras'
    ])
    expect(changedFields(fieldsOf(base), mine({}))).toEqual([])
  })
})

describe('a save refused by a newer version', () => {
  it('is retried over the new version when only the workflow moved on', () => {
    const current = version({ status: 'dispatched', steps: [], attachments: [] })
    const out = onSaveConflict(mine({ description: '已调解' }), base, current)
    expect(out).toEqual({ kind: 'retry', over: current })
  })

  it('asks the user when a field of the form changed, keeping both versions', () => {
    const current = version({ description: '商户与顾客发生纠纷，双方已调解' })
    const m = mine({ description: '商户与顾客发生纠纷，顾客称被推搡' })
    expect(onSaveConflict(m, base, current)).toEqual({
      kind: 'ask',
      conflict: { mine: m, base, theirs: current }
    })
  })
})

describe('merging descriptions', () => {
  it('keeps the common start once when both sides added to it', () => {
    expect(
      mergeDescription(
        '商户与顾客发生纠纷',
        '商户与顾客发生纠纷，双方已调解',
        '商户与顾客发生纠纷，顾客称被推搡'
      )
    ).toBe('商户与顾客发生纠纷，双方已调解，顾客称被推搡')
    expect(mergeDescription('Fight', 'Fight\nPolice called', 'Fight\nOne hurt')).toBe(
      'Fight\nPolice called\nOne hurt'
    )
    expect(mergeDescription('Fight', 'Fight at gate 2', 'FightOne hurt')).toBe(
      'Fight at gate 2\nOne hurt'
    )
  })

  it('lets an unchanged or emptied side give way, and never says a thing twice', () => {
    expect(mergeDescription('a', 'a', 'b')).toBe('b')
    expect(mergeDescription('a', 'b', 'a')).toBe('b')
    expect(mergeDescription('a', 'same', 'same')).toBe('same')
    expect(mergeDescription('a', '  ', 'mine')).toBe('mine')
    expect(mergeDescription('a', 'theirs', '')).toBe('theirs')
    expect(mergeDescription('a', 'long text with more', 'text with')).toBe('long text with more')
    expect(mergeDescription('a', 'with', 'long text with more')).toBe('long text with more')
  })

  it('puts unrelated texts one after the other, theirs first (saved first)', () => {
    expect(mergeDescription('', '双方已调解', '顾客称被推搡')).toBe('双方已调解\n顾客称被推搡')
    expect(mergeDescription('old', '双方已调解', '顾客称被推搡')).toBe('双方已调解\n顾客称被推搡')
  })
})

describe('merge and keep editing', () => {
  it("keeps the user's changes, takes the fields only they changed, merges the text", () => {
    const theirs = version({
      description: '商户与顾客发生纠纷，双方已调解',
      severity: 'high',
      placeName: '大润发收银台'
    })
    const m = mine({
      description: '商户与顾客发生纠纷，顾客称被推搡',
      placeName: '大润发入口'
    })
    expect(mergeConflict({ mine: m, base, theirs })).toEqual({
      ...m,
      // only they raised the severity: kept
      severity: 'high',
      // both changed the place: the user's stays (they see theirs in the table)
      placeName: '大润发入口',
      description: '商户与顾客发生纠纷，双方已调解，顾客称被推搡'
    })
  })

  it('changes nothing the user set when the other side only touched the text', () => {
    const theirs = version({ description: '商户与顾客发生纠纷\n已通知城管' })
    const m = mine({ description: '商户与顾客发生纠纷\n顾客离开', severity: 'low', lat: 30.1 })
    expect(mergeConflict({ mine: m, base, theirs })).toEqual({
      ...m,
      description: '商户与顾客发生纠纷\n已通知城管\n顾客离开'
    })
  })
})
