/**
 * Numbers distinct strings 0, 1, 2… in the order they are first seen, so a
 * columnar store keeps one small integer a row and each string once.
 */
export type Interner = {
  /** the strings seen, each at its number (grown only by `id`) */
  readonly values: string[]
  /** the number of `s`, given to it the first time it is seen */
  id(s: string): number
  /** the number of `s`, undefined if it was never seen */
  find(s: string): number | undefined
}

export function createInterner(): Interner {
  const values: string[] = []
  const ids = new Map<string, number>()
  return {
    values,
    id(s) {
      let i = ids.get(s)
      if (i === undefined) {
        i = values.length
        values.push(s)
        ids.set(s, i)
      }
      return i
    },
    find: (s) => ids.get(s)
  }
}
