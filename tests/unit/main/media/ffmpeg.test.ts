import { describe, expect, it } from 'vitest'
import {
  FfmpegError,
  ffmpegVersion,
  installerFfmpegPath,
  parseFfmpegInputInfo,
  resolveFfmpeg,
  runFfmpeg
} from '../../../../src/main/media/ffmpeg'

describe('resolveFfmpeg', () => {
  it('prefers the explicit path, then WATCHROOM_FFMPEG, then the installer package', () => {
    expect(
      resolveFfmpeg({ ffmpegPath: '/opt/x/ffmpeg', env: { WATCHROOM_FFMPEG: '/env/ffmpeg' } })
    ).toEqual({ path: '/opt/x/ffmpeg', source: 'option' })
    expect(resolveFfmpeg({ env: { WATCHROOM_FFMPEG: '/env/ffmpeg' } })).toEqual({
      path: '/env/ffmpeg',
      source: 'env'
    })
    const installer = installerFfmpegPath()
    expect(installer).toMatch(/@ffmpeg-installer/)
    expect(resolveFfmpeg({ env: {} })).toEqual({ path: installer, source: 'installer' })
  })

  it('reports the version line', async () => {
    expect(await ffmpegVersion()).toMatch(/^ffmpeg version /)
  })
})

describe('runFfmpeg', () => {
  it('rejects with the stderr tail and exit code', async () => {
    const err = await runFfmpeg([
      '-hide_banner',
      '-i',
      '/nonexistent/input.ts',
      '-f',
      'null',
      '-'
    ]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FfmpegError)
    const e = err as FfmpegError
    expect(e.exitCode).toBe(1)
    expect(e.stderrTail).toMatch(/No such file/)
    expect(e.message).toMatch(/exited with code 1/)
  })

  it('rejects when the binary is missing', async () => {
    await expect(runFfmpeg(['-version'], { ffmpegPath: '/nonexistent/ffmpeg' })).rejects.toThrow(
      /failed to start/
    )
  })

  it('stops on abort', async () => {
    const ac = new AbortController()
    const run = runFfmpeg(
      ['-hide_banner', '-f', 'lavfi', '-i', 'testsrc2=rate=5', '-f', 'null', '-'],
      { signal: ac.signal, niceness: 5 }
    )
    setTimeout(() => ac.abort(), 100)
    await expect(run).rejects.toThrow(/abort/)
  })
})

describe('parseFfmpegInputInfo', () => {
  it('reads duration, start and video stream from `ffmpeg -i` output', () => {
    const info = parseFfmpegInputInfo(`Input #0, mpegts, from 'seg.ts':
  Duration: 00:00:02.00, start: 9.400000, bitrate: 615 kb/s
  Program 1
    Stream #0:0[0x100]: Video: h264 (Constrained Baseline) ([27][0][0][0] / 0x001B), yuv420p(progressive), 640x360 [SAR 1:1 DAR 16:9], 15 fps, 15 tbr, 90k tbn, 30 tbc
    Stream #0:1[0x101](und): Audio: aac (LC) ([15][0][0][0] / 0x000F), 48000 Hz, stereo, fltp, 130 kb/s`)
    expect(info).toEqual({
      durationSec: 2,
      startSec: 9.4,
      bitrateKbps: 615,
      streams: [
        { index: 0, type: 'video', codec: 'h264', width: 640, height: 360, fps: 15 },
        { index: 1, type: 'audio', codec: 'aac' }
      ]
    })
  })
})
