// What a fan page shows beside the campaign itself: each campaign text in the fan's language with
// the language it is really in (a clear fallback when the fan's is missing), and the fan's own
// result of the draw — never anything about other fans.
import type { Locale } from '../../i18n/index.js'

/** A campaign text as shown to a fan: `lang` is the language of `text`, `fallback` when not theirs. */
export type FanText = { text: string; lang: Locale; fallback: boolean }

type Bilingual = { nl?: string | null; en?: string | null } | null | undefined

/**
 * The text in the fan's language, else in the other one (marked as a fallback, so the page says so
 * and sets `lang` for screen readers); a plain string is taken as the campaign's Dutch text.
 */
export function fanText(value: Bilingual | string, locale: Locale): FanText {
  const texts = typeof value === 'string' ? { nl: value } : (value ?? {})
  const other: Locale = locale === 'nl' ? 'en' : 'nl'
  const own = texts[locale]?.trim()
  if (own) return { text: texts[locale] as string, lang: locale, fallback: false }
  const theirs = texts[other]?.trim()
  if (theirs) return { text: texts[other] as string, lang: other, fallback: true }
  return { text: '', lang: locale, fallback: false }
}

export type FanResult = 'won' | 'notWon' | 'disqualified' | 'notDrawn'

/** The fan's own outcome: only their entry and whether its number is among the winners. */
export function fanResult(
  campaign: { kind: string; winners?: readonly string[] | null },
  drawn: boolean,
  mine: { ref: string; status: string },
): FanResult | null {
  if (campaign.kind === 'poll') return null
  if (mine.status === 'disqualified') return 'disqualified'
  if (!drawn) return 'notDrawn'
  return (campaign.winners ?? []).includes(mine.ref) ? 'won' : 'notWon'
}
