// What a fan page shows beside the campaign itself: each campaign text in the fan's language with
// the language it is really in (a clear fallback when the fan's is missing), and the fan's own
// result of the draw — never anything about other fans.
import type { Locale } from '../../i18n/index.js'

/** A campaign text as shown to a fan: `lang` is the language of `text`, `fallback` when not theirs. */
export type FanText = { text: string; lang: Locale; fallback: boolean }

/**
 * A text of `localised()` as shown: in the fan's language, or in the other one (`fallbackLang`, from
 * localised's fallbacks), which the page then says and marks with `lang` for screen readers.
 */
export function shownText(
  text: string | undefined,
  fallbackLang: Locale | undefined,
  locale: Locale,
): FanText {
  return { text: text ?? '', lang: fallbackLang ?? locale, fallback: fallbackLang !== undefined }
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
