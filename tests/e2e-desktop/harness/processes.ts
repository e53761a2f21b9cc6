import { readdirSync, readFileSync } from 'node:fs'

/** The ffmpeg processes below `pid` (children, grandchildren…), from /proc. */
export function ffmpegDescendants(pid: number): number[] {
  const parent = new Map<number, number>()
  const comm = new Map<number, string>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      // "pid (comm) state ppid …"; comm may contain spaces and parentheses
      const close = stat.lastIndexOf(')')
      const fields = stat.slice(close + 2).split(' ')
      if (fields[0] === 'Z') continue
      parent.set(Number(name), Number(fields[1]))
      comm.set(Number(name), stat.slice(stat.indexOf('(') + 1, close))
    } catch {
      // the process ended while we read
    }
  }
  const below = new Set([pid])
  let grew = true
  while (grew) {
    grew = false
    for (const [p, pp] of parent)
      if (below.has(pp) && !below.has(p)) {
        below.add(p)
        grew = true
      }
  }
  return [...below].filter((p) => p !== pid && /ffmpeg/.test(comm.get(p) ?? ''))
}

/** Whether a process still runs (a zombie does not). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}
