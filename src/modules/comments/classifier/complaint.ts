// Decides whether a comment is a webshop complaint, and about what.
import { CATEGORY_KEYWORDS, pickCategory } from './categories.js'
import { COMPLAINT_CUES } from './complaint-cues.js'
import type { Analysis } from './features.js'
import type { Token } from './tokenise.js'
import type { ComplaintCategory, Language, Sentiment, Signal } from './types.js'

export interface ComplaintVerdict {
  complaint: boolean
  category: ComplaintCategory | null
  /** The cues that counted, as signals a moderator can read. */
  cues: Signal[]
}

/** Points a comment needs to be a complaint, per language (English posts name the shop more often). */
export const COMPLAINT_THRESHOLD: Record<Language, number> = { nl: 3, en: 3, other: 3 }
const PHRASE_POINTS = 3
const NEGATIVE_POINTS = 2
/** A score below 0 that stays inside the neutral band: a mild "still not here" is half a negative. */
const LEANING_NEGATIVE_POINTS = 1
const POSITIVE_POINTS = -3
const SHOP_WORD_POINTS = 1
const CUE_POINTS = 1

/**
 * Points for what makes a complaint: a complaint phrase ("nog steeds niet geleverd", "geen
 * reactie") 3, a negative verdict 2, a word about the order/parcel/service 1, and 1 per cue
 * (waiting, chasing, a question to the shop, what the customer already did, "jullie"/"you");
 * a positive verdict takes 3 off. So a complaint phrase in a comment that is not positive is
 * one, and so is a negative comment about the shop, or a neutral "hoe lang moet ik nog wachten op
 * mijn pakket?".
 */
export function judgeComplaint(
  tokens: readonly Token[],
  analysis: Analysis,
  sentiment: Sentiment,
  language: Language = 'nl',
  score = 0,
): ComplaintVerdict {
  const votes = new Map<ComplaintCategory, number>()
  let points =
    sentiment === 'negative'
      ? NEGATIVE_POINTS
      : sentiment === 'positive'
        ? POSITIVE_POINTS
        : score < 0
          ? LEANING_NEGATIVE_POINTS
          : 0
  if (analysis.complaints.length > 0) points += PHRASE_POINTS
  for (const pattern of analysis.complaints) {
    if (pattern.complaint && pattern.complaint !== 'other') {
      votes.set(pattern.complaint, (votes.get(pattern.complaint) ?? 0) + 2)
    }
  }
  let aboutTheShop = false
  for (const token of tokens) {
    const category = token.kind === 'word' ? CATEGORY_KEYWORDS.get(token.text) : undefined
    if (!category) continue
    aboutTheShop = true
    if (category !== 'other') votes.set(category, (votes.get(category) ?? 0) + 1)
  }
  if (aboutTheShop) points += SHOP_WORD_POINTS
  const cues: Signal[] = []
  const joined = joinTokens(tokens)
  for (const cue of COMPLAINT_CUES) {
    const match = cue.re.exec(joined)
    if (!match) continue
    points += CUE_POINTS
    cues.push({ text: match[0].replace(/ \?$/, '?'), kind: 'cue', weight: -CUE_POINTS })
  }
  const complaint = points >= COMPLAINT_THRESHOLD[language]
  return complaint
    ? { complaint, category: pickCategory(votes), cues }
    : { complaint: false, category: null, cues }
}

function joinTokens(tokens: readonly Token[]): string {
  let joined = ''
  for (const t of tokens) joined += joined ? ` ${t.text}` : t.text
  return joined
}
