/** The languages of the UI and of the documents main writes for people (case reports); zh-CN first, the default. */
export const UI_LANGUAGES = ['zh-CN', 'en'] as const
export type UiLanguage = (typeof UI_LANGUAGES)[number]
