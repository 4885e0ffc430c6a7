// Decides whether a comment is a webshop complaint, and about what.
import { CATEGORY_KEYWORDS, pickCategory } from './categories.js'
import { COMPLAINT_CUES } from './complaint-cues.js'
import type { Analysis } from './features.js'
import type { ComplaintModel } from './model.js'
import type { Token } from './tokenise.js'
import type { ComplaintCategory, Language, Sentiment, Signal } from './types.js'

export interface ComplaintVerdict {
  complaint: boolean
  category: ComplaintCategory | null
  /** The cues that counted, as signals a moderator can read. */
  cues: Signal[]
  /** Words the learned complaint model weighed most towards a complaint (feature key, margin units). */
  learned: { key: string; weight: number }[]
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
/** Learned complaint word weights below this say little to a moderator. */
const MIN_LEARNED_SIGNAL = 0.3

/** What the learned complaint model reads besides the words: each a thing a person can name. */
export interface ComplaintEvidence {
  points: number
  /** Feature keys: "#phrase", "#negative", "#shop", "#cue:waiting", "#caps", "#exclaim", "#question". */
  keys: string[]
  votes: Map<ComplaintCategory, number>
  cues: Signal[]
}

/** A word of 3+ capitals ("NEVER", "STILL"), not a whole shouted line of one word. */
const SHOUTED = /\b[A-Z]{3,}\b/
const EXCLAIMED = /[!?]{3,}|!!/
/** A number of days or weeks: "12 days", "3 weken". */
const NUMBER_SPAN = /\b\d+ (?:days?|weeks?|months?|hours?|dagen|weken|maanden|uur)\b/
/** The shop's own service named to it: "your customer service", "jullie klantenservice". */
const YOUR_SERVICE =
  /\b(?:your|jullie) (?:customer service|customer support|support|service|website|site|app|courier|driver|staff|team|klantenservice|bezorger|webshop|helpdesk)\b/

/**
 * Points for what makes a complaint: a complaint phrase ("nog steeds niet geleverd", "geen
 * reactie") 3, a negative verdict 2, a word about the order/parcel/service 1, and 1 per cue
 * (waiting, chasing, a question to the shop, what the customer already did, "jullie"/"you");
 * a positive verdict takes 3 off. So a complaint phrase in a comment that is not positive is
 * one, and so is a negative comment about the shop, or a neutral "hoe lang moet ik nog wachten op
 * mijn pakket?".
 */
export function complaintEvidence(
  tokens: readonly Token[],
  analysis: Analysis,
  sentiment: Sentiment,
  score = 0,
  text = '',
): ComplaintEvidence {
  const votes = new Map<ComplaintCategory, number>()
  const keys: string[] = []
  const leaning = sentiment === 'neutral' && score < 0
  keys.push(leaning ? '#leaning-negative' : `#${sentiment}`)
  let points =
    sentiment === 'negative'
      ? NEGATIVE_POINTS
      : sentiment === 'positive'
        ? POSITIVE_POINTS
        : leaning
          ? LEANING_NEGATIVE_POINTS
          : 0
  if (analysis.complaints.length > 0) {
    points += PHRASE_POINTS
    keys.push('#phrase')
  }
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
  if (aboutTheShop) {
    points += SHOP_WORD_POINTS
    keys.push('#shop')
  }
  const cues: Signal[] = []
  const joined = joinTokens(tokens)
  for (const cue of COMPLAINT_CUES) {
    const match = cue.re.exec(joined)
    if (!match) continue
    points += CUE_POINTS
    keys.push(`#cue:${cue.name}`)
    cues.push({ text: match[0].replace(/ \?$/, '?'), kind: 'cue', weight: -CUE_POINTS })
  }
  const addressed = cues.length > 0 && keys.includes('#cue:addressed')
  if (addressed && (sentiment === 'negative' || leaning)) keys.push('#you-negative')
  if (NUMBER_SPAN.test(joined)) keys.push('#number-span')
  if (YOUR_SERVICE.test(joined)) keys.push('#your-service')
  if (SHOUTED.test(text)) keys.push('#caps')
  if (EXCLAIMED.test(text)) keys.push('#exclaim')
  if (text.includes('?')) keys.push('#question')
  return { points, keys, votes, cues }
}

/**
 * Complaint or not. Where the trained complaint model covers the language (English: trained on
 * customer messages to companies), its margin over the words and the evidence above decides, at
 * that language's threshold; elsewhere (Dutch, which has no licensed complaint data) the points
 * decide: at least 3.
 */
export function judgeComplaint(
  tokens: readonly Token[],
  analysis: Analysis,
  sentiment: Sentiment,
  language: Language = 'nl',
  score = 0,
  text = '',
  model?: ComplaintModel,
): ComplaintVerdict {
  const evidence = complaintEvidence(tokens, analysis, sentiment, score, text)
  const threshold = model?.threshold[language]
  const learned: ComplaintVerdict['learned'] = []
  let complaint: boolean
  if (model && threshold !== undefined) {
    complaint = complaintMargin(model, analysis, evidence, score) >= threshold
    if (complaint)
      for (const key of analysis.features) {
        const weight = model.weights.get(key) ?? 0
        if (weight >= MIN_LEARNED_SIGNAL) learned.push({ key, weight })
      }
  } else complaint = evidence.points >= COMPLAINT_THRESHOLD[language]
  return complaint
    ? { complaint, category: pickCategory(evidence.votes), cues: evidence.cues, learned }
    : { complaint: false, category: null, cues: evidence.cues, learned }
}

/** The learned complaint margin: bias, sentiment score, evidence keys and words. */
export function complaintMargin(
  model: ComplaintModel,
  analysis: Analysis,
  evidence: ComplaintEvidence,
  score: number,
): number {
  let z = model.bias + model.score * score
  for (const key of evidence.keys) z += model.weights.get(key) ?? 0
  for (const key of analysis.features) z += model.weights.get(key) ?? 0
  return z
}

function joinTokens(tokens: readonly Token[]): string {
  let joined = ''
  for (const t of tokens) joined += joined ? ` ${t.text}` : t.text
  return joined
}
