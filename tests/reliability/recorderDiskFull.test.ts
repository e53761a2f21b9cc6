import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createTestDb } from '../helpers/db'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import { addCamera, makeClip, startFakeCamera, until, type Clip } from '../helpers/recording'
import { createRecorder } from '../../src/main/recording/recorder'
import { listSegments } from '../../src/main/recording/repository'
import { resolveInStore } from '../../src/main/recording/store'

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]
  )
}

/**
 * Issue #8: the recorder on a full disk (a small tmpfs) stops writing, logs
 * an event, and recovers when space returns, without corrupting the index.
 * Mounting needs root, as in CI.
 */
describe('recorder with a full disk', () => {
  let tmp: string
  let mount: string
  let clip: Clip
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'wr-full-'))
    mount = path.join(tmp, 'disk')
    execFileSync('mkdir', ['-p', mount])
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=400k', 'tmpfs', mount])
    // ~60 KB segments: the disk holds a handful
    clip = await makeClip(path.join(tmp, 'clip'), 40, { size: '640x360' })
  })
  afterAll(() => {
    try {
      execFileSync('umount', [mount])
    } catch {
      // already unmounted
    }
    rmSync(tmp, { recursive: true, force: true })
  })

  it('pauses on ENOSPC with an event, indexes nothing partial, and resumes when space returns', async () => {
    const db = createTestDb()
    const sql = sqliteSql(db)
    const base = Math.floor(Date.now() / 1000) * 1000 - 60_000
    const cam = await startFakeCamera(clip, { baseMs: base, window: 6 })
    const id = await addCamera(sql, 'FULL-1', cam.url)
    const events: string[] = []
    const rec = createRecorder({
      sql,
      storeDir: path.join(mount, 'recordings'),
      pollMs: 30,
      onDiskFull: () => events.push('full'),
      onDiskRecovered: () => events.push('recovered')
    })
    const segs = () => listSegments(sql, id, 0, 8.64e15)
    const indexSound = async () => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      for (const r of await segs()) {
        const full = resolveInStore(path.join(mount, 'recordings'), r.path) ?? ''
        expect(statSync(full).size).toBe(r.bytes)
      }
      // no half-written file is left behind
      expect(walk(path.join(mount, 'recordings')).filter((f) => f.endsWith('.part'))).toEqual([])
    }
    try {
      await rec.start()
      // the camera produces one segment per step until the disk is full
      for (let head = 0; head < 40 && !events.includes('full'); head++) {
        cam.state.head = head
        await until(
          async () => (await segs()).length >= head + 1 || events.includes('full'),
          10_000,
          `segment ${head}`
        )
      }
      expect(events).toEqual(['full'])
      const storedWhenFull = (await segs()).length
      expect(storedWhenFull).toBeGreaterThan(0)
      await indexSound()

      // more segments arrive while full: nothing is indexed
      cam.state.head += 3
      await new Promise((r) => setTimeout(r, 400))
      expect((await segs()).length).toBe(storedWhenFull)
      await indexSound()

      // space returns
      execFileSync('mount', ['-o', 'remount,size=8m', mount])
      cam.state.head += 3
      await until(async () => (await segs()).length > storedWhenFull, 10_000, 'recording to resume')
      expect(events).toEqual(['full', 'recovered'])
      await indexSound()
      // the gap while full is a real gap, not invented footage
      const starts = (await segs()).map((r) => r.startMs)
      expect(new Set(starts).size).toBe(starts.length)
    } finally {
      await rec.stop()
      await cam.close()
    }
  })
})
