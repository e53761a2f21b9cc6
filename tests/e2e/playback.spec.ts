import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test, expect } from './fixtures'
import { PlaybackPage } from './pages/PlaybackPage'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import type { ExportManifest } from '../../src/shared/domain/recording'
import yauzl from 'yauzl'

const ffmpegBin = (createRequire(__filename)('@ffmpeg-installer/ffmpeg') as { path: string }).path

/** Duration and first stream of a media file, from `ffmpeg -i` (Playwright cannot load the app's ESM helpers). */
function probe(file: string): { durationSec: number; video: string } {
  const r = spawnSync(ffmpegBin, ['-hide_banner', '-i', file], { encoding: 'utf8' })
  const d = /Duration: (\d+):(\d+):([\d.]+)/.exec(r.stderr)
  return {
    durationSec: d ? Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3]) : NaN,
    video: /Stream #0:0[^:]*: Video: (\w+)/.exec(r.stderr)?.[1] ?? ''
  }
}

/** `YYYY-MM-DD HH:mm:ss` in the room's zone (the fixture's browser runs in Asia/Shanghai). */
function roomTime(ms: number): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false
  }).format(ms)
}

test('playback: 4 demo cameras an hour back, 4×, frame step, bookmark, export of 2 cameras', async ({
  loggedIn,
  page
}) => {
  test.setTimeout(180_000)
  const pb = new PlaybackPage(page)
  await loggedIn.goTo('playback')
  await pb.addCameras(['BG-0001', 'BG-0002', 'BG-0003', 'BG-0004'])
  await expect(pb.tiles).toHaveCount(4)

  // about an hour back: inside the demo footage made at first start
  const target = Math.floor((Date.now() - 57 * 60_000) / 1000) * 1000
  await pb.goTo(roomTime(target))
  await expect(page.getByTestId('playback-clock')).toHaveAttribute('data-ms', String(target))
  await expect.poll(() => pb.allShowing(4), { timeout: 30_000 }).toBe(true)
  await expect(page.getByTestId('tile-no-footage')).toHaveCount(0)

  // play at 4×: the clock runs about 4× wall time and the tiles follow it
  await pb.setSpeed('4×')
  await pb.togglePlay()
  const t0 = await pb.snapshot()
  const wall0 = Date.now()
  await expect
    .poll(async () => (await pb.snapshot()).clockMs - t0.clockMs, { timeout: 20_000 })
    .toBeGreaterThan(12_000)
  const t1 = await pb.snapshot()
  const speed = (t1.clockMs - t0.clockMs) / (Date.now() - wall0)
  expect(speed).toBeGreaterThan(3)
  expect(speed).toBeLessThan(4.5)
  // in sync while playing (measured over several samples, the worst one counts)
  expect(await pb.worstSyncError(20, 100)).toBeLessThan(400)
  await loggedIn.screenshot('playback-4')

  // pause, then one frame forward: the clock moves one frame (15 fps demo) and every tile shows it
  await pb.togglePlay()
  await expect(page.getByTestId('playback-play')).toHaveAttribute('data-playing', '0')
  await expect.poll(() => pb.allShowing(4), { timeout: 10_000 }).toBe(true)
  const before = (await pb.snapshot()).clockMs
  await page.getByTestId('playback-frame-forward').click()
  await expect.poll(async () => (await pb.snapshot()).clockMs - before).toBeGreaterThan(30)
  const stepped = (await pb.snapshot()).clockMs - before
  expect(stepped).toBeLessThan(120)
  await expect.poll(() => pb.allShowing(4), { timeout: 10_000 }).toBe(true)

  // a bookmark at the current time
  await pb.addBookmark('e2e: 白色轿车驶出')
  await expect(pb.bookmarks.filter({ hasText: 'e2e: 白色轿车驶出' })).toHaveCount(1)

  // export 1 minute of 2 cameras
  const exportFrom = Math.round((await pb.snapshot()).clockMs)
  await page.getByTestId('export-open').click()
  const cams = page.getByTestId('export-cameras')
  await cams.getByText('BG-0003', { exact: false }).click()
  await cams.getByText('BG-0004', { exact: false }).click()
  await page.getByTestId('export-start').click()
  await expect(page.getByTestId('export-job')).toHaveAttribute('data-status', 'done', {
    timeout: 60_000
  })
  const files = page.getByTestId('export-file')
  await expect(files).toHaveCount(3)
  const listed = await files.evaluateAll((els) =>
    els.map((el) => ({
      name: el.getAttribute('data-name') ?? '',
      sha256: el.getAttribute('data-sha256') ?? '',
      bytes: Number(el.getAttribute('data-bytes')),
      url: el.querySelector('a')?.getAttribute('href') ?? ''
    }))
  )
  const manifestEntry = listed.find((f) => f.name === 'manifest.json')
  expect(manifestEntry).toBeDefined()
  const manifestRes = await page.request.get(new URL(manifestEntry?.url ?? '', page.url()).href)
  expect(manifestRes.status()).toBe(200)
  const manifestBytes = await manifestRes.body()
  expect(createHash('sha256').update(manifestBytes).digest('hex')).toBe(manifestEntry?.sha256)
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as ExportManifest
  expect(manifest.exporter.username).toBe('admin')
  expect(manifest.cameras.map((c) => c.code)).toEqual(['BG-0001', 'BG-0002'])
  expect(Math.abs(manifest.range.fromMs - exportFrom)).toBeLessThan(1000)
  expect(manifest.range.toMs - manifest.range.fromMs).toBe(60_000)
  const videos = manifest.files.filter((f) => f.kind === 'video')
  expect(videos.map((f) => f.cameraCode)).toEqual(['BG-0001', 'BG-0002'])
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'wr-e2e-export-'))
  try {
    for (const v of videos) {
      const entry = listed.find((f) => f.name === v.name)
      const res = await page.request.get(new URL(entry?.url ?? '', page.url()).href)
      expect(res.status()).toBe(200)
      const body = await res.body()
      // sizes: as listed and in the manifest, and a minute of 640×360 video is not tiny
      expect(body.length).toBe(v.bytes)
      expect(entry?.bytes).toBe(v.bytes)
      expect(body.length).toBeGreaterThan(500_000)
      expect(createHash('sha256').update(body).digest('hex')).toBe(v.sha256)
      const file = path.join(tmp, v.name)
      writeFileSync(file, body)
      const info = probe(file)
      expect(Math.abs(info.durationSec - 60)).toBeLessThanOrEqual(2)
      expect(info.video).toBe('h264')
    }
    // the whole export as one download: a zip holding every listed file, the manifest among them
    const zipButton = page.getByTestId('export-zip')
    await expect(zipButton).toBeVisible()
    await loggedIn.screenshot('playback-export-zip')
    const [download] = await Promise.all([page.waitForEvent('download'), zipButton.click()])
    expect(download.suggestedFilename()).toMatch(
      /^evidence-\d+_\d{8}T\d{6}\+0800_\d{8}T\d{6}\+0800\.zip$/
    )
    const zipFile = path.join(tmp, download.suggestedFilename())
    await download.saveAs(zipFile)
    const zipped = await zipSums(zipFile)
    expect([...zipped.keys()].sort()).toEqual(listed.map((f) => f.name).sort())
    expect(zipped.get('manifest.json')).toBe(manifestEntry?.sha256)
    for (const f of manifest.files) expect(zipped.get(f.name), f.name).toBe(f.sha256)
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  await page.getByTestId('export-close').click()

  // 9 cameras, in English
  await loggedIn.setLanguage('English')
  await pb.addCameras(['BG-0005', 'BG-0006', 'BG-0007', 'BG-0008', 'BG-0009'])
  await expect(pb.tiles).toHaveCount(9)
  await expect.poll(() => pb.allShowing(9), { timeout: 45_000 }).toBe(true)
  await expect(page.getByTestId('nav-playback')).toHaveText('Playback')
  await loggedIn.screenshot('playback-9')
})

/** Name → SHA-256 of every entry of a zip file. */
function zipSums(file: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err)
      const sums = new Map<string, string>()
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, stream) => {
          if (err2) return reject(err2)
          const hash = createHash('sha256')
          stream.on('data', (c: Buffer) => hash.update(c))
          stream.on('error', reject)
          stream.on('end', () => {
            sums.set(e.fileName, hash.digest('hex'))
            zip.readEntry()
          })
        })
      })
      zip.on('end', () => resolve(sums))
      zip.on('error', reject)
      zip.readEntry()
    })
  })
}
