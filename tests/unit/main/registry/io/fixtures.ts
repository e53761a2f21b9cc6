import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('../../../../fixtures/import/', import.meta.url))
const sampleDir = '/work/shared/data/sample-city/'

export function fixture(name: string): Buffer {
  return readFileSync(dir + name)
}

export function fixtureText(name: string): string {
  return readFileSync(dir + name, 'utf8')
}

/** The shared sample district, or null when this machine does not have it. */
export function sample(name: string): Buffer | null {
  try {
    return readFileSync(sampleDir + name)
  } catch {
    return null
  }
}
