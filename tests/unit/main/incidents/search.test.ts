import { expect, it } from 'vitest'
import { describeBackends } from '../../../helpers/backends'
import { bigramQuery, bigramText } from '../../../../src/main/incidents/search'
import { createHarness, fields } from './helpers'
import type { Incident } from '../../../../src/shared/domain/incident'
import type { SearchHit } from '../../../../src/shared/ipc/contracts/incidents'

describeBackends('Chinese full-text search', (backend) => {
  it('indexes overlapping bigrams and queries a substring as their phrase', () => {
    expect(bigramText('金城路，ＢＧ-0007')).toBe('金城 城路 路 bg g 00 00 07 7')
    expect(bigramQuery('盗窃')).toBe('"盗窃"')
    expect(bigramQuery('金城路口')).toBe('"金城 城路 路口"')
    expect(bigramQuery('浙A 盗')).toBe('"浙a" AND "盗"*')
    expect(bigramQuery(' ，。')).toBeNull()
    // FTS syntax in the user's text is never interpreted
    expect(bigramQuery('a" OR b*')).toBe('"a"* AND "or" AND "b"*')
  })

  it('finds Chinese substrings of two or more characters in incidents and log entries, with filters', async () => {
    const h = await createHarness(backend.sql())
    const duty = h.as('duty')
    const theft = await h.ok(
      duty<Incident>('incidents:create', {
        fields: fields({ type: 'theft', description: '超市门口电动车被盗，嫌疑人穿黑色外套' })
      })
    )
    h.tick(1000)
    const crash = await h.ok(
      duty<Incident>('incidents:create', {
        fields: fields({ description: '地下停车场刮擦后逃逸', cameraId: 2 })
      })
    )
    h.tick(1000)
    await h.ok(duty('duty:addEntry', { text: '接群众电话：电动车充电棚有人徘徊' }))
    const search = async (query: string, extra: Record<string, unknown> = {}) =>
      (await h.ok(duty<{ hits: SearchHit[] }>('incidents:search', { query, ...extra }))).hits.map(
        (x) => (x.kind === 'incident' ? `i${x.incident.id}` : `log`)
      )

    expect(await search('被盗')).toEqual([`i${theft.id}`])
    expect(await search('逃逸')).toEqual([`i${crash.id}`])
    expect(await search('电动车')).toEqual(['log', `i${theft.id}`])
    expect(await search('黑色外套')).toEqual([`i${theft.id}`])
    expect(await search('停车')).toEqual([`i${crash.id}`])
    // the place and block are searchable too
    expect(await search('湘湖')).toEqual([`i${crash.id}`])
    // not a substring: characters present but not adjacent
    expect(await search('超门')).toEqual([])
    // filters: an incident filter leaves out log entries
    expect(await search('电动车', { types: ['theft'] })).toEqual([`i${theft.id}`])
    expect(await search('电动车', { types: ['traffic'] })).toEqual([])
    expect(await search('电动车', { scope: 'log' })).toEqual(['log'])
    expect(await search('逃逸', { blocks: ['第一片区'] })).toEqual([])
    expect(await search('逃逸', { blocks: ['第二片区'], statuses: ['new'] })).toEqual([
      `i${crash.id}`
    ])
    await h.ok(
      duty('incidents:notify', {
        id: crash.id,
        department: 'police',
        at: h.deps.now(),
        method: 'phone'
      })
    )
    expect(await search('逃逸', { department: 'police' })).toEqual([`i${crash.id}`])
    expect(await search('被盗', { department: 'police' })).toEqual([])

    // an edit re-indexes the text
    await h.ok(
      duty('incidents:update', {
        id: theft.id,
        version: 1,
        fields: fields({ type: 'theft', description: '自行车失窃' })
      })
    )
    expect(await search('被盗')).toEqual([])
    expect(await search('失窃')).toEqual([`i${theft.id}`])
  })

  it('pages through many hits with a cursor', async () => {
    const h = await createHarness(backend.sql())
    const duty = h.as('duty')
    for (let i = 0; i < 7; i++) {
      h.tick(1000)
      await h.ok(
        duty('incidents:create', {
          fields: fields({ description: `第${i}起纠纷`, at: h.deps.now() })
        })
      )
      h.tick(1000)
      await h.ok(duty('duty:addEntry', { text: `纠纷调解记录 ${i}` }))
    }
    const seen: string[] = []
    let cursor: unknown = undefined
    for (let page = 0; page < 10; page++) {
      const r = await h.ok(
        duty<{ hits: SearchHit[]; next: unknown }>('incidents:search', {
          query: '纠纷',
          limit: 4,
          ...(cursor ? { cursor } : {})
        })
      )
      seen.push(
        ...r.hits.map((x) => (x.kind === 'incident' ? `i${x.incident.id}` : `l${x.entry.id}`))
      )
      if (!r.next) break
      cursor = r.next
    }
    expect(seen).toHaveLength(14)
    expect(new Set(seen).size).toBe(14)
  })
})
