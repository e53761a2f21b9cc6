/**
 * MPEG-TS timestamp surgery: shift PTS/DTS (PES headers) and PCR/OPCR
 * (adaptation fields) by a 90 kHz offset modulo 2^33, and shift continuity
 * counters, so that a pre-rendered loop can be replayed as one continuous
 * live stream. Pure Buffer functions; packets without a sync byte are left alone.
 */

export const TS_PACKET_SIZE = 188
export const TS_SYNC_BYTE = 0x47
/** PTS, DTS and PCR base are 33-bit counters of a 90 kHz clock. */
export const PTS_MODULO = 2 ** 33
export const TS_CLOCK_HZ = 90_000

const TWO_30 = 2 ** 30

export interface TsShiftOptions {
  /** 90 kHz ticks added to every PTS, DTS, PCR and OPCR base (may be negative or ≥ 2^33). */
  offset: number
  /**
   * Per-PID amount added to the 4-bit continuity counter (mod 16). Lets loop k
   * continue the counters of loop k-1: pass k × payload packets per loop.
   */
  continuityOffsets?: ReadonlyMap<number, number>
}

export function wrapPts(ticks: number): number {
  const r = ticks % PTS_MODULO
  return r < 0 ? r + PTS_MODULO : r
}

/** The five bytes from `at`; past the end of a truncated packet they read as 0. */
function fiveBytesAt(buf: Uint8Array, at: number): [number, number, number, number, number] {
  return [buf[at] ?? 0, buf[at + 1] ?? 0, buf[at + 2] ?? 0, buf[at + 3] ?? 0, buf[at + 4] ?? 0]
}

/** Read a 5-byte PES timestamp (PTS or DTS) at `at`. */
export function readPesTimestamp(buf: Uint8Array, at: number): number {
  const [b0, b1, b2, b3, b4] = fiveBytesAt(buf, at)
  const high = (b0 >> 1) & 0x07
  const low = (b1 << 22) | ((b2 >> 1) << 15) | (b3 << 7) | (b4 >> 1)
  return high * TWO_30 + low
}

/** Write a PES timestamp keeping the 4-bit prefix of the first byte and setting marker bits. */
export function writePesTimestamp(buf: Uint8Array, at: number, ticks: number): void {
  const v = wrapPts(Math.round(ticks))
  const high = Math.floor(v / TWO_30) & 0x07
  const low = v % TWO_30
  buf[at] = ((buf[at] ?? 0) & 0xf0) | (high << 1) | 0x01
  buf[at + 1] = (low >>> 22) & 0xff
  buf[at + 2] = (((low >>> 15) & 0x7f) << 1) | 0x01
  buf[at + 3] = (low >>> 7) & 0xff
  buf[at + 4] = ((low & 0x7f) << 1) | 0x01
}

/** PCR base (33 bits, 90 kHz) of the 6-byte PCR field at `at`; the 27 MHz extension is ignored. */
export function readPcrBase(buf: Uint8Array, at: number): number {
  const [b0, b1, b2, b3, b4] = fiveBytesAt(buf, at)
  return b0 * 2 ** 25 + b1 * 2 ** 17 + b2 * 2 ** 9 + b3 * 2 + (b4 >> 7)
}

export function writePcrBase(buf: Uint8Array, at: number, base: number): void {
  const v = wrapPts(Math.round(base))
  buf[at] = Math.floor(v / 2 ** 25) & 0xff
  buf[at + 1] = Math.floor(v / 2 ** 17) & 0xff
  buf[at + 2] = Math.floor(v / 2 ** 9) & 0xff
  buf[at + 3] = Math.floor(v / 2) & 0xff
  buf[at + 4] = ((v & 1) << 7) | ((buf[at + 4] ?? 0) & 0x7f)
}

/** Stream ids whose PES packets carry no optional header (ISO/IEC 13818-1 table 2-22). */
function pesHasOptionalHeader(streamId: number): boolean {
  return ![0xbc, 0xbe, 0xbf, 0xf0, 0xf1, 0xf2, 0xf8, 0xff].includes(streamId)
}

interface PacketVisitor {
  /** Called with the offset of the PCR field and whether it is the OPCR. */
  pcr?(at: number, pid: number, isOpcr: boolean): void
  /** Called with the offset of a PTS or DTS field. */
  pesTimestamp?(at: number, pid: number, kind: 'pts' | 'dts'): void
  packet?(start: number, pid: number, hasPayload: boolean): void
}

