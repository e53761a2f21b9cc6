// Event and duty log at scale: 1,000,000 incidents and 1,000,000 duty log
// entries of realistic Chinese text in a temporary SQLite file. Measures the
// median latency of a filtered list page and of Chinese full-text searches
// (target < 50 ms), the two-character LIKE fallback the bigram index avoids,
// the statistics of a quarter, and the insert throughput of log entries.
// Run: npx tsx scripts/bench/events.bench.ts [incidents] [entries]
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, type WritableDb } from '../../src/main/db/database'
import { bigramText } from '../../src/main/incidents/search'
import {
  listIncidentFacts,
  listIncidents,
  searchIncidents
} from '../../src/main/incidents/repository'
import { insertLogEntry, searchLogEntries } from '../../src/main/duty/repository'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import { addLogEntry } from '../../src/main/duty/service'
import { computeStats } from '../../src/main/stats/compute'

const N_INCIDENTS = Number(process.argv[2] ?? 1_000_000)
const N_ENTRIES = Number(process.argv[3] ?? 1_000_000)
const TARGET_MS = 50

/** Applies the migrations straight from their .sql files (tsx has no `?raw` imports). */
function migrateFromFiles(db: WritableDb): void {
  const dir = join(__dirname, '..', '..', 'src', 'main', 'db', 'migrations')
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}-.*\.sql$/.test(f))
    .sort()
  db.transaction(() => {
    for (const f of files) db.exec(readFileSync(join(dir, f), 'utf8'))
    db.pragma(`user_version = ${files.length}`)
  })()
}

// deterministic pseudo-random numbers (mulberry32)
let seed = 20260601
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]

const ROADS = [
  '金城路',
  '育才路',
  '湖头西路',
  '桥南街',
  '秋涛街',
  '教工北路',
  '中山街',
  '市心路',
  '人民路',
  '江南大道',
  '湘湖路',
  '通惠路'
]
const SPOTS = [
  '大润发超市门口',
  '地下停车场',
  '公交站',
  '小区东门',
  '菜市场',
  '学校门口',
  '十字路口',
  '加油站',
  '农贸市场',
  '医院南门',
  '地铁站出口'
]
const COMMUNITIES = [
  '荣星社区',
  '湘湖社区',
  '育才社区',
  '金城社区',
  '桥南社区',
  '城厢社区',
  '新塘社区',
  '北干社区'
]
const BLOCKS = ['第一片区', '第二片区', '第三片区', '第四片区', '第五片区']
const COLORS = ['白色', '黑色', '银色', '红色', '蓝色', '灰色']
const VEHICLES = ['轿车', '电动车', 'SUV', '货车', '出租车', '摩托车', '三轮车']
const TYPES: Record<string, readonly string[]> = {
  traffic: [
    '两车刮擦',
    '车辆追尾',
    '刮擦后驶离现场',
    '电动车与行人相撞',
    '倒车撞到护栏',
    '肇事车辆逃逸'
  ],
  theft: ['电动车被盗', '手机被盗', '车内财物被盗', '自行车失窃', '店铺财物被盗'],
  dispute: ['商户与顾客发生纠纷', '邻里纠纷', '停车纠纷', '酒后争吵', '出租车司机与乘客纠纷'],
  fire: ['垃圾桶起火', '电动车充电起火', '楼道冒烟', '草坪着火'],
  crowd: ['人员聚集约二十人', '广场人员聚集', '围观人群堵塞道路', '集会'],
  suspicious: ['可疑人员徘徊', '有人尝试拉车门', '深夜翻越围墙', '形迹可疑人员反复出现'],
  equipment: ['摄像机画面黑屏', '信号灯故障', '画面模糊', '云台无法转动']
}
const TYPE_CODES = Object.keys(TYPES)
const ACTIONS = [
  '已通知派出所处置',
  '已联系社区网格员',
  '民警已到场',
  '现场已恢复正常',
  '持续关注中',
  '已调取周边录像'
]
const plate = () =>
  `浙A${Math.floor(rand() * 1e5)
    .toString()
    .padStart(5, '0')}`

function incidentText(type: string, road: string, spot: string): string {
  return `${road}${spot}${pick(TYPES[type])}，${pick(COLORS)}${pick(VEHICLES)}（${plate()}）${pick(['向北', '向南', '向东', '向西'])}驶离，${pick(ACTIONS)}。`
}
const LOG_TEMPLATES = [
  () => `巡查${pick(ROADS)}${pick(SPOTS)}，未见异常`,
  () => `接群众来电：${pick(ROADS)}${pick(TYPES[pick(TYPE_CODES)])}，${pick(ACTIONS)}`,
  () => `${pick(ROADS)}摄像机画面恢复正常，已通知技术员复查`,
  () => `${pick(COMMUNITIES)}网格员反映${pick(SPOTS)}有${pick(COLORS)}${pick(VEHICLES)}长时间停放`,
  () => `交接：${pick(ROADS)}事件处置中，请下一班关注`
]

