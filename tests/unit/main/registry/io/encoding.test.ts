import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import {
  createStreamDecoder,
  decodeText,
  isValidUtf8,
  sniffBom
} from '../../../../../src/main/registry/io/encoding'

describe('decodeText', () => {
  it('reads plain UTF-8', () => {
    expect(decodeText(Buffer.from('编号,名称\n', 'utf8'))).toEqual({
      text: '编号,名称\n',
      encoding: 'utf-8'
    })
  })

  it('strips a UTF-8 BOM and says so', () => {
    const buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('code,name', 'utf8')])
    expect(decodeText(buf)).toEqual({ text: 'code,name', encoding: 'utf-8-bom' })
  })

  it('falls back to GBK when the bytes are not UTF-8', () => {
    const buf = iconv.encode('编号,名称,纬度,经度\r\n金城路,育才路', 'gbk')
    expect(isValidUtf8(buf)).toBe(false)
    expect(decodeText(buf)).toEqual({
      text: '编号,名称,纬度,经度\r\n金城路,育才路',
      encoding: 'gbk'
    })
  })

  it('decodes GB18030-only characters too (GBK superset)', () => {
    const buf = iconv.encode('𠀀路', 'gb18030')
    expect(decodeText(buf).text).toBe('𠀀路')
  })

  it('reads UTF-16 with either BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('编号,a', 'utf16le')])
    expect(decodeText(le)).toEqual({ text: '编号,a', encoding: 'utf-16le' })
    const be = Buffer.from(le)
    be[0] = 0xfe
    be[1] = 0xff
    for (let i = 2; i + 1 < be.length; i += 2) {
      const t = be[i]
      be[i] = be[i + 1]!
      be[i + 1] = t
    }
    expect(decodeText(be)).toEqual({ text: '编号,a', encoding: 'utf-16be' })
  })

  it('handles empty input and a lone BOM', () => {
    expect(decodeText(Buffer.alloc(0))).toEqual({ text: '', encoding: 'utf-8' })
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf]))).toEqual({ text: '', encoding: 'utf-8-bom' })
  })

  it('accepts any Uint8Array view, not only Buffers', () => {
    const backing = new Uint8Array([0x41, 0xb1, 0xe0, 0xba, 0xc5, 0x42])
    expect(decodeText(backing.subarray(1, 5))).toEqual({ text: '编号', encoding: 'gbk' })
  })
})

describe('sniffBom / createStreamDecoder', () => {
  it('finds BOMs', () => {
    expect(sniffBom(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({
      encoding: 'utf-8-bom',
      length: 3
    })
    expect(sniffBom(Buffer.from('abc'))).toBeNull()
  })

  it('treats a UTF-8 sequence cut at the end of the head as UTF-8', () => {
    const bytes = Buffer.from('a,浙A12345', 'utf8')
    const head = bytes.subarray(0, 3) // cuts 浙 after its first byte
    const { decoder, skip } = createStreamDecoder(head)
    expect(decoder.encoding).toBe('utf-8')
    expect(skip).toBe(0)
    expect(decoder.write(head) + decoder.write(bytes.subarray(3)) + decoder.end()).toBe(
      'a,浙A12345'
    )
  })

  it('streams GBK split inside a double-byte character', () => {
    const bytes = iconv.encode('浙A12345,浙B54321', 'gbk')
    const { decoder } = createStreamDecoder(bytes)
    expect(decoder.encoding).toBe('gbk')
    let out = ''
    for (let i = 0; i < bytes.length; i++) out += decoder.write(bytes.subarray(i, i + 1))
    expect(out + decoder.end()).toBe('浙A12345,浙B54321')
  })
})
