import { readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { contract } from '../../../src/shared/ipc/contract'

const DIR = path.resolve(__dirname, '../../../src/shared/ipc/contracts')

describe('contract files', () => {
  // a newcomer looking for `cameras:update` opens contracts/cameras.ts
  it('hold only channels whose prefix is the file name', async () => {
    const misplaced: string[] = []
    let seen = 0
    for (const file of readdirSync(DIR).filter((f) => f.endsWith('.ts'))) {
      const feature = file.replace(/\.ts$/, '')
      const mod = (await import(path.join(DIR, file))) as Record<string, unknown>
      const slice = mod[`${feature}Contract`] as Record<string, unknown> | undefined
      expect(slice, `${file} exports ${feature}Contract`).toBeDefined()
      for (const channel of Object.keys(slice ?? {})) {
        seen++
        if (channel.split(':')[0] !== feature) misplaced.push(`${channel} in ${file}`)
      }
    }
    expect(misplaced).toEqual([])
    expect(seen).toBe(Object.keys(contract).length)
  })
})
