import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startPgCluster, type PgCluster } from '../../../helpers/pgCluster'
import { openTestRoom } from '../../../helpers/testRoom'
import { ipcWindow } from '../../../helpers/ipcWindow'
import { addCamera } from '../../../helpers/recording'
import { AUDIT_KEY_FILE } from '../../../../src/main/audit/anchor'
import { readRoomId } from '../../../../src/main/recording/roomId'
import { insertSegment } from '../../../../src/main/recording/repository'

type Room = Awaited<ReturnType<typeof openTestRoom>>

/**
 * Two room servers composed on one district as host mode does: each takes
 * its room id from its data directory and sees only the footage it indexed
 * itself, also after a restart.
 */
describe('recording rooms composed on a district', () => {
  let cluster: PgCluster
  let url: string
  let tmp: string
  const open: Room[] = []
  const dirA = () => path.join(tmp, 'a')
  const dirB = () => path.join(tmp, 'b')
  const room = async (dataDir: string, prefix: string): Promise<Room> => {
    const r = await openTestRoom({
      prefix,
      adminPassword: 'district-admin',
      databaseUrl: url,
      dataDir
    })
    open.push(r)
    return r
  }
  const close = async (r: Room) => {
    open.splice(open.indexOf(r), 1)
    await r.close()
  }

  beforeAll(async () => {
    cluster = await startPgCluster()
    url = cluster.createDatabase('district')
    tmp = mkdtempSync(path.join(os.tmpdir(), 'wr-district-rec-'))
  })
  afterAll(async () => {
    for (const r of open.splice(0)) await r.close()
    if (tmp) rmSync(tmp, { recursive: true, force: true })
    cluster?.stop()
  })

  it('each room lists only its own footage, under an id that survives a restart', async () => {
    let a = await room(dirA(), 'district-rec-a')
    // the rooms of a district chain their audit rows with one key
    mkdirSync(dirB(), { recursive: true, mode: 0o700 })
    copyFileSync(path.join(dirA(), AUDIT_KEY_FILE), path.join(dirB(), AUDIT_KEY_FILE))
    const b = await room(dirB(), 'district-rec-b')
    const idA = readRoomId(dirA())
    const idB = readRoomId(dirB())
    expect(idA).toMatch(/^[0-9a-f]{32}$/)
    expect(idB).toMatch(/^[0-9a-f]{32}$/)
    expect(idB).not.toBe(idA)

    const sql = a.app.deps.sql
    const cam = await addCamera(sql, 'D-1', null, 'off')
    // recent, so the restarted room's retention sweep keeps it
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 600_000
    for (let i = 0; i < 3; i++)
      await insertSegment(sql, {
        room: idA,
        cameraId: cam,
        startMs: t0 + i * 2000,
        endMs: t0 + (i + 1) * 2000,
        durationMs: 2000,
        bytes: 100,
        path: `${cam}/${t0 + i * 2000}-1.ts`,
        run: 1,
        timeSource: 'pdt',
        createdAt: t0
      })
    const ask = { cameraIds: [cam], from: t0 - 60_000, to: t0 + 60_000, minGapMs: 0 }
    const login = { username: 'admin', password: 'district-admin' }
    const inB = ipcWindow(b.app, 'room-b')
    expect(await inB('auth:login', login)).toMatchObject({ ok: true })
    expect(await inB('playback:availability', ask)).toEqual({
      ok: true,
      result: [{ cameraId: cam, ranges: [] }]
    })

    const expected = {
      ok: true,
      result: [{ cameraId: cam, ranges: [{ from: t0, to: t0 + 6000 }] }]
    }
    let inA = ipcWindow(a.app, 'room-a')
    expect(await inA('auth:login', login)).toMatchObject({ ok: true })
    expect(await inA('playback:availability', ask)).toEqual(expected)

    // room A restarts on its directory: the same id, its footage still its own
    await close(a)
    a = await room(dirA(), 'district-rec-a2')
    expect(readRoomId(dirA())).toBe(idA)
    inA = ipcWindow(a.app, 'room-a2')
    expect(await inA('auth:login', login)).toMatchObject({ ok: true })
    expect(await inA('playback:availability', ask)).toEqual(expected)
  })
})
