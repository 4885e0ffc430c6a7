// Decides whether a comment is a webshop complaint, and about what.
import { CATEGORY_KEYWORDS, pickCategory } from './categories.js'
import type { Analysis } from './features.js'
import type { Token } from './tokenise.js'
import type { ComplaintCategory, Sentiment } from './types.js'

export interface ComplaintVerdict {
  complaint: boolean
  category: ComplaintCategory | null
}

/**
 * A complaint phrase ("nog steeds niet geleverd", "geen reactie") makes a complaint unless the
 * comment is positive overall; a negative comment about an order, a parcel or the service is one too.
 */
export function judgeComplaint(
  tokens: readonly Token[],
  analysis: Analysis,
  sentiment: Sentiment,
): ComplaintVerdict {
  const votes = new Map<ComplaintCategory, number>()
  let aboutTheShop = false
  for (const pattern of analysis.complaints) {
    if (pattern.complaint && pattern.complaint !== 'other') {
      votes.set(pattern.complaint, (votes.get(pattern.complaint) ?? 0) + 2)
    }
  }
  for (const token of tokens) {
    const category = token.kind === 'word' ? CATEGORY_KEYWORDS.get(token.text) : undefined
    if (!category) continue
    aboutTheShop = true
    if (category !== 'other') votes.set(category, (votes.get(category) ?? 0) + 1)
  }
  const complaint =
    (analysis.complaints.length > 0 && sentiment !== 'positive') || (sentiment === 'negative' && aboutTheShop)
  return complaint ? { complaint, category: pickCategory(votes) } : { complaint: false, category: null }
}
