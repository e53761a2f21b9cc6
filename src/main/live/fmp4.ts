/**
 * Splits ffmpeg's fragmented MP4 output (a byte stream) into the init segment
 * (ftyp + moov) and media fragments (moof + mdat), the units MSE appends and
 * late joiners need. Box sizes are trusted only up to a cap: a broken stream
 * must not make main allocate without bound.
 */

const MAX_BOX = 32 * 1024 * 1024

export type Fmp4Part =
  | { kind: 'init'; data: Buffer; codec: string | null }
  /** `ms`: the fragment's decode time on the stream's timeline (null when unreadable) */
  | { kind: 'fragment'; data: Buffer; key: boolean; ms: number | null }

export function createFmp4Splitter(onPart: (part: Fmp4Part) => void) {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let init: Buffer[] = []
  let moof: Buffer | null = null
  let timescale: number | null = null

  const box = (b: Buffer) => {
    const type = b.toString('latin1', 4, 8)
    if (type === 'ftyp') init = [b]
    else if (type === 'moov') {
      const data = Buffer.concat([...init, b])
      init = []
      timescale = timescaleOf(b)
      onPart({ kind: 'init', data, codec: codecOf(b) })
    } else if (type === 'moof') moof = b
    else if (type === 'mdat' && moof) {
      const t = decodeTimeOf(moof)
      onPart({
        kind: 'fragment',
        data: Buffer.concat([moof, b]),
        key: isKeyFragment(moof),
        ms: t !== null && timescale ? (t / timescale) * 1000 : null
      })
      moof = null
    }
    // styp, sidx, free, mfra: nothing a live player needs
  }

  return {
    push(chunk: Buffer) {
      pending.push(chunk)
      pendingBytes += chunk.length
      let buf = pending.length === 1 ? pending[0] : Buffer.concat(pending)
      let off = 0
      while (buf.length - off >= 8) {
        let size = buf.readUInt32BE(off)
        let header = 8
        if (size === 1) {
          if (buf.length - off < 16) break
          size = Number(buf.readBigUInt64BE(off + 8))
          header = 16
        }
        if (size < header || size > MAX_BOX) throw new Error(`bad MP4 box size ${size}`)
        if (buf.length - off < size) break
        box(buf.subarray(off, off + size))
        off += size
      }
      buf = buf.subarray(off)
      pending = buf.length ? [Buffer.from(buf)] : []
      pendingBytes = buf.length
      return pendingBytes
    }
  }
}

/** Children of a container box's payload (`start` skips the header and any full-box fields). */
function* children(b: Buffer, start: number): Generator<{ type: string; body: Buffer }> {
  let off = start
  while (off + 8 <= b.length) {
    const size = b.readUInt32BE(off)
    if (size < 8 || off + size > b.length) return
    yield { type: b.toString('latin1', off + 4, off + 8), body: b.subarray(off, off + size) }
    off += size
  }
}

function child(b: Buffer, start: number, type: string): Buffer | null {
  for (const c of children(b, start)) if (c.type === type) return c.body
  return null
}

/**
 * Whether a fragment starts with a sync sample: trun's first-sample flags,
 * else its first per-sample flags, else tfhd's default flags
 * (ISO/IEC 14496-12: bit 16 of sample flags is sample_is_non_sync_sample).
 */
export function isKeyFragment(moof: Buffer): boolean {
  const traf = child(moof, 8, 'traf')
  if (!traf) return false
  const tfhd = child(traf, 8, 'tfhd')
  const trun = child(traf, 8, 'trun')
  if (!trun) return false
  let flags: number | null = null
  if (tfhd) {
    const tf = tfhd.readUInt32BE(8) & 0xffffff
    let p = 16 // header + version/flags + track id
    if (tf & 0x1) p += 8
    if (tf & 0x2) p += 4
    if (tf & 0x8) p += 4
    if (tf & 0x10) p += 4
    if (tf & 0x20 && p + 4 <= tfhd.length) flags = tfhd.readUInt32BE(p)
  }
  const tr = trun.readUInt32BE(8) & 0xffffff
  let p = 16 // header + version/flags + sample count
  if (tr & 0x1) p += 4
  if (tr & 0x4) {
    if (p + 4 <= trun.length) flags = trun.readUInt32BE(p)
  } else if (tr & 0x400) {
    let q = p
    if (tr & 0x100) q += 4
    if (tr & 0x200) q += 4
    if (q + 4 <= trun.length) flags = trun.readUInt32BE(q)
  }
  return flags !== null && (flags & 0x10000) === 0
}

/** The first track's timescale (mdhd), ticks per second. */
export function timescaleOf(moov: Buffer): number | null {
  const trak = child(moov, 8, 'trak')
  const mdia = trak && child(trak, 8, 'mdia')
  const mdhd = mdia && child(mdia, 8, 'mdhd')
  if (!mdhd || mdhd.length < 32) return null
  const scale = mdhd.readUInt32BE(mdhd[8] === 1 ? 28 : 20)
  return scale > 0 ? scale : null
}

/** A fragment's base media decode time (traf/tfdt), in the track's ticks. */
export function decodeTimeOf(moof: Buffer): number | null {
  const traf = child(moof, 8, 'traf')
  const tfdt = traf && child(traf, 8, 'tfdt')
  if (!tfdt || tfdt.length < 16) return null
  if (tfdt[8] === 1) return tfdt.length >= 20 ? Number(tfdt.readBigUInt64BE(12)) : null
  return tfdt.readUInt32BE(12)
}

const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0')

/** The RFC 6381 codec string MSE needs, read from the moov's sample entry. */
export function codecOf(moov: Buffer): string | null {
  const avcC = moov.indexOf('avcC', 0, 'latin1')
  if (avcC >= 0 && avcC + 8 <= moov.length)
    return `avc1.${hex2(moov[avcC + 5])}${hex2(moov[avcC + 6])}${hex2(moov[avcC + 7])}`
  const hvcC = moov.indexOf('hvcC', 0, 'latin1')
  if (hvcC >= 0 && hvcC + 17 <= moov.length) {
    const p = hvcC + 4
    const b1 = moov[p + 1]
    const space = ['', 'A', 'B', 'C'][b1 >> 6]
    const tier = b1 & 0x20 ? 'H' : 'L'
    const profile = b1 & 0x1f
    // compatibility flags are written bit-reversed (ISO/IEC 14496-15 annex E)
    let compat = moov.readUInt32BE(p + 2)
    let rev = 0
    for (let i = 0; i < 32; i++) {
      rev = (rev << 1) | (compat & 1)
      compat >>>= 1
    }
    const level = moov[p + 12]
    const constraints: string[] = []
    for (let i = 0; i < 6; i++) constraints.push(moov[p + 6 + i].toString(16).toUpperCase())
    while (constraints.length > 1 && constraints[constraints.length - 1] === '0') constraints.pop()
    return `hvc1.${space}${profile}.${(rev >>> 0).toString(16).toUpperCase()}.${tier}${level}.${constraints.join('.')}`
  }
  return null
}
