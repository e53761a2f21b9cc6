import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'

/**
 * Locale files live in locales/<language>/<area>.json so each feature owns
 * its strings; they are deep-merged into one translation per language.
 */
const files = import.meta.glob<Record<string, unknown>>('../locales/*/*.json', {
  eager: true,
  import: 'default'
})

function deepMerge(
  into: Record<string, unknown>,
  from: Record<string, unknown>
): Record<string, unknown> {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k]
    if (v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object')
      deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>)
    else into[k] = v
  }
  return into
}

function translations(lang: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [file, content] of Object.entries(files))
    if (file.split('/').at(-2) === lang) deepMerge(out, content)
  return out
}

export const LANGUAGES = ['zh-CN', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

const STORAGE_KEY = 'watchroom.language'

function storedLanguage(): Language {
  const v = window.localStorage.getItem(STORAGE_KEY)
  return (LANGUAGES as readonly string[]).includes(v ?? '') ? (v as Language) : 'zh-CN'
}

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: translations('zh-CN') },
    en: { translation: translations('en') }
  },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false
})
dayjs.locale(i18n.language === 'en' ? 'en' : 'zh-cn')

/** Switches the UI language and remembers it on this workstation. */
export function setLanguage(lang: Language): void {
  window.localStorage.setItem(STORAGE_KEY, lang)
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn')
  void i18n.changeLanguage(lang)
  document.documentElement.lang = lang
}

export { i18n }
