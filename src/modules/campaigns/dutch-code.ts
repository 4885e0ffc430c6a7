// The Dutch code of conduct for promotional games (Gedragscode Promotionele Kansspelen 2014), as
// warnings for Dutch shops. ONE table holds every figure, with its article, so it can be updated.
//
// Sources (checked 2026-11-23; check again before relying on them):
// - Kansspelautoriteit, "Gedragscode promotionele kansspelen 2014", articles 1–11,
//   https://kansspelautoriteit.nl/zelf-kansspel-organiseren/promotioneel/gedragscode/
// - CMS, "Gewijzigde Gedragscode Promotionele Kansspelen op 1 januari 2014 in werking getreden"
//   (30-12-2013): once a year per product/service/organisation, at most 20 draws, communication
//   costs at most € 0.45, total prize value at most € 100,000.
// - DMCC / weetwatjezegt.nl (2022): a small game has a total prize value under € 4,500 (per year) and
//   may be repeated; a large game at most once a year; entrants under 18 need parental consent;
//   kansspelbelasting applies to prizes above € 449.
// Interpretation: Fanfare counts each contest or quiz of a page as one draw of that page's game.

export const DUTCH_CODE_CHECKED_AT = '2026-11-23'

export const DUTCH_CODE_LIMITS = {
  /** Art. 4: total economic value of the prizes of one promotional game. */
  maxTotalPrizeValueEuro: { value: 100_000, article: 'art. 4' },
  /** Art. 2: at most this many draws in one promotional game. */
  maxDrawsPerYear: { value: 20, article: 'art. 2' },
  /** Art. 2 and 8: a game above the small-game ceiling may run once a year per product. */
  smallGameMaxPrizeValueEuro: { value: 4_500, article: 'art. 8' },
  largeGamesPerYear: { value: 1, article: 'art. 2' },
  /** Art. 3: participation is free apart from communication costs up to this amount. */
  maxCommunicationCostEuro: { value: 0.45, article: 'art. 3' },
  /** Art. 6: entrants younger than this need a parent's or guardian's consent. */
  adultAge: { value: 18, article: 'art. 6' },
  /** Art. 9 (and 7): the terms describe how to file a complaint. */
  complaintsProcedure: { article: 'art. 9' },
  /** Wet op de kansspelbelasting: prizes above this value are taxed (the organiser withholds or declares). */
  gamblingTaxThresholdEuro: { value: 449, article: 'Wet op de kansspelbelasting' },
} as const

export type DutchCodeInput = {
  prizeValueEuro: number
  winnerCount: number
  entryCostEuro: number
  minAge: number | null
  rules: string
  /** Contests and quizzes of the same page opening in the same calendar year, this one excluded. */
  otherGamesThisYear: { prizeValueEuro: number }[]
}

export type DutchCodeWarning = { code: string; params: Record<string, unknown> }

const CONSENT = /toestemming|ouder|voogd|parent|guardian|consent/i
const COMPLAINTS = /klacht|complain/i

/** Warnings (never refusals) with the i18n code `campaigns.dutch.<rule>` and the article. */
export function checkDutchCode(input: DutchCodeInput): DutchCodeWarning[] {
  const L = DUTCH_CODE_LIMITS
  const warnings: DutchCodeWarning[] = []
  const warn = (code: string, params: Record<string, unknown>) =>
    warnings.push({ code: `campaigns.dutch.${code}`, params })
  if (input.prizeValueEuro > L.maxTotalPrizeValueEuro.value) {
    warn('maxPrizeValue', {
      limit: L.maxTotalPrizeValueEuro.value,
      article: L.maxTotalPrizeValueEuro.article,
    })
  }
  const large = (value: number) => value >= L.smallGameMaxPrizeValueEuro.value
  const largeThisYear = input.otherGamesThisYear.filter((g) => large(g.prizeValueEuro)).length
  if (large(input.prizeValueEuro) && largeThisYear >= L.largeGamesPerYear.value) {
    warn('largeGamePerYear', {
      limit: L.smallGameMaxPrizeValueEuro.value,
      article: L.largeGamesPerYear.article,
    })
  }
  if (input.otherGamesThisYear.length + 1 > L.maxDrawsPerYear.value) {
    warn('maxDraws', { limit: L.maxDrawsPerYear.value, article: L.maxDrawsPerYear.article })
  }
  if (input.entryCostEuro > L.maxCommunicationCostEuro.value) {
    warn('free', { limit: L.maxCommunicationCostEuro.value, article: L.maxCommunicationCostEuro.article })
  }
  if ((input.minAge ?? 0) < L.adultAge.value && !CONSENT.test(input.rules)) {
    warn('minors', { age: L.adultAge.value, article: L.adultAge.article })
  }
  if (!COMPLAINTS.test(input.rules)) warn('complaints', { article: L.complaintsProcedure.article })
  const perWinner = input.prizeValueEuro / Math.max(1, input.winnerCount)
  if (perWinner > L.gamblingTaxThresholdEuro.value) {
    warn('gamblingTax', {
      limit: L.gamblingTaxThresholdEuro.value,
      article: L.gamblingTaxThresholdEuro.article,
    })
  }
  return warnings
}
