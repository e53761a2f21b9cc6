import { describe, expect, it } from 'vitest'
import { demoReader, parseDemoRef, type DemoFootageSource } from '../../../../src/main/demo/footage'
import type { DemoFailure } from '../../../../src/main/demo/source'

function fakeDemo(failure?: DemoFailure): DemoFootageSource {
  return {
    livePlaylist: () => undefined,
    segment: () => Promise.resolve(undefined),
    getFailure: () => failure,
    ensure: () => Promise.resolve(),
    segmentSeconds: 2
  }
}

describe('demo camera recording', () => {
  const seg = { uri: '898012345.ts', duration: 2, discontinuity: false } as Parameters<
    NonNullable<ReturnType<typeof demoReader>['ref']>
  >[0]

  it('references the rendered loop segment instead of copying bytes', () => {
    const ref = demoReader(fakeDemo(), 'BG-0001', 'sub').ref?.(seg, 898012345)
    expect(ref).toBeDefined()
    expect(parseDemoRef(ref ?? '')).toEqual({ code: 'BG-0001', variant: 'sub', seq: 898012345 })
  })

  it('records a gap while the camera sends garbage', () => {
    expect(demoReader(fakeDemo('corrupt'), 'BG-0001', 'sub').ref?.(seg, 1)).toBeUndefined()
  })
})
