import { describe, expect, it } from 'vitest'
import { createDenialLog, type DenialRecord } from '../../../../src/main/audit/denials'
import type { Denial } from '../../../../src/main/api/dispatch'

describe('refused calls in the audit trail', () => {
  it('records the client address and folds repeats within a minute into one counted row', async () => {
    let t = 1_000_000
    const rows: DenialRecord[] = []
    const log = createDenialLog({
      now: () => t,
      write: (r) => {
        rows.push(r)
        return Promise.resolve()
      }
    })
    const d = (clientId: string): Denial => ({
      channel: 'users:list',
      permission: 'users.manage',
      reason: 'unauthenticated',
      session: null,
      clientId
    })
    for (let i = 0; i < 500; i++) {
      log.record(d('http:10.0.0.9'))
      t += 10
    }
    log.record(d('http:10.0.0.7'))
    expect(rows).toEqual([
      expect.objectContaining({ client: 'http:10.0.0.9', repeated: 0 }),
      expect.objectContaining({ client: 'http:10.0.0.7', repeated: 0 })
    ])
    // a minute on, the next refusal writes the count of the folded ones first
    t += 60_000
    log.record(d('http:10.0.0.9'))
    expect(rows.slice(2)).toEqual([
      expect.objectContaining({ client: 'http:10.0.0.9', repeated: 499, since: 1_000_000 }),
      expect.objectContaining({ client: 'http:10.0.0.9', repeated: 0 })
    ])
    await log.close()
    expect(rows).toHaveLength(4)
  })
})
