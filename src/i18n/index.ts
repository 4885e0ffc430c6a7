// Message catalogs (nl, en) and locale negotiation; every visible string comes from here.
import i18next from 'i18next'
import en from './en.json' with { type: 'json' }
import nl from './nl.json' with { type: 'json' }

export const LOCALES = ['nl', 'en'] as const
export type Locale = (typeof LOCALES)[number]

const catalogs: Record<Locale, Record<string, unknown>> = { nl, en }

const i18n = i18next.createInstance()
await i18n.init({
  resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: catalogs[l] }])),
  fallbackLng: 'en',
  supportedLngs: [...LOCALES],
  // Handlebars escapes what a helper returns, so i18next must not escape a second time.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
})

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  return i18n.t(key, { lng: locale, ...params })
}

export function hasKey(key: string): boolean {
  return i18n.exists(key)
}
