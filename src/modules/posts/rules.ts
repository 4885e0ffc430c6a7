// The rules that keep a page from spamming its fans: daily cap, weekly promo cap and share,
// minimum gap, quiet hours, and a warning for a text that nearly repeats another post. Pure functions.
import { distance } from 'fastest-levenshtein'
import { type PostLabel, PROMOTIONAL_LABELS } from './model.js'
import { localDay, localMinuteOfDay, localWeek } from './schedule-time.js'

export type PostingRules = {
  timeZone: string
  maxPostsPerDay: number
  maxPromoPostsPerWeek: number
  minNonPromoSharePercent: number
  minGapMinutes: number
  quietHours: { start: string; end: string } | null
}

export type PlannedPost = { id: string; at: Date; label: PostLabel; message: string }

export const RULES = ['dailyCap', 'weeklyPromoCap', 'promoShare', 'minGap', 'quietHours'] as const
export type RuleName = (typeof RULES)[number]

export type Violation = {
  rule: RuleName
  params: Record<string, string | number>
  conflicting: PlannedPost[]
}
export type Warning = { rule: 'nearDuplicate'; similarity: number; conflicting: PlannedPost[] }

export type RuleCheck = { violations: Violation[]; warnings: Warning[] }

/** Texts at least this similar (0..1, edit distance) count as a near repeat. */
export const NEAR_DUPLICATE_SIMILARITY = 0.85
/** How far back (and ahead) a near repeat is looked for. */
export const NEAR_DUPLICATE_WINDOW_DAYS = 30
/** Long texts are compared on their start; a near repeat shows there. */
const COMPARED_CHARACTERS = 1000

export const isPromotional = (label: PostLabel) => PROMOTIONAL_LABELS.includes(label)

function minutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number)
  return (h as number) * 60 + (m as number)
}

/** Quiet hours may wrap midnight (22:00–07:00). */
export function inQuietHours(at: Date, rules: PostingRules): boolean {
  if (!rules.quietHours) return false
  const now = localMinuteOfDay(at, rules.timeZone)
  const start = minutes(rules.quietHours.start)
  const end = minutes(rules.quietHours.end)
  if (start === end) return false
  return start < end ? now >= start && now < end : now >= start || now < end
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim().slice(0, COMPARED_CHARACTERS)
}

/** 1 for the same text, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const x = normalise(a)
  const y = normalise(b)
  const longest = Math.max(x.length, y.length)
  return longest === 0 ? 1 : 1 - distance(x, y) / longest
}

/**
 * The promotional share is counted per week. One promotional post a week is always allowed; beyond
 * that, at least `minNonPromoSharePercent` of the week's posts (this one included) must not advertise.
 */
function allowedPromoPosts(totalInWeek: number, minNonPromoSharePercent: number): number {
  return Math.max(1, Math.floor((totalInWeek * (100 - minNonPromoSharePercent)) / 100))
}

export function checkPostingRules(
  candidate: PlannedPost,
  others: PlannedPost[],
  rules: PostingRules,
): RuleCheck {
  const zone = rules.timeZone
  const violations: Violation[] = []
  const peers = others.filter((p) => p.id !== candidate.id)

  const day = localDay(candidate.at, zone)
  const sameDay = peers.filter((p) => localDay(p.at, zone) === day)
  if (sameDay.length >= rules.maxPostsPerDay) {
    violations.push({ rule: 'dailyCap', params: { cap: rules.maxPostsPerDay, day }, conflicting: sameDay })
  }

  if (isPromotional(candidate.label)) {
    const week = localWeek(candidate.at, zone)
    const sameWeek = peers.filter((p) => localWeek(p.at, zone) === week)
    const promos = sameWeek.filter((p) => isPromotional(p.label))
    if (promos.length >= rules.maxPromoPostsPerWeek) {
      violations.push({
        rule: 'weeklyPromoCap',
        params: { cap: rules.maxPromoPostsPerWeek, week },
        conflicting: promos,
      })
    } else if (promos.length + 1 > allowedPromoPosts(sameWeek.length + 1, rules.minNonPromoSharePercent)) {
      violations.push({
        rule: 'promoShare',
        params: {
          share: rules.minNonPromoSharePercent,
          week,
          promotional: promos.length + 1,
          total: sameWeek.length + 1,
        },
        conflicting: promos,
      })
    }
  }

  if (rules.minGapMinutes > 0) {
    const gapMs = rules.minGapMinutes * 60_000
    const close = peers.filter((p) => Math.abs(p.at.getTime() - candidate.at.getTime()) < gapMs)
    if (close.length)
      violations.push({ rule: 'minGap', params: { gap: rules.minGapMinutes }, conflicting: close })
  }

  if (inQuietHours(candidate.at, rules)) {
    const { start, end } = rules.quietHours as { start: string; end: string }
    violations.push({ rule: 'quietHours', params: { start, end }, conflicting: [] })
  }

  const windowMs = NEAR_DUPLICATE_WINDOW_DAYS * 86_400_000
  const nearby = peers.filter((p) => Math.abs(p.at.getTime() - candidate.at.getTime()) <= windowMs)
  let best = 0
  const repeats: PlannedPost[] = []
  for (const post of nearby) {
    const score = similarity(candidate.message, post.message)
    if (score >= NEAR_DUPLICATE_SIMILARITY) {
      repeats.push(post)
      best = Math.max(best, score)
    }
  }
  const warnings: Warning[] = repeats.length
    ? [{ rule: 'nearDuplicate', similarity: Math.round(best * 100) / 100, conflicting: repeats }]
    : []

  return { violations, warnings }
}

/**
 * Checks several new posts in order (a series, a CSV import): each one is checked against the plan
 * plus the ones accepted before it.
 */
export function checkInOrder(
  candidates: PlannedPost[],
  planned: PlannedPost[],
  rules: PostingRules,
  accept: (candidate: PlannedPost, check: RuleCheck) => boolean,
): RuleCheck[] {
  const plan = [...planned]
  return candidates.map((candidate) => {
    const check = checkPostingRules(candidate, plan, rules)
    if (accept(candidate, check)) plan.push(candidate)
    return check
  })
}
