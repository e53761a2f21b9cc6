import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('../../../../fixtures/import/', import.meta.url))
const sampleDir = fileURLToPath(new URL('../../../../fixtures/sample-city/', import.meta.url))

export function fixture(name: string): Buffer {
  return readFileSync(dir + name)
}

export function fixtureText(name: string): string {
  return readFileSync(dir + name, 'utf8')
}

/** A file of the sample district the tests keep (tests/fixtures/sample-city), or null. */
export function sample(name: string): Buffer | null {
  try {
    return readFileSync(sampleDir + name)
  } catch {
    return null
  }
}
