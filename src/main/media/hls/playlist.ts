/**
 * HLS playlist model, parser and serializer (RFC 8216 subset used by cameras,
 * sources inside main, the recorder and the playback server). Pure: no I/O.
 */

export interface MediaSegment {
  uri: string
  /** EXTINF duration in seconds. */
  duration: number
  /** EXTINF title (after the comma), rarely used. */
  title?: string
  /** EXT-X-PROGRAM-DATE-TIME of this segment as epoch milliseconds, when tagged. */
  programDateTime?: number
  /** EXT-X-DISCONTINUITY precedes this segment. */
  discontinuity?: boolean
  /** Other tags attached to this segment, verbatim without the leading '#'. */
  tags?: string[]
}

export interface MediaPlaylist {
  kind: 'media'
  version?: number
  targetDuration: number
  mediaSequence: number
  discontinuitySequence: number
  playlistType?: 'VOD' | 'EVENT'
  independentSegments?: boolean
  endList: boolean
  segments: MediaSegment[]
  /** Unrecognised playlist-level tags, verbatim without the leading '#'. */
  tags?: string[]
}

export interface Resolution {
  width: number
  height: number
}

export interface VariantStream {
  uri: string
  bandwidth: number
  averageBandwidth?: number
  resolution?: Resolution
  codecs?: string
  frameRate?: number
  /** Non-standard NAME attribute; hls.js exposes it as level.name. */
  name?: string
  /** Any other EXT-X-STREAM-INF attributes, raw values (quotes kept). */
  attributes?: Record<string, string>
}

export interface MasterPlaylist {
  kind: 'master'
  version?: number
  independentSegments?: boolean
  variants: VariantStream[]
  /** Unrecognised tags (EXT-X-MEDIA, …), verbatim without the leading '#'. */
  tags?: string[]
}

export type Playlist = MediaPlaylist | MasterPlaylist

export class PlaylistParseError extends Error {
  readonly line: number

  constructor(message: string, line: number) {
    super(line > 0 ? `${message} (line ${line})` : message)
    this.name = 'PlaylistParseError'
    this.line = line
  }
}

/** Split an attribute list (`A=1,B="x,y",C=0x1F`) into raw values; quoted values keep their quotes. */
export function parseAttributeList(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const re = /\s*([A-Z0-9-]+)\s*=\s*("[^"]*"|[^,]*)\s*(?:,|$)/gy
  let m: RegExpExecArray | null
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    out[m[1] ?? ''] = (m[2] ?? '').trim()
  }
  return out
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1)
    : value
}

function splitTag(line: string): [name: string, value: string | undefined] {
  const colon = line.indexOf(':')
  return colon < 0 ? [line.slice(1), undefined] : [line.slice(1, colon), line.slice(colon + 1)]
}

function parseIntStrict(value: string | undefined, what: string, lineNo: number): number {
  const n = Number(value)
  if (value === undefined || value.trim() === '' || !Number.isInteger(n) || n < 0) {
    throw new PlaylistParseError(`invalid ${what}: ${String(value)}`, lineNo)
  }
  return n
}

function lines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/)
}

function isMaster(allLines: readonly string[]): boolean {
  return allLines.some((l) => l.startsWith('#EXT-X-STREAM-INF'))
}

/** Parse either kind, deciding by the presence of EXT-X-STREAM-INF. */
export function parsePlaylist(text: string): Playlist {
  return isMaster(lines(text)) ? parseMasterPlaylist(text) : parseMediaPlaylist(text)
}

function checkHeader(allLines: readonly string[]): void {
  const first = allLines.find((l) => l.trim() !== '')
  if (first?.trim() !== '#EXTM3U') throw new PlaylistParseError('missing #EXTM3U header', 1)
}

type LineVisitor = {
  /** a URI line: a segment, or a variant of a master playlist */
  uri(line: string, lineNo: number): void
  /** an #EXT tag line, split at its first colon */
  tag(name: string, value: string | undefined, line: string, lineNo: number): void
}

