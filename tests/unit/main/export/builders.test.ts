import { describe, expect, it } from 'vitest'
import { concatList, remuxArgs, snapshotArgs } from '../../../../src/main/export/ffmpegArgs'
import {
  buildManifest,
  clipName,
  exportDirName,
  safeCode,
  snapshotName,
  zipName
} from '../../../../src/main/export/manifest'

const T = Date.UTC(2026, 5, 1, 6, 3, 0)

describe('export ffmpeg command lines', () => {
  it('quote every path of the concat list, a quote in a name included', () => {
    expect(concatList(['/d/1.ts', "/d/it's.ts"])).toBe(
      "ffconcat version 1.0\nfile '/d/1.ts'\nfile '/d/it'\\''s.ts'\n"
    )
  })

  it('remux without re-encoding, rewrapping AAC, or the picture alone', () => {
    const withAudio = remuxArgs({ listFile: 'l.txt', out: 'o.mp4', seconds: 12.34567, audio: true })
    expect(withAudio).toEqual(
      expect.arrayContaining(['-f', 'concat', '-safe', '0', '-i', 'l.txt', '-c', 'copy'])
    )
    expect(withAudio.join(' ')).toContain('-map 0:v -map 0:a? -bsf:a aac_adtstoasc')
    expect(withAudio.slice(-5)).toEqual(['-t', '12.346', '-f', 'mp4', 'o.mp4'])
    const pictureOnly = remuxArgs({ listFile: 'l.txt', out: 'o.mp4', seconds: 2, audio: false })
    expect(pictureOnly.join(' ')).not.toContain('0:a')
    expect(pictureOnly.join(' ')).toContain('-map 0:v -c copy -t 2.000')
  })

  it('seek a snapshot as an output option, after the input', () => {
    const a = snapshotArgs({ input: 'seg.ts', out: 's.png', seekS: 1.5 })
    expect(a.indexOf('-ss')).toBeGreaterThan(a.indexOf('-i'))
    expect(a.slice(a.indexOf('-ss'), a.indexOf('-ss') + 4)).toEqual([
      '-ss',
      '1.500',
      '-frames:v',
      '1'
    ])
    expect(a.at(-1)).toBe('s.png')
  })
})

describe('export names and manifest', () => {
  it('name files in room time with a safe camera code', () => {
    expect(safeCode('BG/0001 东')).toBe('BG_0001__')
    expect(safeCode('东')).toBe('_')
    expect(clipName('BG-0001', { from: T, to: T + 60_000 }, 'Asia/Shanghai')).toBe(
      'BG-0001_20260601T140300+0800_20260601T140400+0800.mp4'
    )
    expect(snapshotName('BG-0001', T, 'Asia/Shanghai')).toBe('BG-0001_20260601T140300+0800.png')
    expect(zipName(7, { from: T, to: T + 60_000 }, 'Asia/Shanghai')).toBe(
      'evidence-7_20260601T140300+0800_20260601T140400+0800.zip'
    )
    expect(exportDirName(T, 'ab12cd34')).toBe('20260601T060300Z-ab12cd34')
  })

  it('list files by name and missing snapshots by time, and leave out an empty missing list', () => {
    const base = {
      exportId: 3,
      exporter: { username: 'duty', displayName: '值班员' },
      exportedAt: T,
      timeZone: 'Asia/Shanghai',
      range: { from: T, to: T + 60_000 },
      cameras: [{ id: 1, code: 'BG-0001', name: '路口' }]
    }
    const file = (name: string) => ({
      name,
      kind: 'snapshot' as const,
      cameraCode: 'BG-0001',
      bytes: 1,
      sha256: 'x',
      from: '2026-06-01T14:03:00+08:00'
    })
    const m = buildManifest({
      ...base,
      files: [file('b.png'), file('a.png')],
      missing: [
        { kind: 'snapshot', cameraCode: 'BG-0001', at: '2026-06-01T14:03:30+08:00', reason: 'r' },
        { kind: 'snapshot', cameraCode: 'BG-0001', at: '2026-06-01T14:03:10+08:00', reason: 'r' }
      ]
    })
    expect(m.files.map((f) => f.name)).toEqual(['a.png', 'b.png'])
    expect(m.missing?.map((x) => x.at)).toEqual([
      '2026-06-01T14:03:10+08:00',
      '2026-06-01T14:03:30+08:00'
    ])
    expect(m.exportedAt).toBe('2026-06-01T14:03:00.000+08:00')
    expect(m.exporter).toEqual({ username: 'duty', displayName: '值班员' })
    expect('missing' in buildManifest({ ...base, files: [], missing: [] })).toBe(false)
  })
})