/** The rare two-character term (a small compound's name) hidden in 0.01% of the rows. */
const RARE = '翠苑'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
async function time(label: string, runs: number, fn: (i: number) => unknown): Promise<number> {
  await fn(0) // warm the statement cache and the pages it touches
  const ms: number[] = []
  let rows = 0
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    const r = await fn(i)
    ms.push(performance.now() - t0)
    if (Array.isArray(r)) rows += r.length
  }
  const m = median(ms)
  const p90 = [...ms].sort((a, b) => a - b)[Math.floor(runs * 0.9)] ?? m
  const flag = m > TARGET_MS ? '  ABOVE TARGET' : ''
  console.log(
    `  ${label.padEnd(58)} median ${m.toFixed(2).padStart(7)} ms  p90 ${p90.toFixed(2).padStart(7)} ms  (${(rows / runs).toFixed(0)} rows)${flag}`
  )
  return m
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wr-events-bench-'))
  const file = join(dir, 'bench.db')
  const db = openDatabase(file)
  db.pragma('cache_size = -262144')
  migrateFromFiles(db)
  const sql = sqliteSql(db)
  try {
    const camIns = db.prepare(
      `INSERT INTO cameras (code, name, lat, lng, block, community, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0)`
    )
    for (let i = 0; i < 300; i++)
      camIns.run(
        `BG-${String(i + 1).padStart(4, '0')}`,
        `${pick(ROADS)}${pick(SPOTS)}`,
        30.15 + rand() * 0.08,
        120.22 + rand() * 0.08,
        BLOCKS[i % 5],
        pick(COMMUNITIES)
      )

    const now = Date.UTC(2026, 5, 1)
    const span = 3 * 365 * 86_400_000
    const start = now - span
    console.log(
      `generating ${N_INCIDENTS.toLocaleString()} incidents and ${N_ENTRIES.toLocaleString()} log entries in ${file}`
    )

    // incidents: logged in time order, as a room logs them
    let t0 = performance.now()
    const ins = db.prepare(
      `INSERT INTO incidents (type, at, severity, status, place_kind, camera_id, place_name, block, community, description, created_at, created_by, updated_at, updated_by)
       VALUES (@type, @at, @severity, @status, 'camera', @cameraId, @placeName, @block, @community, @description, @at, 'duty', @at, 'duty')`
    )
    const fts = db.prepare('INSERT INTO incidents_fts (rowid, body) VALUES (?, ?)')
    const notify = db.prepare(
      `INSERT INTO incident_notifications (incident_id, department, at, method, called_by, created_at) VALUES (?, ?, ?, 'phone', 'duty', ?)`
    )
    const BATCH = 20_000
    for (let b = 0; b < N_INCIDENTS; b += BATCH) {
      db.transaction(() => {
        for (let i = b; i < Math.min(b + BATCH, N_INCIDENTS); i++) {
          const type = pick(TYPE_CODES)
          const road = pick(ROADS)
          const spot = pick(SPOTS)
          const block = BLOCKS[Math.floor(rand() * 5)]
          const community = pick(COMMUNITIES)
          const at = start + Math.floor((i / N_INCIDENTS) * span + rand() * 60_000)
          const age = now - at
          const status =
            age > 7 * 86_400_000
              ? 'closed'
              : pick(['new', 'acknowledged', 'dispatched', 'resolved', 'closed'] as const)
          let description = incidentText(type, road, spot)
          if (i % 10_000 === 5_000) description = `${RARE}小区${description}`
          const placeName = `${road}${spot}`
          const id = Number(
            ins.run({
              type,
              at,
              severity: rand() < 0.05 ? 'high' : rand() < 0.4 ? 'medium' : 'low',
              status,
              cameraId: 1 + Math.floor(rand() * 300),
              placeName,
              block,
              community,
              description
            }).lastInsertRowid
          )
          fts.run(id, bigramText([type, placeName, block, community, description].join(' \n ')))
          if (rand() < 0.3)
            notify.run(
              id,
              pick(['police', 'police', 'city', 'fire', 'community']),
              at + 60_000,
              at + 60_000
            )
        }
      })()
    }
    const incSecs = (performance.now() - t0) / 1000
    console.log(
      `  incidents + index: ${incSecs.toFixed(1)} s (${Math.round(N_INCIDENTS / incSecs).toLocaleString()} rows/s)`
    )

    // duty log entries through the production appender, batched as an import would
    t0 = performance.now()
    for (let b = 0; b < N_ENTRIES; b += BATCH) {
      await sql.tx(async (t) => {
        for (let i = b; i < Math.min(b + BATCH, N_ENTRIES); i++) {
          const at = start + Math.floor((i / N_ENTRIES) * span)
          await insertLogEntry(t, {
            at,
            shiftId: null,
            actor: pick(['zhang', 'wang', 'li', 'zhao']),
            text: (i % 10_000 === 7_000 ? `${RARE}：` : '') + pick(LOG_TEMPLATES)(),
            incidentId: null
          })
        }
      })
    }
    const logSecs = (performance.now() - t0) / 1000
    console.log(
      `  log entries + index (batched ${BATCH.toLocaleString()}/transaction): ${Math.round(N_ENTRIES / logSecs).toLocaleString()} entries/s`
    )

    // one entry per transaction with its audit row, as an operator types them
    const single = 2000
    t0 = performance.now()
    for (let i = 0; i < single; i++)
      await addLogEntry(
        { sql, now: now + i, actor: 'duty' },
        `${pick(ROADS)}巡查第 ${i} 次，无异常`,
        null
      )
    const singleSecs = (performance.now() - t0) / 1000
    console.log(
      `  log entries one per transaction with audit row: ${Math.round(single / singleSecs).toLocaleString()} entries/s`
    )
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.exec('ANALYZE')
    console.log(`  database file: ${(statSync(file).size / 1024 / 1024).toFixed(0)} MiB`)

    console.log('\nlatency (median of 41 runs):')
    const RUNS = 41
    const results: Record<string, number> = {}
    const month = 30 * 86_400_000
    results.list = await time('list page: newest 100, no filter', RUNS, () =>
      listIncidents(sql, { limit: 100 })
    )
    results.listFiltered = await time('list page: type + block + last 90 days', RUNS, (i) =>
      listIncidents(sql, {
        types: [TYPE_CODES[i % 7]],
        blocks: [BLOCKS[i % 5]],
        fromMs: now - 3 * month,
        toMs: now,
        limit: 100
      })
    )
    results.listOpen = await time('list page: open statuses', RUNS, () =>
      listIncidents(sql, { statuses: ['new', 'acknowledged', 'dispatched'], limit: 100 })
    )
    results.listDept = await time('list page: notified police + theft', RUNS, () =>
      listIncidents(sql, { department: 'police', types: ['theft'], limit: 100 })
    )
    results.fts2 = await time('search "被盗" (2 chars, common), page of 50', RUNS, () =>
      searchIncidents(sql, '被盗', { limit: 50 })
    )
    results.fts2rare = await time(`search "${RARE}" (2 chars, rare: 100 rows)`, RUNS, () =>
      searchIncidents(sql, RARE, { limit: 50 })
    )
    results.fts4 = await time('search "电动车被盗" (5 chars)', RUNS, () =>
      searchIncidents(sql, '电动车被盗', { limit: 50 })
    )
    results.ftsFiltered = await time('search "逃逸" + block + type + last year', RUNS, (i) =>
      searchIncidents(sql, '逃逸', {
        blocks: [BLOCKS[i % 5]],
        types: ['traffic'],
        fromMs: now - 12 * month,
        toMs: now,
        limit: 50
      })
    )
    results.ftsOldWeek = await time(
      'search "被盗" within one week two years ago (worst case)',
      RUNS,
      (i) =>
        searchIncidents(sql, '被盗', {
          fromMs: now - 730 * 86_400_000 + i * 86_400_000,
          toMs: now - 723 * 86_400_000 + i * 86_400_000,
          limit: 50
        })
    )
    results.ftsPlate = await time('search a plate prefix "浙A123"', RUNS, () =>
      searchIncidents(sql, '浙A123', { limit: 50 })
    )
    results.ftsLog = await time('search log entries "网格员"', RUNS, () =>
      searchLogEntries(sql, '网格员', { limit: 50 })
    )
    results.ftsLogRare = await time(`search log entries "${RARE}" (rare)`, RUNS, () =>
      searchLogEntries(sql, RARE, { limit: 50 })
    )
    const like = db.prepare(
      `SELECT id FROM incidents WHERE description LIKE '%' || ? || '%' ORDER BY at DESC LIMIT 50`
    )
    results.likeRare = await time(`(rejected) LIKE fallback "${RARE}" (rare, 2 chars)`, 5, () =>
      like.all(RARE)
    )
    results.likeCommon = await time('(rejected) LIKE fallback "被盗" (common, 2 chars)', 11, () =>
      like.all('被盗')
    )
    results.stats = await time('statistics of 90 days (heatmap, trend, yoy, focus)', 11, async () =>
      computeStats({
        from: now - 3 * month,
        to: now,
        timeZone: 'Asia/Shanghai',
        bucket: 'week',
        slotHours: 2,
        facts: await listIncidentFacts(sql, now - 3 * month, now),
        lastYear: await listIncidentFacts(sql, now - 15 * month, now - 12 * month),
        outages: []
      })
    )

    const gated = [
      'listFiltered',
      'listOpen',
      'listDept',
      'fts2',
      'fts2rare',
      'fts4',
      'ftsFiltered',
      'ftsOldWeek',
      'ftsLog'
    ]
    const worst = Math.max(...gated.map((k) => results[k]))
    console.log(
      `\nfiltered list and Chinese search: worst median ${worst.toFixed(2)} ms (target < ${TARGET_MS} ms): ${worst < TARGET_MS ? 'OK' : 'ABOVE TARGET'}`
    )
    console.log(
      `bigram index vs LIKE for a rare 2-char term: ${(results.likeRare / results.fts2rare).toFixed(0)}× faster`
    )
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
