import { describe, expect, it } from 'vitest'
import { openMemoryDatabase } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'
import type { Params, Sql } from '../../src/main/db/sql'
import type { IncidentFields } from '../../src/shared/domain/incident'
import type { DutyLogEntry } from '../../src/shared/domain/duty'
import { describeBackends } from '../helpers/backends'
import {
  getAttachment,
  getIncident,
  incidentExists,
  insertAttachment,
  insertIncident,
  insertNotification,
  insertStep,
  listIncidentFacts,
  listIncidents,
  listIncidentsActiveBetween,
  listNotificationsBetween,
  listOpenIncidents,
  listSteps,
  listUnacknowledged,
  searchIncidents,
  setIncidentStatus,
  updateIncidentFields,
  type DerivedPlace
} from '../../src/main/incidents/repository'
import {
  endShiftRow,
  getCurrentShift,
  getPreviousShift,
  insertLogEntry,
  insertShift,
  listLogEntries,
  listShifts,
  searchLogEntries
} from '../../src/main/duty/repository'

describe('0005-incidents-duty', () => {
  const db = openMemoryDatabase()
  migrate(
    db,
    MIGRATIONS.slice(0, MIGRATIONS.findIndex((m) => m.name === '0005-incidents-duty') + 1)
  )

  it('creates the incident and duty tables and the contentless FTS indexes', () => {
    const names = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all() as string[]
    expect(names).toEqual(
      expect.arrayContaining([
        'incidents',
        'incident_steps',
        'incident_cameras',
        'incident_attachments',
        'incident_notifications',
        'shifts',
        'duty_log',
        'incidents_fts',
        'duty_log_fts'
      ])
    )
    db.prepare("INSERT INTO duty_log_fts (rowid, body) VALUES (7, '盗窃 窃案 案')").run()
    expect(
      db.prepare('SELECT rowid FROM duty_log_fts WHERE duty_log_fts MATCH \'"盗窃"\'').pluck().all()
    ).toEqual([7])
    db.prepare('DELETE FROM duty_log_fts WHERE rowid = 7').run()
    expect(
      db.prepare('SELECT rowid FROM duty_log_fts WHERE duty_log_fts MATCH \'"盗窃"\'').pluck().all()
    ).toEqual([])
  })

  it('checks statuses and allows one open shift only', () => {
    expect(() =>
      db
        .prepare(
          "INSERT INTO incidents (type, at, severity, status, place_kind, created_at, updated_at) VALUES ('x', 0, 'low', 'lost', 'point', 0, 0)"
        )
        .run()
    ).toThrow(/CHECK/)
    db.prepare('INSERT INTO shifts (started_at) VALUES (1)').run()
    expect(() => db.prepare('INSERT INTO shifts (started_at) VALUES (2)').run()).toThrow(/UNIQUE/)
    db.prepare('UPDATE shifts SET ended_at = 5').run()
    db.prepare('INSERT INTO shifts (started_at) VALUES (6)').run()
  })
})

