// Finds scarcity claims in a promo text, in Dutch and English: a number left ("nog maar 3", "only 2
// left"), low stock without a number ("bijna uitverkocht", "almost sold out") and urgency that needs a
// real end date ("laatste kans", "today only", a countdown). The phrase list is Fanfare's own,
// written from the ACM's guidance on fake scarcity and countdowns; tests/unit/scarcity-claims.test.ts
// holds the table it must pass.

export type ScarcityClaim =
  | { kind: 'count'; phrase: string; count: number }
  | { kind: 'low_stock'; phrase: string }
  | { kind: 'deadline'; phrase: string }

const NUMBER_WORDS: Record<string, number> = {
  een: 1,
  één: 1,
  twee: 2,
  drie: 3,
  vier: 4,
  vijf: 5,
  zes: 6,
  zeven: 7,
  acht: 8,
  negen: 9,
  tien: 10,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
}

const NUMBER = `(\\d{1,4}|${Object.keys(NUMBER_WORDS).join('|')})`
const UNITS_NL = '(?:stuks?|exemplaren|exemplaar|items?|paar|jassen|producten)'
const UNITS_EN = '(?:items?|pieces?|units?|pairs?|left)'
const TIME_UNITS = '(?:uur|uren|dag|dagen|minuten|min|weken|week|hours?|days?|minutes?|weeks?)'

/** Urgency: needs a real end date. Checked first, so "nog maar 2 dagen" is a deadline, not a count. */
const DEADLINE = [
  /\blaatste\s+kans\b/giu,
  /\balleen\s+(?:vandaag|vanavond|dit\s+weekend)\b/giu,
  /\b(?:nog\s+(?:maar|slechts)\s+)\S+\s+(?:uur|uren|dag|dagen|minuten)(?:\s+(?:geldig|te\s+gaan))?\b/giu,
  /\b(?:eindigt|stopt|verloopt)\s+(?:vandaag|vanavond|morgen|binnenkort|over\s+\S+\s+(?:uur|dagen?))\b/giu,
  /\b(?:aftellen|countdown)\b/giu,
  /\blast\s+chance\b/giu,
  /\b(?:today|tonight|this\s+weekend)\s+only\b/giu,
  /\b(?:ends|ending)\s+(?:today|tonight|tomorrow|soon|in\s+\S+\s+(?:hours?|days?))\b/giu,
  /\bonly\s+\S+\s+(?:hours?|days?|minutes?)\s+(?:left|to\s+go)\b/giu,
  /\bfinal\s+hours\b/giu,
]

/** A number left. */
const COUNT = [
  new RegExp(
    `\\bnog\\s+(?:maar|slechts|maximaal|enkel|alleen)\\s+${NUMBER}(?!\\s*${TIME_UNITS})(?:\\s+${UNITS_NL})?\\b`,
    'giu',
  ),
  new RegExp(
    `\\b(?:maar|slechts)\\s+${NUMBER}\\s+(?:${UNITS_NL}\\s+)?(?:over|beschikbaar|op\\s+voorraad|in\\s+voorraad)\\b`,
    'giu',
  ),
  new RegExp(
    `\\bnog\\s+${NUMBER}\\s+(?:${UNITS_NL}\\s+)?(?:over|beschikbaar|op\\s+voorraad|in\\s+voorraad)\\b`,
    'giu',
  ),
  new RegExp(`\\blaatste\\s+${NUMBER}(?:\\s+${UNITS_NL})?\\b`, 'giu'),
  new RegExp(
    `\\b(?:only|just)\\s+${NUMBER}\\s+(?:${UNITS_EN}\\s+)?(?:left|remaining|in\\s+stock|available)\\b`,
    'giu',
  ),
  new RegExp(`\\b${NUMBER}\\s+(?:${UNITS_EN}\\s+)?left\\s+in\\s+stock\\b`, 'giu'),
  new RegExp(`\\blast\\s+${NUMBER}\\s+${UNITS_EN}\\b`, 'giu'),
]

