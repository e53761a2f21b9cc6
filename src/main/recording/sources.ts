/**
 * Where the recorder reads a camera's live HLS from: an http(s) playlist, a
 * local directory ffmpeg writes (rtsp:// ingest), or a source inside main
 * that the composition root plugs in (`readerFor`). All look the same to the
 * recorder: the current media playlist and the bytes of one of its segments.
 */
import { readFile, rm, mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { MediaPlaylist, MediaSegment } from '../media/hls/playlist'
import { parseMediaPlaylist, parsePlaylist } from '../media/hls/playlist'
import { runFfmpeg } from '../media/ffmpeg'

export type LiveReader = {
  /** The current live media playlist; undefined when the source is away (404, offline, not started). */
  playlist(): Promise<MediaPlaylist | undefined>
  /** Bytes of a segment of the last playlist; undefined when it is gone or broken. */
  segment(seg: MediaSegment, seq: number): Promise<Buffer | undefined>
  /**
   * For sources whose bytes are a pure function of the sequence number (a
   * pre-rendered loop): the index path that references the segment instead of a
   * copy; undefined records a gap. Readers without it are copied to disk.
   */
  ref?(seg: MediaSegment, seq: number): string | undefined
  close(): Promise<void>
}

const FETCH_TIMEOUT_MS = 10_000

/** Live HLS over http(s); a master playlist is followed to its highest-bandwidth variant. */
export function httpReader(url: string): LiveReader {
  let mediaUrl: string | null = null
  const get = async (u: string): Promise<Response | undefined> => {
    const res = await fetch(u, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      redirect: 'follow'
    })
    if (!res.ok) {
      await res.body?.cancel()
      return undefined
    }
    return res
  }
  return {
    async playlist() {
      const res = await get(mediaUrl ?? url)
      if (!res) {
        mediaUrl = null
        return undefined
      }
      const parsed = parsePlaylist(await res.text())
      if (parsed.kind === 'media') {
        mediaUrl ??= url
        return parsed
      }
      const best = [...parsed.variants].sort((a, b) => b.bandwidth - a.bandwidth)[0]
      if (!best) return undefined
      mediaUrl = new URL(best.uri, url).href
      const media = await get(mediaUrl)
      return media ? parseMediaPlaylist(await media.text()) : undefined
    },
    async segment(seg) {
      const res = await get(new URL(seg.uri, mediaUrl ?? url).href)
      return res ? Buffer.from(await res.arrayBuffer()) : undefined
    },
    close: () => Promise.resolve()
  }
}

/** A playlist ffmpeg keeps writing in a local directory. */
export function dirReader(playlistFile: string): LiveReader {
  const dir = path.dirname(playlistFile)
  return {
    async playlist() {
      try {
        return parseMediaPlaylist(await readFile(playlistFile, 'utf8'))
      } catch {
        return undefined
      }
    },
    async segment(seg) {
      // ffmpeg writes bare file names; anything else is not ours to read.
      if (!/^[\w.-]+\.ts$/.test(seg.uri)) return undefined
      try {
        return await readFile(path.join(dir, seg.uri))
      } catch {
        return undefined
      }
    },
    close: () => Promise.resolve()
  }
}

/** ffmpeg input arguments for an RTSP camera (TCP: UDP loses packets on busy networks). */
/**
 * ffmpeg output arguments of a recording ingest: 2-s HLS segments numbered in
 * `workDir`, a sliding playlist with PROGRAM-DATE-TIME that the recorder reads.
 */
export function hlsSegmenterArgs(workDir: string, playlistFile: string): string[] {
  return [
    '-f',
    'hls',
    '-hls_time',
    '2',
    '-hls_list_size',
    '8',
    '-hls_flags',
    'delete_segments+program_date_time+temp_file',
    '-hls_segment_filename',
    path.join(workDir, '%d.ts'),
    playlistFile
  ]
}

export function rtspInputArgs(url: string): string[] {
  return ['-rtsp_transport', 'tcp', '-i', url]
}

/**
 * rtsp:// cameras: ffmpeg copies the stream (`-c copy`, no re-encoding) into
 * 2 s HLS segments with PROGRAM-DATE-TIME in a private work directory, which
 * is then read like any live playlist. ffmpeg is restarted when it exits.
 */
export function ffmpegIngestReader(opts: {
  workDir: string
  inputArgs: string[]
  ffmpegPath?: string
  log?: (msg: string) => void
  restartDelayMs?: number
}): LiveReader {
  const playlistFile = path.join(opts.workDir, 'live.m3u8')
  const reader = dirReader(playlistFile)
  const abort = new AbortController()
  let running: Promise<void> | null = null
  let closed = false

  const start = () => {
    running = (async () => {
      await rm(opts.workDir, { recursive: true, force: true })
      await mkdir(opts.workDir, { recursive: true })
      const args = [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'error',
        ...opts.inputArgs,
        '-map',
        '0:v:0',
        '-map',
        '0:a?',
        '-c',
        'copy',
        ...hlsSegmenterArgs(opts.workDir, playlistFile)
      ]
      try {
        await runFfmpeg(args, { ffmpegPath: opts.ffmpegPath, signal: abort.signal, niceness: 5 })
      } catch (err) {
        if (!closed)
          opts.log?.(
            `recorder ingest: ffmpeg stopped: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`
          )
      }
      if (closed) return
      await new Promise((r) => setTimeout(r, opts.restartDelayMs ?? 5000))
      if (!closed) start()
    })()
  }

  return {
    async playlist() {
      if (!running) start()
      return reader.playlist()
    },
    segment: (seg, seq) => reader.segment(seg, seq),
    async close() {
      closed = true
      abort.abort()
      await running?.catch(() => undefined)
      await rm(opts.workDir, { recursive: true, force: true }).catch(() => undefined)
    }
  }
}
