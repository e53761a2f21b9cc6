import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { IMPORT_ERROR_CODES } from '../../../src/main/registry/io/validate'
import { API_ERROR_CODES } from '../../../src/shared/ipc/errors'

const dir = path.resolve(__dirname, '../../../src/renderer/src/locales')

function keys(obj: unknown, prefix = ''): string[] {
  if (!obj || typeof obj !== 'object') return [prefix]
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) =>
    keys(v, prefix ? `${prefix}.${k}` : k)
  )
}

function deepMerge(
  into: Record<string, unknown>,
  from: Record<string, unknown>
): Record<string, unknown> {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k]
    if (v && typeof v === 'object' && cur && typeof cur === 'object')
      deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>)
    else into[k] = v
  }
  return into
}

/** All files of a language, merged as the renderer merges them. */
function load(lang: string): Record<string, unknown> {
  const merged: Record<string, unknown> = {}
  for (const f of readdirSync(path.join(dir, lang)).sort())
    deepMerge(
      merged,
      JSON.parse(readFileSync(path.join(dir, lang, f), 'utf8')) as Record<string, unknown>
    )
  return merged
}

describe('locales', () => {
  it('zh-CN and en have the same files and the same keys', () => {
    expect(readdirSync(path.join(dir, 'en')).sort()).toEqual(
      readdirSync(path.join(dir, 'zh-CN')).sort()
    )
    for (const f of readdirSync(path.join(dir, 'zh-CN'))) {
      const zh = keys(JSON.parse(readFileSync(path.join(dir, 'zh-CN', f), 'utf8'))).sort()
      const en = keys(JSON.parse(readFileSync(path.join(dir, 'en', f), 'utf8'))).sort()
      expect(en, f).toEqual(zh)
    }
  })

  it('translate every API error code and import row error code', () => {
    for (const lang of ['zh-CN', 'en']) {
      const all = new Set(keys(load(lang)))
      for (const c of API_ERROR_CODES)
        expect(all.has(`errors.${c}`), `${lang} errors.${c}`).toBe(true)
      for (const c of [...IMPORT_ERROR_CODES, 'unknown_camera'])
        expect(all.has(`importError.${c}`), `${lang} importError.${c}`).toBe(true)
    }
  })
})