/** Low stock without a number. */
const LOW_STOCK = [
  /\bbijna\s+(?:uitverkocht|op|weg)\b/giu,
  /\b(?:vrijwel|zo\s+goed\s+als)\s+uitverkocht\b/giu,
  /\bbeperkte\s+voorraad\b/giu,
  /\blaatste\s+(?:stuks|exemplaren)\b/giu,
  /\bgaat\s+hard\b/giu,
  /\b(?:almost|nearly)\s+(?:sold\s+out|gone)\b/giu,
  /\b(?:limited|low)\s+stock\b/giu,
  /\bselling\s+(?:fast|out)\b/giu,
  /\blast\s+few\b/giu,
  /\bgoing\s+fast\b/giu,
]

const numberOf = (raw: string): number =>
  /^\d+$/.test(raw) ? Number(raw) : (NUMBER_WORDS[raw.toLowerCase()] ?? NaN)

/** Every scarcity claim in the text, in the order they appear; overlapping phrases count once. */
export function findScarcityClaims(text: string): ScarcityClaim[] {
  const taken: [number, number][] = []
  const found: (ScarcityClaim & { at: number })[] = []
  const free = (start: number, end: number) => taken.every(([s, e]) => end <= s || start >= e)
  const scan = (patterns: RegExp[], make: (m: RegExpMatchArray) => ScarcityClaim | null) => {
    for (const pattern of patterns) {
      for (const m of text.matchAll(pattern)) {
        const start = m.index ?? 0
        const end = start + m[0].length
        if (!free(start, end)) continue
        const claim = make(m)
        if (!claim) continue
        taken.push([start, end])
        found.push({ ...claim, at: start })
      }
    }
  }
  scan(DEADLINE, (m) => ({ kind: 'deadline', phrase: m[0] }))
  scan(COUNT, (m) => {
    const count = numberOf(m[1] ?? '')
    return Number.isFinite(count) ? { kind: 'count', phrase: m[0], count } : null
  })
  scan(LOW_STOCK, (m) => ({ kind: 'low_stock', phrase: m[0] }))
  return found.sort((a, b) => a.at - b.at).map(({ at: _at, ...claim }) => claim)
}

/** "Almost sold out" is true at this many left or fewer. */
export const LOW_STOCK_AT_MOST = 5

export type ClaimVerdict = {
  claim: ScarcityClaim
  reason: 'no_product' | 'stock_higher' | 'no_end_date' | 'ended'
}

/**
 * Which claims the facts do not support: a count or low-stock claim needs a linked product with at
 * most that many left; a deadline needs an end date after the moment the text goes out.
 */
export function unsupportedClaims(
  claims: ScarcityClaim[],
  facts: { stock: number | null; endsAt: Date | null; at: Date },
): ClaimVerdict[] {
  const refused: ClaimVerdict[] = []
  for (const claim of claims) {
    if (claim.kind === 'deadline') {
      if (!facts.endsAt) refused.push({ claim, reason: 'no_end_date' })
      else if (facts.endsAt.getTime() <= facts.at.getTime()) refused.push({ claim, reason: 'ended' })
      continue
    }
    if (facts.stock === null) {
      refused.push({ claim, reason: 'no_product' })
      continue
    }
    const limit = claim.kind === 'count' ? claim.count : LOW_STOCK_AT_MOST
    if (facts.stock > limit) refused.push({ claim, reason: 'stock_higher' })
  }
  return refused
}

/** `{voorraad}` (and `{stock}`) in a text, filled with the stock at publish time. */
export const STOCK_PLACEHOLDER = /\{(?:voorraad|stock)\}/g

export const fillStock = (text: string, stock: number) => text.replace(STOCK_PLACEHOLDER, String(stock))
export const mentionsStock = (text: string) => new RegExp(STOCK_PLACEHOLDER.source).test(text)
