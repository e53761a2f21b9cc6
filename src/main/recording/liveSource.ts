import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import type { LiveService } from '../live/service'
import type { LiveStreamKind } from '../../shared/domain/live'
import { dirReader, hlsSegmenterArgs, type LiveReader } from './sources'

/**
 * Records a camera the live service ingests, as a client of it: the
 * recorder's ffmpeg reads the service's fragmented MP4 on stdin and copies it
 * into 2 s HLS segments with PROGRAM-DATE-TIME, so the wall, health and the
 * recorder share one upstream connection to the camera (and recording keeps
 * it open). A new init segment (the camera reconnected) starts a new ffmpeg,
 * which the recorder sees as a new run.
 */
export function liveIngestReader(opts: {
  workDir: string
  live: Pick<LiveService, 'attach'>
  cameraId: number
  kind?: LiveStreamKind
  ffmpegPath: string
  log?: (msg: string) => void
}): LiveReader {
  const playlistFile = path.join(opts.workDir, 'live.m3u8')
  const reader = dirReader(playlistFile)
  let child: ChildProcess | null = null
  let detach: (() => void) | null = null
  let closed = false
  let ready: Promise<void> | null = null

  const spawnWriter = (init: Buffer) => {
    child?.kill('SIGKILL')
    const proc = spawn(
      opts.ffmpegPath,
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-f',
        'mp4',
        '-i',
        'pipe:0',
        '-map',
        '0:v:0',
        '-c',
        'copy',
        ...hlsSegmenterArgs(opts.workDir, playlistFile)
      ],
      { stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true }
    )
    child = proc
    proc.stdin.on('error', () => undefined)
    proc.stderr.setEncoding('utf8')
    proc.stderr.on('data', (d: string) => {
      if (!closed) opts.log?.(`recorder (live ${opts.cameraId}): ${d.trim().split('\n')[0]}`)
    })
    proc.on('close', () => {
      if (child === proc) child = null
    })
    proc.stdin.write(init)
  }

  const start = async () => {
    await rm(opts.workDir, { recursive: true, force: true })
    await mkdir(opts.workDir, { recursive: true })
    if (closed) return
    let waitingForKey = true
    detach = opts.live.attach(opts.cameraId, opts.kind ?? 'main', {
      init: (data) => {
        waitingForKey = true
        spawnWriter(data)
      },
      fragment: (data, key) => {
        if (!child?.stdin || child.stdin.destroyed) return
        // a segment must begin with a key frame
        if (waitingForKey && !key) return
        waitingForKey = false
        child.stdin.write(data)
      },
      state: () => undefined
    })
  }

  return {
    async playlist() {
      ready ??= start()
      await ready
      return reader.playlist()
    },
    segment: (seg, seq) => reader.segment(seg, seq),
    async close() {
      closed = true
      detach?.()
      const proc = child
      child = null
      if (proc && proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('close', r))
        proc.stdin?.end()
        proc.kill('SIGTERM')
        await exited
      }
      await rm(opts.workDir, { recursive: true, force: true }).catch(() => undefined)
    }
  }
}
