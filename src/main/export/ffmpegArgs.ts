/**
 * The ffmpeg command lines of an evidence export: remuxing a camera's
 * segments into one MP4 (never re-encoded) and grabbing one frame as PNG.
 * Pure, so the exact arguments are testable without running ffmpeg.
 */

/** One line of an ffmpeg concat list: the path single-quoted, quotes escaped. */
export function concatLine(file: string): string {
  return `file '${file.replace(/'/g, "'\\''")}'`
}

/** The concat demuxer's list file for these segment files, in order. */
export function concatList(files: readonly string[]): string {
  return `ffconcat version 1.0\n${files.map(concatLine).join('\n')}\n`
}

/**
 * The remux of a concat list to an MP4 of `seconds` (-c copy cannot cut
 * before the first keyframe, but it can stop at the range's end). With
 * audio, ADTS AAC is rewrapped for MP4; `audio: false` keeps the picture
 * alone, for cameras whose audio (G.711) MP4 cannot carry.
 */
export function remuxArgs(o: {
  listFile: string
  out: string
  seconds: number
  audio: boolean
}): string[] {
  const input = [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'concat',
    '-safe',
    '0',
    '-i',
    o.listFile
  ]
  const maps = o.audio
    ? ['-map', '0:v', '-map', '0:a?', '-bsf:a', 'aac_adtstoasc']
    : ['-map', '0:v']
  return [...input, ...maps, '-c', 'copy', '-t', o.seconds.toFixed(3), '-f', 'mp4', o.out]
}

/**
 * One PNG of the frame at `seekS` into a segment. The seek is an output
 * option: decoding starts at the segment's keyframe and stops at the first
 * frame at or after the offset. As an input option it jumped past the only
 * keyframe of a 2-s segment and wrote nothing.
 */
export function snapshotArgs(o: { input: string; out: string; seekS: number }): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    '-i',
    o.input,
    '-ss',
    o.seekS.toFixed(3),
    '-frames:v',
    '1',
    '-f',
    'image2',
    '-c:v',
    'png',
    o.out
  ]
}