/** Visits a playlist's lines (numbered from 1) once its header is checked; blank lines and comments are skipped. */
function walkLines(text: string, visit: LineVisitor): void {
  const allLines = lines(text)
  checkHeader(allLines)
  allLines.forEach((raw, i) => {
    const lineNo = i + 1
    const line = raw.trim()
    if (line === '') return
    if (!line.startsWith('#')) visit.uri(line, lineNo)
    else if (line.startsWith('#EXT')) visit.tag(...splitTag(line), line, lineNo)
  })
}

export function parseMediaPlaylist(text: string): MediaPlaylist {
  const playlist: MediaPlaylist = {
    kind: 'media',
    targetDuration: Number.NaN,
    mediaSequence: 0,
    discontinuitySequence: 0,
    endList: false,
    segments: []
  }
  let pending: Partial<MediaSegment> & { tags?: string[] } = {}
  let pendingDuration: number | undefined
  let seenHeader = false
  walkLines(text, {
    uri(line, lineNo) {
      if (pendingDuration === undefined)
        throw new PlaylistParseError(`segment URI without #EXTINF: ${line}`, lineNo)
      const segment: MediaSegment = { uri: line, duration: pendingDuration }
      if (pending.title !== undefined) segment.title = pending.title
      if (pending.programDateTime !== undefined) segment.programDateTime = pending.programDateTime
      if (pending.discontinuity) segment.discontinuity = true
      if (pending.tags?.length) segment.tags = pending.tags
      playlist.segments.push(segment)
      pending = {}
      pendingDuration = undefined
    },
    tag(name, value, line, lineNo) {
      switch (name) {
        case 'EXTM3U':
          seenHeader = true
          return
        case 'EXT-X-VERSION':
          playlist.version = parseIntStrict(value, 'EXT-X-VERSION', lineNo)
          return
        case 'EXT-X-TARGETDURATION':
          playlist.targetDuration = parseIntStrict(value, 'EXT-X-TARGETDURATION', lineNo)
          return
        case 'EXT-X-MEDIA-SEQUENCE':
          playlist.mediaSequence = parseIntStrict(value, 'EXT-X-MEDIA-SEQUENCE', lineNo)
          return
        case 'EXT-X-DISCONTINUITY-SEQUENCE':
          playlist.discontinuitySequence = parseIntStrict(
            value,
            'EXT-X-DISCONTINUITY-SEQUENCE',
            lineNo
          )
          return
        case 'EXT-X-PLAYLIST-TYPE':
          if (value === 'VOD' || value === 'EVENT') playlist.playlistType = value
          else throw new PlaylistParseError(`invalid EXT-X-PLAYLIST-TYPE: ${String(value)}`, lineNo)
          return
        case 'EXT-X-INDEPENDENT-SEGMENTS':
          playlist.independentSegments = true
          return
        case 'EXT-X-ENDLIST':
          playlist.endList = true
          return
        case 'EXTINF': {
          const comma = (value ?? '').indexOf(',')
          const durText = comma < 0 ? (value ?? '') : (value ?? '').slice(0, comma)
          const duration = Number(durText)
          if (durText.trim() === '' || !Number.isFinite(duration) || duration < 0) {
            throw new PlaylistParseError(`invalid EXTINF duration: ${durText}`, lineNo)
          }
          pendingDuration = duration
          const title = comma < 0 ? '' : (value ?? '').slice(comma + 1)
          if (title !== '') pending.title = title
          return
        }
        case 'EXT-X-PROGRAM-DATE-TIME': {
          const ms = Date.parse(value ?? '')
          if (Number.isNaN(ms))
            throw new PlaylistParseError(
              `invalid EXT-X-PROGRAM-DATE-TIME: ${String(value)}`,
              lineNo
            )
          pending.programDateTime = ms
          return
        }
        case 'EXT-X-DISCONTINUITY':
          pending.discontinuity = true
          return
        default:
          // Tags between segments belong to the next segment; header tags to the playlist.
          if (
            playlist.segments.length === 0 &&
            pendingDuration === undefined &&
            !pending.discontinuity &&
            pending.programDateTime === undefined
          ) {
            ;(playlist.tags ??= []).push(line.slice(1))
          } else {
            ;(pending.tags ??= []).push(line.slice(1))
          }
      }
    }
  })
  if (!seenHeader) throw new PlaylistParseError('missing #EXTM3U header', 1)
  if (Number.isNaN(playlist.targetDuration)) {
    // Lenient: some encoders omit it; derive the value the spec would require.
    playlist.targetDuration = Math.max(1, ...playlist.segments.map((s) => Math.round(s.duration)))
  }
  return playlist
}

