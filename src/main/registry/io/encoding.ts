import iconv from 'iconv-lite'

/**
 * Encodings WatchRoom detects in imported text files. `gbk` is decoded as
 * GB18030 (a superset), which is what Chinese Excel writes as "CSV" by default.
 */
export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gbk'

export type DecodedText = { text: string; encoding: TextEncodingName }

/** Which byte order mark the bytes start with, and how long it is. */
export function sniffBom(buf: Uint8Array): { encoding: TextEncodingName; length: number } | null {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { encoding: 'utf-8-bom', length: 3 }
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe)
    return { encoding: 'utf-16le', length: 2 }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff)
    return { encoding: 'utf-16be', length: 2 }
  return null
}

/** True when the bytes are valid UTF-8; `partialTail` tolerates a sequence cut at the end. */
export function isValidUtf8(buf: Uint8Array, partialTail = false): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf, { stream: partialTail })
    return true
  } catch {
    return false
  }
}

/**
 * Decodes a whole text file: a BOM decides (and is stripped); otherwise strict
 * UTF-8, falling back to GB18030 when the bytes are not valid UTF-8. With a
 * UTF-8 BOM, invalid bytes become U+FFFD rather than switching encodings,
 * because the BOM is the file's own statement.
 */
export function decodeText(buf: Uint8Array): DecodedText {
  const bom = sniffBom(buf)
  if (bom !== null) {
    const body = buf.subarray(bom.length)
    if (bom.encoding === 'utf-8-bom') {
      return { text: new TextDecoder('utf-8').decode(body), encoding: bom.encoding }
    }
    return { text: new TextDecoder(bom.encoding).decode(body), encoding: bom.encoding }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' }
  } catch {
    return {
      text: iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), 'gb18030'),
      encoding: 'gbk'
    }
  }
}

/** An incremental decoder for a byte stream whose encoding was sniffed from its first bytes. */
export type StreamTextDecoder = {
  encoding: TextEncodingName
  write(chunk: Uint8Array): string
  end(): string
}

/**
 * Chooses a streaming decoder from the first bytes of a stream (pass at least
 * a few KiB when available, the BOM included). Invalid bytes after the choice
 * decode to U+FFFD, which row validation reports as `invalid_encoding`.
 * Returns the decoder and the number of leading bytes (BOM) to skip.
 */
export function createStreamDecoder(head: Uint8Array): {
  decoder: StreamTextDecoder
  skip: number
} {
  const bom = sniffBom(head)
  if (bom !== null) {
    const label = bom.encoding === 'utf-8-bom' ? 'utf-8' : bom.encoding
    return { decoder: webDecoder(label, bom.encoding), skip: bom.length }
  }
  if (isValidUtf8(head, true)) return { decoder: webDecoder('utf-8', 'utf-8'), skip: 0 }
  const gb = iconv.getDecoder('gb18030')
  return {
    decoder: {
      encoding: 'gbk',
      write: (chunk) => gb.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
      end: () => gb.end() ?? ''
    },
    skip: 0
  }
}

function webDecoder(label: string, encoding: TextEncodingName): StreamTextDecoder {
  const d = new TextDecoder(label)
  return {
    encoding,
    write: (chunk) => d.decode(chunk, { stream: true }),
    end: () => d.decode()
  }
}