describeBackends('incidents repository', (b) => {
  const T0 = Date.UTC(2026, 5, 1, 6, 0)
  const fields = (over: Partial<IncidentFields> = {}): IncidentFields => ({
    type: 'traffic',
    at: T0,
    severity: 'medium',
    placeKind: 'point',
    cameraId: null,
    roadId: null,
    placeName: '',
    lat: 30.18,
    lng: 120.26,
    description: '',
    linkedCameras: [],
    ...over
  })
  const place = (block: string | null, placeName = '金城路'): DerivedPlace => ({
    block,
    community: block && '荣星社区',
    placeName,
    lat: 30.18,
    lng: 120.26
  })
  const meta = (now: number) => ({ actor: 'zhang', now, typeName: '交通事故' })

  /** Five incidents an hour apart, newest last; returns their ids in that order. */
  async function seed(sql: Sql): Promise<number[]> {
    const rows: [Partial<IncidentFields>, string | null, string][] = [
      [
        { type: 'theft', description: '超市门口电动车被盗，嫌疑人穿黑色外套' },
        '第一片区',
        '大润发'
      ],
      [{ description: '地下停车场刮擦后逃逸，浙A12345' }, '第二片区', '湘湖路'],
      [
        { type: 'dispute', description: 'Fire alarm near the café; 两人纠纷' },
        '第二片区',
        '育才路'
      ],
      [{ severity: 'high', description: '火情：仓库冒烟 3号楼' }, null, '北塘河'],
      [{ type: 'theft', description: '自行车失窃' }, '第十片区', '金城路口']
    ]
    const ids: number[] = []
    for (const [i, [f, block, name]] of rows.entries())
      ids.push(
        await insertIncident(
          sql,
          fields({ ...f, at: T0 + i * 3_600_000 }),
          place(block, name),
          meta(T0 + i * 3_600_000)
        )
      )
    return ids
  }

  it('stores an incident with its links, first step and text, and reads it back', async () => {
    const sql = b.sql()
    const id = await insertIncident(
      sql,
      fields({ description: '刮擦', linkedCameras: [] }),
      place('第一片区'),
      meta(T0)
    )
    expect(await incidentExists(sql, id)).toBe(true)
    expect(await incidentExists(sql, id + 1)).toBe(false)
    const i = await getIncident(sql, id)
    expect(i).toMatchObject({
      id,
      type: 'traffic',
      status: 'new',
      block: '第一片区',
      community: '荣星社区',
      placeName: '金城路',
      version: 1,
      createdAt: T0,
      createdBy: 'zhang',
      lat: 30.18,
      notifications: [],
      attachments: []
    })
    expect(i?.steps.map((s) => [s.action, s.fromStatus, s.toStatus])).toEqual([
      ['create', null, 'new']
    ])
    // a stale version is refused, the current one saved and re-indexed
    expect(
      await updateIncidentFields(
        sql,
        id,
        2,
        fields({ description: '追尾' }),
        place(null),
        meta(T0 + 1)
      )
    ).toBe(false)
    expect(
      await updateIncidentFields(
        sql,
        id,
        1,
        fields({ description: '追尾' }),
        place(null),
        meta(T0 + 1)
      )
    ).toBe(true)
    expect(await searchIncidents(sql, '刮擦', { limit: 10 })).toEqual([])
    expect((await searchIncidents(sql, '追尾', { limit: 10 })).map((x) => x.id)).toEqual([id])
    // compare-and-set on the status
    expect(
      await setIncidentStatus(sql, id, 'new', 'acknowledged', { actor: 'li', now: T0 + 2 })
    ).toBe(true)
    expect(
      await setIncidentStatus(sql, id, 'new', 'acknowledged', { actor: 'li', now: T0 + 2 })
    ).toBe(false)
    await insertStep(sql, id, {
      at: T0 + 2,
      actor: 'li',
      action: 'acknowledge',
      fromStatus: 'new',
      toStatus: 'acknowledged',
      note: null
    })
    const n = await insertNotification(
      sql,
      {
        incidentId: id,
        department: 'police',
        at: T0 + 3,
        method: 'phone',
        calledBy: 'li',
        contact: '110',
        note: ''
      },
      T0 + 3
    )
    expect(n).toMatchObject({ incidentId: id, department: 'police', method: 'phone' })
    const att = await insertAttachment(sql, {
      incidentId: id,
      kind: 'snapshot',
      fileName: 'a.png',
      relPath: `${id}/a.png`,
      mime: 'image/png',
      bytes: 3,
      sha256: 'abc',
      createdAt: T0 + 4,
      createdBy: 'li'
    })
    expect(await getAttachment(sql, att.id)).toEqual({ ...att, relPath: `${id}/a.png` })
    const after = await getIncident(sql, id)
    expect(after).toMatchObject({
      status: 'acknowledged',
      version: 3,
      description: '追尾',
      block: null
    })
    expect(after?.notifications).toEqual([n])
    expect(after?.attachments).toEqual([att])
    expect((await listSteps(sql, [id, id + 1])).get(id)?.map((s) => s.action)).toEqual([
      'create',
      'acknowledge'
    ])
    expect(await listNotificationsBetween(sql, T0, T0 + 10)).toEqual([
      { ...n, incidentType: 'traffic', incidentPlace: '金城路' }
    ])
    expect((await listIncidentsActiveBetween(sql, T0 + 2, T0 + 3)).map((x) => x.id)).toEqual([id])
    expect(await listIncidentsActiveBetween(sql, T0 + 5, T0 + 10)).toEqual([])
  })

  it('lists pages newest first with every filter', async () => {
    const sql = b.sql()
    const ids = await seed(sql)
    const list = async (f: Parameters<typeof listIncidents>[1]) =>
      (await listIncidents(sql, f)).map((x) => ids.indexOf(x.id))
    expect(await list({ limit: 10 })).toEqual([4, 3, 2, 1, 0])
    expect(await list({ limit: 2 })).toEqual([4, 3])
    const page = await listIncidents(sql, { limit: 2 })
    const last = page[page.length - 1]
    expect(await list({ limit: 2, before: { at: last.at, id: last.id } })).toEqual([2, 1])
    expect(await list({ limit: 10, types: ['theft'] })).toEqual([4, 0])
    expect(await list({ limit: 10, types: ['theft', 'dispute'] })).toEqual([4, 2, 0])
    expect(await list({ limit: 10, severities: ['high'] })).toEqual([3])
    expect(await list({ limit: 10, blocks: ['第二片区'] })).toEqual([2, 1])
    expect(
      await list({ limit: 10, statuses: ['new'], fromMs: T0 + 3_600_000, toMs: T0 + 3 * 3_600_000 })
    ).toEqual([2, 1])
    await insertNotification(
      sql,
      {
        incidentId: ids[1],
        department: 'police',
        at: T0,
        method: 'radio',
        calledBy: 'li',
        contact: '',
        note: ''
      },
      T0
    )
    expect(await list({ limit: 10, department: 'police' })).toEqual([1])
    expect((await listUnacknowledged(sql, 'high')).map((x) => x.id)).toEqual([ids[3]])
    await setIncidentStatus(sql, ids[4], 'new', 'closed', { actor: null, now: T0 })
    expect((await listOpenIncidents(sql)).map((x) => ids.indexOf(x.id))).toEqual([3, 2, 1, 0])
    const facts = await listIncidentFacts(sql, T0, T0 + 2 * 3_600_000, {
      types: ['traffic', 'theft']
    })
    expect(facts.sort((x, y) => x.at - y.at)).toEqual([
      { at: T0, block: '第一片区', type: 'theft' },
      { at: T0 + 3_600_000, block: '第二片区', type: 'traffic' }
    ])
    expect(await listIncidentFacts(sql, T0, T0 + 5 * 3_600_000, { blocks: ['第十片区'] })).toEqual([
      { at: T0 + 4 * 3_600_000, block: '第十片区', type: 'theft' }
    ])
  })

  it('finds the same incidents for the same query (substrings, prefixes, several words, filters, paging)', async () => {
    const sql = b.sql()
    const ids = await seed(sql)
    const search = async (q: string, f: Partial<Parameters<typeof searchIncidents>[2]> = {}) =>
      (await searchIncidents(sql, q, { limit: 10, ...f })).map((x) => ids.indexOf(x.id))
    expect(await search('被盗')).toEqual([0])
    expect(await search('电动车')).toEqual([0])
    expect(await search('黑色外套')).toEqual([0])
    // characters present but not adjacent
    expect(await search('超门')).toEqual([])
    expect(await search('浙A123')).toEqual([1])
    expect(await search('浙a12345')).toEqual([1])
    expect(await search('a1234567')).toEqual([])
    // one character: a prefix of a bigram or a run's last character
    expect(await search('窃')).toEqual([4])
    expect(await search('盗')).toEqual([0])
    expect(await search('3')).toEqual([3, 1])
    // every word must occur
    expect(await search('fire 纠纷')).toEqual([2])
    expect(await search('fire 被盗')).toEqual([])
    expect(await search('ALARM')).toEqual([2])
    expect(await search('café')).toEqual([2])
    expect(await search('3号楼')).toEqual([3])
    // the type's name, the place and the block are in the text
    expect(await search('交通事故')).toEqual([4, 3, 2, 1, 0])
    expect(await search('湘湖路')).toEqual([1])
    expect(await search('第二片区')).toEqual([2, 1])
    expect(await search('荣星')).toEqual([4, 2, 1, 0])
    expect(await search('，。 ')).toEqual([])
    expect(await search('a" OR b*')).toEqual([])
    // filters and the keyset cursor
    expect(await search('片区', { types: ['theft'] })).toEqual([4, 0])
    expect(await search('片区', { blocks: ['第二片区'], severities: ['medium'] })).toEqual([2, 1])
    expect(await search('交通', { limit: 2 })).toEqual([4, 3])
    expect(await search('交通', { limit: 2, beforeId: ids[3] })).toEqual([2, 1])
    expect(await search('交通', { fromMs: T0 + 3_600_000, toMs: T0 + 3 * 3_600_000 })).toEqual([
      2, 1
    ])
  })

  it("answers a text query from its backend's text index (FTS5; the tsvector's GIN index)", async () => {
    const sql = b.sql()
    await seed(sql)
    const ran: { text: string; params?: Params }[] = []
    const recording: Sql = {
      ...sql,
      dialect: sql.dialect,
      all: <T>(text: string, params?: Params) => {
        ran.push({ text, params })
        return sql.all<T>(text, params)
      }
    }
    expect(await searchIncidents(recording, '被盗', { limit: 10 })).toHaveLength(1)
    await searchLogEntries(recording, '被盗', { limit: 10 })
    expect(ran).toHaveLength(2)
    const plans = await sql.tx(async (t) => {
      // a handful of rows: make the planner show whether the index can serve, not what is cheapest
      if (t.dialect === 'postgres') await t.run('SET LOCAL enable_seqscan = off')
      const explain = t.dialect === 'postgres' ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'
      const out: string[] = []
      for (const r of ran)
        out.push(
          (await t.all<Record<string, string>>(`${explain} ${r.text}`, r.params))
            .map((row) => row['QUERY PLAN'] ?? row.detail)
            .join('\n')
        )
      return out
    })
    if (sql.dialect === 'postgres') {
      expect(plans[0]).toMatch(/Bitmap Index Scan on incidents_fts_bydoc/)
      expect(plans[1]).toMatch(/Bitmap Index Scan on duty_log_fts_bydoc/)
    } else {
      expect(plans[0]).toMatch(/SCAN s VIRTUAL TABLE INDEX/)
      expect(plans[1]).toMatch(/SCAN s VIRTUAL TABLE INDEX/)
    }
  })

  it('keeps the duty log with its text, newest first', async () => {
    const sql = b.sql()
    const shift = await insertShift(sql, {
      startedAt: T0,
      operators: ['zhang', 'li'],
      startedBy: 'zhang'
    })
    if (!shift) throw new Error('the first shift starts')
    expect(await getCurrentShift(sql)).toEqual(shift)
    // one open shift: a second one inserts nothing
    expect(await insertShift(sql, { startedAt: T0 + 1, operators: [], startedBy: 'li' })).toBe(
      undefined
    )
    const texts = ['接群众电话：电动车充电棚有人徘徊', '网格员巡查湘湖路', '电动车已找回 No.7']
    const entries: DutyLogEntry[] = []
    for (const [i, text] of texts.entries())
      entries.push(
        await insertLogEntry(sql, {
          at: T0 + i,
          shiftId: shift.id,
          actor: 'li',
          text,
          incidentId: null
        })
      )
    const search = async (
      q: string,
      f: { fromMs?: number; toMs?: number; beforeId?: number } = {}
    ) =>
      (await searchLogEntries(sql, q, { limit: 10, ...f })).map((e) =>
        entries.findIndex((x) => x.id === e.id)
      )
    expect(await search('电动车')).toEqual([2, 0])
    expect(await search('电动车', { beforeId: entries[2].id })).toEqual([0])
    expect(await search('电动车', { fromMs: T0 + 1 })).toEqual([2])
    expect(await search('no7')).toEqual([])
    expect(await search('no 7')).toEqual([2])
    expect(await search('湘湖')).toEqual([1])
    expect((await listLogEntries(sql, { shiftId: shift.id, limit: 2 })).map((e) => e.text)).toEqual(
      [texts[2], texts[1]]
    )
    expect(
      await endShiftRow(sql, shift.id, { endedAt: T0 + 10, handoverNote: '交接', endedBy: 'li' })
    ).toBe(true)
    expect(
      await endShiftRow(sql, shift.id, { endedAt: T0 + 11, handoverNote: '', endedBy: 'li' })
    ).toBe(false)
    expect(await getCurrentShift(sql)).toBeNull()
    expect(await getPreviousShift(sql)).toMatchObject({
      id: shift.id,
      handoverNote: '交接',
      operators: ['zhang', 'li']
    })
    expect((await listShifts(sql, 5)).map((s) => s.id)).toEqual([shift.id])
  })
})