function visitPackets(buf: Uint8Array, visitor: PacketVisitor): void {
  for (let start = 0; start + TS_PACKET_SIZE <= buf.length; start += TS_PACKET_SIZE) {
    if (buf[start] !== TS_SYNC_BYTE) continue
    const b1 = buf[start + 1] ?? 0
    const b3 = buf[start + 3] ?? 0
    const pid = ((b1 & 0x1f) << 8) | (buf[start + 2] ?? 0)
    const pusi = (b1 & 0x40) !== 0
    const afc = (b3 >> 4) & 0x03
    const hasPayload = (afc & 0x01) !== 0
    visitor.packet?.(start, pid, hasPayload)
    let payload = start + 4
    if (afc & 0x02) {
      const afLen = buf[start + 4] ?? 0
      if (afLen > 0 && afLen <= 183) {
        const flags = buf[start + 5] ?? 0
        let at = start + 6
        if (flags & 0x10) {
          if (at + 6 <= start + 5 + afLen) visitor.pcr?.(at, pid, false)
          at += 6
        }
        if (flags & 0x08 && at + 6 <= start + 5 + afLen) visitor.pcr?.(at, pid, true)
      }
      payload = start + 5 + afLen
    }
    if (!hasPayload || !pusi || pid === 0x1fff) continue
    const end = start + TS_PACKET_SIZE
    // PES start code 00 00 01, then stream id; PSI sections never begin that way.
    if (payload + 9 > end || buf[payload] !== 0 || buf[payload + 1] !== 0 || buf[payload + 2] !== 1)
      continue
    if (!pesHasOptionalHeader(buf[payload + 3] ?? 0)) continue
    const ptsDtsFlags = ((buf[payload + 7] ?? 0) >> 6) & 0x03
    const tsAt = payload + 9
    if (ptsDtsFlags & 0x02 && tsAt + 5 <= end) visitor.pesTimestamp?.(tsAt, pid, 'pts')
    if (ptsDtsFlags === 0x03 && tsAt + 10 <= end) visitor.pesTimestamp?.(tsAt + 5, pid, 'dts')
  }
}

/** Shift timestamps and continuity counters in place. */
export function shiftTsTimestampsInPlace(buf: Uint8Array, options: TsShiftOptions): void {
  const { offset, continuityOffsets } = options
  const shiftTimes = wrapPts(Math.round(offset)) !== 0
  visitPackets(buf, {
    pcr: shiftTimes ? (at) => writePcrBase(buf, at, readPcrBase(buf, at) + offset) : undefined,
    pesTimestamp: shiftTimes
      ? (at) => writePesTimestamp(buf, at, readPesTimestamp(buf, at) + offset)
      : undefined,
    packet: continuityOffsets
      ? (start, pid) => {
          const add = continuityOffsets.get(pid)
          if (!add) return
          const b3 = buf[start + 3] ?? 0
          buf[start + 3] = (b3 & 0xf0) | (((((b3 & 0x0f) + add) % 16) + 16) % 16)
        }
      : undefined
  })
}

/** Copy of `input` with timestamps and continuity counters shifted. */
export function shiftTsTimestamps(input: Uint8Array, options: TsShiftOptions): Buffer {
  const out = Buffer.from(input)
  shiftTsTimestampsInPlace(out, options)
  return out
}

/** Packets carrying payload per PID: the continuity counter advances by exactly this much. */
export function countPayloadPackets(buf: Uint8Array): Map<number, number> {
  const counts = new Map<number, number>()
  visitPackets(buf, {
    packet: (_start, pid, hasPayload) => {
      if (hasPayload && pid !== 0x1fff) counts.set(pid, (counts.get(pid) ?? 0) + 1)
    }
  })
  return counts
}

export interface TsTimestampSummary {
  firstPts?: number
  lastPts?: number
  minPts?: number
  maxPts?: number
  firstDts?: number
  lastDts?: number
  firstPcr?: number
  lastPcr?: number
  /** PIDs whose PES packets carried a PTS. */
  pesPids: number[]
}

/** First/last/min/max timestamps in 90 kHz ticks (raw, not unwrapped across 2^33). */
export function readTsTimestamps(buf: Uint8Array): TsTimestampSummary {
  const summary: TsTimestampSummary = { pesPids: [] }
  const pids = new Set<number>()
  visitPackets(buf, {
    pcr: (at, _pid, isOpcr) => {
      if (isOpcr) return
      const v = readPcrBase(buf, at)
      summary.firstPcr ??= v
      summary.lastPcr = v
    },
    pesTimestamp: (at, pid, kind) => {
      const v = readPesTimestamp(buf, at)
      if (kind === 'pts') {
        pids.add(pid)
        summary.firstPts ??= v
        summary.lastPts = v
        summary.minPts = Math.min(summary.minPts ?? v, v)
        summary.maxPts = Math.max(summary.maxPts ?? v, v)
      } else {
        summary.firstDts ??= v
        summary.lastDts = v
      }
    }
  })
  summary.pesPids = [...pids].sort((a, b) => a - b)
  return summary
}

/** First H.264 SPS in the buffer as an RFC 6381 codec string (e.g. avc1.42c01e). */
export function findAvcCodecString(buf: Uint8Array): string | undefined {
  for (let i = 0; i + 7 < buf.length; i++) {
    if (buf[i] === 0 && buf[i + 1] === 0 && buf[i + 2] === 1 && ((buf[i + 3] ?? 0) & 0x1f) === 7) {
      const hex = (n: number | undefined): string => (n ?? 0).toString(16).padStart(2, '0')
      return `avc1.${hex(buf[i + 4])}${hex(buf[i + 5])}${hex(buf[i + 6])}`
    }
  }
  return undefined
}
