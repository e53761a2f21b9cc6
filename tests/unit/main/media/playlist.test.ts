import { describe, expect, it } from 'vitest'
import {
  parseAttributeList,
  parseMasterPlaylist,
  parseMediaPlaylist,
  parsePlaylist,
  PlaylistParseError,
  segmentProgramDateTimes,
  serializeMasterPlaylist,
  serializeMediaPlaylist
} from '../../../../src/main/media/hls/playlist'
import type { MasterPlaylist, MediaPlaylist } from '../../../../src/main/media/hls/playlist'

const LIVE = `#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:881234567
#EXT-X-DISCONTINUITY-SEQUENCE:4
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-PROGRAM-DATE-TIME:2025-11-29T08:00:00.000Z
#EXTINF:2.000,
881234567.ts
#EXT-X-PROGRAM-DATE-TIME:2025-11-29T08:00:02.000Z
#EXTINF:2.000,
881234568.ts
#EXT-X-DISCONTINUITY
#EXT-X-PROGRAM-DATE-TIME:2025-11-29T08:00:10.000+08:00
#EXTINF:1.966,cam
881234569.ts
`

describe('media playlist', () => {
  it('parses the tags a live camera playlist uses', () => {
    const p = parseMediaPlaylist(LIVE)
    expect(p.kind).toBe('media')
    expect(p.targetDuration).toBe(2)
    expect(p.mediaSequence).toBe(881234567)
    expect(p.discontinuitySequence).toBe(4)
    expect(p.independentSegments).toBe(true)
    expect(p.endList).toBe(false)
    expect(p.segments).toHaveLength(3)
    expect(p.segments[0]).toEqual({
      uri: '881234567.ts',
      duration: 2,
      programDateTime: Date.parse('2025-11-29T08:00:00Z')
    })
    expect(p.segments[2]).toMatchObject({
      duration: 1.966,
      title: 'cam',
      discontinuity: true,
      programDateTime: Date.parse('2025-11-29T00:00:10Z')
    })
  })

  it('round-trips through serialize', () => {
    const p = parseMediaPlaylist(LIVE)
    const again = parseMediaPlaylist(serializeMediaPlaylist(p))
    expect(again).toEqual(p)
    expect(serializeMediaPlaylist(again)).toBe(serializeMediaPlaylist(p))
  })

  it('round-trips a VOD recording with ENDLIST and unknown tags', () => {
    const vod: MediaPlaylist = {
      kind: 'media',
      version: 3,
      targetDuration: 6,
      mediaSequence: 0,
      discontinuitySequence: 0,
      playlistType: 'VOD',
      endList: true,
      tags: ['EXT-X-ALLOW-CACHE:YES'],
      segments: [
        { uri: 'a/0.ts', duration: 6, programDateTime: Date.UTC(2025, 0, 1, 12, 0, 0, 250) },
        { uri: 'a/1.ts', duration: 5.5, tags: ['EXT-X-BYTERANGE:100@0'] },
        {
          uri: 'b/0.ts',
          duration: 0.04,
          discontinuity: true,
          programDateTime: Date.UTC(2025, 0, 1, 13)
        }
      ]
    }
    const text = serializeMediaPlaylist(vod)
    expect(text).toContain('#EXT-X-ENDLIST')
    expect(text).toContain('#EXT-X-PROGRAM-DATE-TIME:2025-01-01T12:00:00.250Z')
    expect(text).toContain('#EXTINF:5.500,')
    expect(parseMediaPlaylist(text)).toEqual(vod)
  })

  it('extrapolates program date time across segments but not across an untagged discontinuity', () => {
    const p = parseMediaPlaylist(`#EXTM3U
#EXT-X-TARGETDURATION:2
#EXTINF:2,
0.ts
#EXT-X-PROGRAM-DATE-TIME:2025-01-01T00:00:02Z
#EXTINF:2,
1.ts
#EXTINF:2,
2.ts
#EXT-X-DISCONTINUITY
#EXTINF:2,
3.ts
`)
    const base = Date.UTC(2025, 0, 1)
    expect(segmentProgramDateTimes(p)).toEqual([base, base + 2000, base + 4000, undefined])
  })

  it('rejects malformed input with a line number', () => {
    expect(() => parseMediaPlaylist('#EXTINF:2,\na.ts')).toThrow(PlaylistParseError)
    expect(() => parseMediaPlaylist('#EXTM3U\n#EXTINF:abc,\na.ts')).toThrow(/line 2/)
    expect(() => parseMediaPlaylist('#EXTM3U\na.ts')).toThrow(/without #EXTINF/)
    expect(() => parseMediaPlaylist('#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:-1')).toThrow(
      PlaylistParseError
    )
    expect(() => parseMediaPlaylist('#EXTM3U\n#EXT-X-PROGRAM-DATE-TIME:yesterday')).toThrow(
      PlaylistParseError
    )
  })

  it('derives a missing target duration and tolerates CRLF and a BOM', () => {
    const p = parseMediaPlaylist('\uFEFF#EXTM3U\r\n#EXTINF:3.9,\r\nx.ts\r\n')
    expect(p.targetDuration).toBe(4)
    expect(p.segments[0]?.uri).toBe('x.ts')
  })
})

describe('master playlist', () => {
  const master: MasterPlaylist = {
    kind: 'master',
    version: 3,
    independentSegments: true,
    variants: [
      {
        uri: 'main/index.m3u8',
        bandwidth: 650000,
        averageBandwidth: 560000,
        resolution: { width: 640, height: 360 },
        frameRate: 15,
        codecs: 'avc1.42c01e',
        name: 'main'
      },
      {
        uri: 'sub/index.m3u8',
        bandwidth: 260000,
        resolution: { width: 320, height: 180 },
        attributes: { AUDIO: '"aud"' }
      }
    ]
  }

  it('serializes STREAM-INF with BANDWIDTH and RESOLUTION and round-trips', () => {
    const text = serializeMasterPlaylist(master)
    expect(text).toContain(
      '#EXT-X-STREAM-INF:BANDWIDTH=650000,AVERAGE-BANDWIDTH=560000,RESOLUTION=640x360,FRAME-RATE=15.000,CODECS="avc1.42c01e",NAME="main"\nmain/index.m3u8'
    )
    expect(parseMasterPlaylist(text)).toEqual(master)
    expect(parsePlaylist(text).kind).toBe('master')
  })

  it('parses quoted attribute values containing commas', () => {
    expect(parseAttributeList('BANDWIDTH=1,CODECS="avc1.4d401f,mp4a.40.2",RESOLUTION=1x2')).toEqual(
      {
        BANDWIDTH: '1',
        CODECS: '"avc1.4d401f,mp4a.40.2"',
        RESOLUTION: '1x2'
      }
    )
    const p = parseMasterPlaylist(
      '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=5,CODECS="avc1.4d401f,mp4a.40.2"\nv.m3u8\n'
    )
    expect(p.variants[0]?.codecs).toBe('avc1.4d401f,mp4a.40.2')
  })

  it('rejects a STREAM-INF without BANDWIDTH or URI', () => {
    expect(() => parseMasterPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:RESOLUTION=1x1\nv.m3u8')).toThrow(
      /BANDWIDTH/
    )
    expect(() => parseMasterPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n')).toThrow(
      /without URI/
    )
    expect(parsePlaylist(LIVE).kind).toBe('media')
  })
})
