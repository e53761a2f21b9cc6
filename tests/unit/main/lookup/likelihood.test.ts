import { describe, it, expect } from 'vitest'
import { buildRoadGraph, snapToGraph } from '../../../../src/main/lookup/graph'
import { plateWalk } from '../../../../src/main/lookup/likelihood'
import { makeOrigin } from '../../../../src/main/lookup/origin'
import { trafficStats } from '../../../../src/main/lookup/traffic'
import { T0, cam, ll, read, road } from './helpers'

// a one-way street west → east from a dead end (x=0) to a T junction at x=400
// whose arms go north and south; plate cameras at the junction and on each arm
function tee() {
  return buildRoadGraph(
    [
      road(
        'main',
        [
          [0, 0],
          [400, 0]
        ],
        { oneway: 'forward' }
      ),
      road('north', [
        [400, 0],
        [400, 300]
      ]),
      road('south', [
        [400, 0],
        [400, -300]
      ])
    ],
    [cam('J', 400, 0), cam('N', 400, 200), cam('S', 400, -200)]
  )
}

describe('plate camera walks', () => {
  it('sends a vehicle leaving the origin to the junction camera, the misses on to the arms', () => {
    const g = tee()
    const [lng, lat] = ll(200, 0)
    const o = makeOrigin(g, snapToGraph(g, lng, lat) as NonNullable<ReturnType<typeof snapToGraph>>)
    expect(o.dirs.length).toBe(1)
    const d = o.dirs[0]
    const w = plateWalk(g, d.aheadNode, d.arc, d.aheadS, false, 0.1, 300)
    const node = (code: string): number => g.cameras[g.cameraIndex.get(code) as number].node
    expect(w.at.get(node('J'))).toBeCloseTo(0.9, 6)
    expect(w.at.get(node('N'))).toBeCloseTo(0.1 * 0.5 * 0.9, 6)
    expect(w.at.get(node('S'))).toBeCloseTo(0.1 * 0.5 * 0.9, 6)
    // the rest drives off the map unread
    expect(w.none).toBeCloseTo(0.1 * 0.1, 6)
  })

  it('finds no camera upstream of a one-way street that starts at a dead end', () => {
    const g = tee()
    const [lng, lat] = ll(200, 0)
    const o = makeOrigin(g, snapToGraph(g, lng, lat) as NonNullable<ReturnType<typeof snapToGraph>>)
    const d = o.dirs[0]
    const w = plateWalk(g, d.behindNode, d.arc, d.behindS, true, 0.1, 300)
    expect(w.at.size).toBe(0)
    expect(w.none).toBeCloseTo(1, 9)
  })
})

describe('traffic stats', () => {
  it('counts reads, first and last reads of trips and camera-to-camera moves per second', () => {
    const g = tee()
    const rows = [
      // a trip J → N, then the same plate again 20 minutes later at S (a new trip)
      read('J', 400, 'P1'),
      read('N', 420, 'P1'),
      read('S', 1600, 'P1'),
      // J → S
      read('J', 500, 'P2'),
      read('S', 530, 'P2')
    ]
    const from = T0
    const to = T0 + 2400_000
    const st = trafficStats(g, rows, new Map(), from, to, 300)
    const idx = (c: string): number => g.cameraIndex.get(c) as number
    expect(st.spanS).toBe(2400)
    expect(st.reads[idx('J')] * st.spanS).toBeCloseTo(2, 9)
    // first reads are counted over the span less the gap that tells them
    const span = 2400 - 300
    expect(st.firsts[idx('J')] * span).toBeCloseTo(2, 9)
    expect(st.firsts[idx('S')] * span).toBeCloseTo(1, 9)
    expect(st.lasts[idx('N')] * span).toBeCloseTo(1, 9)
    expect(st.lasts[idx('S')] * span).toBeCloseTo(2, 9)
    expect(st.moves.get(idx('J') * st.nCam + idx('N'))).toBe(1)
    expect(st.moves.get(idx('J') * st.nCam + idx('S'))).toBe(1)
    expect(st.moves.get(idx('N') * st.nCam + idx('S'))).toBeUndefined()
  })

  it('corrects reads by the camera clock offset before ordering them', () => {
    const g = tee()
    // N's clock runs 60 s fast: the N read recorded after J's was really before it
    const rows = [read('J', 1000, 'P1'), read('N', 1030, 'P1')]
    const st = trafficStats(g, rows, new Map([['N', 60_000]]), T0, T0 + 3600_000, 300)
    const idx = (c: string): number => g.cameraIndex.get(c) as number
    expect(st.moves.get(idx('J') * st.nCam + idx('N'))).toBeUndefined()
    expect(st.moves.get(idx('N') * st.nCam + idx('J'))).toBe(1)
  })
})
