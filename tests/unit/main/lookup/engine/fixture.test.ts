import { describe, it, expect } from 'vitest'
import { fileURLToPath } from 'node:url'
import { loadDataset } from './dataset'
import { buildRoadGraph } from '../../../../../src/main/lookup/engine/graph'
import { estimateClockOffsets } from '../../../../../src/main/lookup/engine/clock'
import { lookup, toLookupJson } from '../../../../../src/main/lookup/engine/engine'
import { createMemorySightingStore } from '../../../../../src/main/lookup/engine/memoryStore'

const dir = fileURLToPath(new URL('../../../../fixtures/sample-city', import.meta.url))

describe('sample-city fixture', () => {
  const ds = loadDataset(dir)
  const graph = buildRoadGraph(ds.roads, ds.cameras)

  it('places every camera on the graph', () => {
    expect(graph.cameras.every((c) => c.node >= 0)).toBe(true)
  })

  it('estimates the fast camera clocks named in meta.json within 5 s, and no others', () => {
    const offsets = estimateClockOffsets(graph, ds.sightings)
    const truth = ds.meta.noise_truth?.clock_offset_s ?? {}
    expect(new Set(offsets.keys())).toEqual(new Set(Object.keys(truth)))
    for (const [code, s] of Object.entries(truth))
      expect(Math.abs((offsets.get(code) ?? 0) / 1000 - s)).toBeLessThan(5)
  })

  it('answers queries in the CLI shape with the first camera of each drive listed', () => {
    const store = createMemorySightingStore(ds.sightings)
    for (const q of ds.queries.slice(0, 20)) {
      const json = toLookupJson(
        lookup(graph, store, { lat: q.lat, lng: q.lng, fromMs: q.fromMs, toMs: q.toMs })
      )
      expect(json.origin.snapped_m).toBeLessThan(5)
      expect(json.windows.length).toBeGreaterThan(0)
      expect(json.candidates.length).toBeGreaterThan(0)
      const first = q.truth.passes[0]
      if (first) expect(json.windows.map((w) => w.camera_code)).toContain(first.cameraCode)
    }
  })
})
