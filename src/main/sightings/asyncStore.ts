import type { Sighting } from '../../shared/domain/sighting'
import type { SightingStore } from '../lookup/engine/memoryStore'

/**
 * The sightings store as a storage seam: the same two reads as the lookup's
 * synchronous SightingStore, answered by SQLite or by a district's PostgreSQL.
 */
export interface AsyncSightingStore {
  /** sightings at these cameras with ts in [fromMs, toMs], per camera (first-seen order) by time */
  inRange(cameraCodes: readonly string[], fromMs: number, toMs: number): Promise<Sighting[]>
  /** sightings whose plate is exactly one of these, ts in [fromMs, toMs], per plate by time */
  byPlates(plates: readonly string[], fromMs: number, toMs: number): Promise<Sighting[]>
}

export function asyncSightingStore(store: SightingStore): AsyncSightingStore {
  return {
    inRange: (codes, fromMs, toMs) => Promise.resolve(store.inRange(codes, fromMs, toMs)),
    byPlates: (plates, fromMs, toMs) => Promise.resolve(store.byPlates(plates, fromMs, toMs))
  }
}

/** Thrown through the computation to stop it until the rows are fetched (never escapes). */
class NeedRows extends Error {
  constructor(
    readonly key: string,
    readonly fetch: () => Promise<Sighting[]>
  ) {
    super('sightings not fetched yet')
  }
}

/**
 * Runs a synchronous computation (lookup, trail) over an asynchronous store
 * without changing it: each read it makes that is not answered yet stops the
 * run, the rows are fetched, and the run starts again with them. The lookup
 * and the trail make one read each after cheap graph work, so this costs one
 * extra pass over that work, and the engine stays pure and synchronous.
 */
export async function runOnAsyncStore<T>(
  store: AsyncSightingStore,
  run: (store: SightingStore) => T
): Promise<T> {
  const answers = new Map<string, Sighting[]>()
  const ask = (
    kind: 'inRange' | 'byPlates',
    keys: readonly string[],
    fromMs: number,
    toMs: number
  ): Sighting[] => {
    const key = JSON.stringify([kind, keys, fromMs, toMs])
    const got = answers.get(key)
    if (got) return got.slice()
    throw new NeedRows(key, () => store[kind](keys, fromMs, toMs))
  }
  const sync: SightingStore = {
    inRange: (codes, fromMs, toMs) => ask('inRange', codes, fromMs, toMs),
    byPlates: (plates, fromMs, toMs) => ask('byPlates', plates, fromMs, toMs)
  }
  for (;;) {
    try {
      return run(sync)
    } catch (err) {
      if (!(err instanceof NeedRows)) throw err
      answers.set(err.key, await err.fetch())
    }
  }
}