export function parseMasterPlaylist(text: string): MasterPlaylist {
  const playlist: MasterPlaylist = { kind: 'master', variants: [] }
  let pendingAttrs: Record<string, string> | undefined
  let pendingLine = 0
  walkLines(text, {
    uri(line, lineNo) {
      if (!pendingAttrs)
        throw new PlaylistParseError(`URI without #EXT-X-STREAM-INF: ${line}`, lineNo)
      playlist.variants.push(variantFromAttributes(line, pendingAttrs, pendingLine))
      pendingAttrs = undefined
    },
    tag(name, value, line, lineNo) {
      switch (name) {
        case 'EXTM3U':
          return
        case 'EXT-X-VERSION':
          playlist.version = parseIntStrict(value, 'EXT-X-VERSION', lineNo)
          return
        case 'EXT-X-INDEPENDENT-SEGMENTS':
          playlist.independentSegments = true
          return
        case 'EXT-X-STREAM-INF':
          pendingAttrs = parseAttributeList(value ?? '')
          pendingLine = lineNo
          return
        default:
          ;(playlist.tags ??= []).push(line.slice(1))
      }
    }
  })
  if (pendingAttrs) throw new PlaylistParseError('EXT-X-STREAM-INF without URI', pendingLine)
  return playlist
}

const KNOWN_STREAM_ATTRS = new Set([
  'BANDWIDTH',
  'AVERAGE-BANDWIDTH',
  'RESOLUTION',
  'CODECS',
  'FRAME-RATE',
  'NAME'
])

function variantFromAttributes(
  uri: string,
  attrs: Record<string, string>,
  lineNo: number
): VariantStream {
  const bandwidth = parseIntStrict(attrs.BANDWIDTH, 'BANDWIDTH', lineNo)
  const variant: VariantStream = { uri, bandwidth }
  if (attrs['AVERAGE-BANDWIDTH'] !== undefined)
    variant.averageBandwidth = parseIntStrict(
      attrs['AVERAGE-BANDWIDTH'],
      'AVERAGE-BANDWIDTH',
      lineNo
    )
  if (attrs.RESOLUTION !== undefined) {
    const m = /^(\d+)x(\d+)$/.exec(attrs.RESOLUTION)
    if (!m) throw new PlaylistParseError(`invalid RESOLUTION: ${attrs.RESOLUTION}`, lineNo)
    variant.resolution = { width: Number(m[1]), height: Number(m[2]) }
  }
  if (attrs.CODECS !== undefined) variant.codecs = unquote(attrs.CODECS)
  if (attrs['FRAME-RATE'] !== undefined) variant.frameRate = Number(attrs['FRAME-RATE'])
  if (attrs.NAME !== undefined) variant.name = unquote(attrs.NAME)
  const rest = Object.entries(attrs).filter(([k]) => !KNOWN_STREAM_ATTRS.has(k))
  if (rest.length > 0) variant.attributes = Object.fromEntries(rest)
  return variant
}

/** Seconds with up to 6 decimals, no trailing zeros beyond 3 (stable round trips). */
function formatDuration(seconds: number): string {
  const fixed = seconds.toFixed(6).replace(/0+$/, '')
  const [int = '0', frac = ''] = fixed.split('.')
  return `${int}.${frac.padEnd(3, '0')}`
}

/** ISO 8601 with milliseconds and Z, as hls.js and Safari expect. */
export function formatProgramDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString()
}

export function serializeMediaPlaylist(
  playlist: Omit<MediaPlaylist, 'kind'> & { kind?: 'media' }
): string {
  const out: string[] = ['#EXTM3U']
  out.push(`#EXT-X-VERSION:${playlist.version ?? 3}`)
  out.push(`#EXT-X-TARGETDURATION:${playlist.targetDuration}`)
  out.push(`#EXT-X-MEDIA-SEQUENCE:${playlist.mediaSequence}`)
  if (playlist.discontinuitySequence !== 0)
    out.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${playlist.discontinuitySequence}`)
  if (playlist.playlistType) out.push(`#EXT-X-PLAYLIST-TYPE:${playlist.playlistType}`)
  if (playlist.independentSegments) out.push('#EXT-X-INDEPENDENT-SEGMENTS')
  for (const tag of playlist.tags ?? []) out.push(`#${tag}`)
  for (const segment of playlist.segments) {
    if (segment.discontinuity) out.push('#EXT-X-DISCONTINUITY')
    if (segment.programDateTime !== undefined)
      out.push(`#EXT-X-PROGRAM-DATE-TIME:${formatProgramDateTime(segment.programDateTime)}`)
    for (const tag of segment.tags ?? []) out.push(`#${tag}`)
    out.push(`#EXTINF:${formatDuration(segment.duration)},${segment.title ?? ''}`)
    out.push(segment.uri)
  }
  if (playlist.endList) out.push('#EXT-X-ENDLIST')
  return `${out.join('\n')}\n`
}

export function serializeMasterPlaylist(
  playlist: Omit<MasterPlaylist, 'kind'> & { kind?: 'master' }
): string {
  const out: string[] = ['#EXTM3U']
  if (playlist.version !== undefined) out.push(`#EXT-X-VERSION:${playlist.version}`)
  if (playlist.independentSegments) out.push('#EXT-X-INDEPENDENT-SEGMENTS')
  for (const tag of playlist.tags ?? []) out.push(`#${tag}`)
  for (const v of playlist.variants) {
    const attrs: string[] = [`BANDWIDTH=${Math.round(v.bandwidth)}`]
    if (v.averageBandwidth !== undefined)
      attrs.push(`AVERAGE-BANDWIDTH=${Math.round(v.averageBandwidth)}`)
    if (v.resolution) attrs.push(`RESOLUTION=${v.resolution.width}x${v.resolution.height}`)
    if (v.frameRate !== undefined) attrs.push(`FRAME-RATE=${v.frameRate.toFixed(3)}`)
    if (v.codecs !== undefined) attrs.push(`CODECS="${v.codecs}"`)
    if (v.name !== undefined) attrs.push(`NAME="${v.name}"`)
    for (const [k, val] of Object.entries(v.attributes ?? {})) attrs.push(`${k}=${val}`)
    out.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`)
    out.push(v.uri)
  }
  return `${out.join('\n')}\n`
}

/**
 * Wall-clock start of every segment (epoch ms): explicit PROGRAM-DATE-TIME tags,
 * extrapolated forwards and backwards by EXTINF durations; undefined when the
 * playlist carries no PROGRAM-DATE-TIME at all. A discontinuity without its own
 * tag breaks forward extrapolation (the timeline may have jumped).
 */
export function segmentProgramDateTimes(
  playlist: Pick<MediaPlaylist, 'segments'>
): (number | undefined)[] {
  const segs = playlist.segments
  const out: (number | undefined)[] = segs.map((s) => s.programDateTime)
  for (let i = 1; i < segs.length; i++) {
    const prev = out[i - 1]
    const seg = segs[i]
    if (out[i] === undefined && prev !== undefined && seg && !seg.discontinuity)
      out[i] = prev + (segs[i - 1]?.duration ?? 0) * 1000
  }
  for (let i = segs.length - 2; i >= 0; i--) {
    const next = out[i + 1]
    const nextSeg = segs[i + 1]
    if (out[i] === undefined && next !== undefined && nextSeg && !nextSeg.discontinuity)
      out[i] = next - (segs[i]?.duration ?? 0) * 1000
  }
  return out
}
