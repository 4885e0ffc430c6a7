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

/** `seriesId`: the repeating post it belongs to; its own repeats are not near-duplicates of it. */
export type PlannedPost = {
  id: string
  at: Date
  label: PostLabel
  message: string
  seriesId?: string | null
}

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
/**
 * A warning names at most this many repeats: enough to find them, and a file of near-identical rows
 * stays linear instead of comparing every row with every other one.
 */
export const NEAR_DUPLICATES_LISTED = 5
/** At most this many look-alike texts (closest character counts first) get the exact comparison. */
export const NEAR_DUPLICATES_COMPARED = 40
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

/** A post of the plan with what the rules compare, worked out once (zone conversions, normalised text). */
type Entry = {
  /** place in the plan: conflicts are listed in plan order */
  seq: number
  post: PlannedPost
  t: number
  day: string
  week: string
  text: string
  /** character counts in 64 buckets: half their L1 distance is a lower bound of the edit distance */
  histogram: Int16Array
  /** the text's character pairs, hashed and sorted (for the q-gram bound below) */
  bigrams: Uint32Array
}

function bigramsOf(text: string): Uint32Array {
  const pairs = new Uint32Array(Math.max(0, text.length - 1))
  for (let i = 0; i + 1 < text.length; i++) pairs[i] = text.charCodeAt(i) * 65_536 + text.charCodeAt(i + 1)
  return pairs.sort()
}

function sharedCount(a: Uint32Array, b: Uint32Array): number {
  let i = 0
  let j = 0
  let shared = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as number
    const y = b[j] as number
    if (x === y) {
      shared++
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return shared
}

/** The edit distance, with a shared start and end (common in near repeats) taken off first. */
function editDistance(a: string, b: string): number {
  let start = 0
  const shorter = Math.min(a.length, b.length)
  while (start < shorter && a.charCodeAt(start) === b.charCodeAt(start)) start++
  let end = 0
  while (end < shorter - start && a.charCodeAt(a.length - 1 - end) === b.charCodeAt(b.length - 1 - end)) end++
  return distance(a.slice(start, a.length - end), b.slice(start, b.length - end))
}

/**
 * One more than the largest edit distance the similarity allows between texts of which the longer
 * has `most` characters, so rounding never rules out a real repeat. Two cheap proofs that texts are
 * further apart come before the edit distance: half the L1 distance of their character counts, and
 * the q-gram lemma (one edit changes at most two character pairs, so d edits leave at least
 * most - 1 - 2d pairs shared).
 */
const allowedDistance = (most: number) => Math.floor((1 - NEAR_DUPLICATE_SIMILARITY) * most) + 1

function histogramOf(text: string): Int16Array {
  const counts = new Int16Array(64)
  for (let i = 0; i < text.length; i++) (counts[text.charCodeAt(i) & 63] as number)++
  return counts
}

function histogramDistance(a: Int16Array, b: Int16Array): number {
  let sum = 0
  for (let i = 0; i < 64; i++) sum += Math.abs((a[i] as number) - (b[i] as number))
  return sum
}

const push = <K>(map: Map<K, Entry[]>, key: K, entry: Entry) => {
  const list = map.get(key)
  if (list) list.push(entry)
  else map.set(key, [entry])
}

/**
 * The plan, indexed so that checking a post looks only at its day, its week, the neighbouring gap
 * buckets and texts of a similar length: a 1,000-row import costs about n·(posts per day), not n².
 */
export function createPlanIndex(rules: PostingRules, planned: readonly PlannedPost[] = []) {
  const zone = rules.timeZone
  const gapMs = rules.minGapMinutes * 60_000
  const byDay = new Map<string, Entry[]>()
  const byWeek = new Map<string, Entry[]>()
  const byGap = new Map<number, Entry[]>()
  const byLength = new Map<number, Entry[]>()
  let seq = 0
  const entry = (post: PlannedPost): Entry => {
    const text = normalise(post.message)
    return {
      seq: seq++,
      post,
      t: post.at.getTime(),
      day: localDay(post.at, zone),
      week: localWeek(post.at, zone),
      text,
      histogram: histogramOf(text),
      bigrams: bigramsOf(text),
    }
  }
  const add = (post: PlannedPost) => {
    const e = entry(post)
    push(byDay, e.day, e)
    push(byWeek, e.week, e)
    if (gapMs > 0) push(byGap, Math.floor(e.t / gapMs), e)
    push(byLength, e.text.length, e)
  }
  for (const post of planned) add(post)

  /** Posts whose text is at least NEAR_DUPLICATE_SIMILARITY alike, within the window. */
  function repeatsOf(c: Entry): { best: number; repeats: PlannedPost[] } {
    const windowMs = NEAR_DUPLICATE_WINDOW_DAYS * 86_400_000
    const length = c.text.length
    // 1 - d / max(len) >= s needs the shorter text to be at least s times the longer one.
    const shortest = Math.floor(length * NEAR_DUPLICATE_SIMILARITY)
    const longest = Math.ceil(length / NEAR_DUPLICATE_SIMILARITY)
    // Texts of a fitting length in the window whose character counts allow a repeat; of many, only the
    // closest by those counts get the exact comparison (a file of look-alikes stays linear).
    const possible: Array<{ e: Entry; apart: number }> = []
    for (let l = shortest; l <= longest; l++) {
      for (const e of byLength.get(l) ?? []) {
        if (e.post.id === c.post.id || Math.abs(e.t - c.t) > windowMs) continue
        // A weekly post repeats its own text on purpose.
        if (c.post.seriesId && e.post.seriesId === c.post.seriesId) continue
        const apart = histogramDistance(c.histogram, e.histogram) / 2
        if (apart > allowedDistance(Math.max(length, l))) continue
        possible.push({ e, apart })
      }
    }
    if (possible.length > NEAR_DUPLICATES_COMPARED) possible.sort((a, b) => a.apart - b.apart)
    let best = 0
    const found: Array<{ e: Entry; score: number }> = []
    for (const { e } of possible.slice(0, NEAR_DUPLICATES_COMPARED)) {
      const most = Math.max(length, e.text.length)
      let score: number
      if (most === 0 || e.text === c.text) score = 1
      else if (sharedCount(c.bigrams, e.bigrams) < most - 1 - 2 * allowedDistance(most)) continue
      else score = 1 - editDistance(c.text, e.text) / most
      if (score >= NEAR_DUPLICATE_SIMILARITY) {
        found.push({ e, score })
        best = Math.max(best, score)
        if (found.length >= NEAR_DUPLICATES_LISTED) break
      }
    }
    found.sort((a, b) => a.e.seq - b.e.seq)
    return { best, repeats: found.map((f) => f.e.post) }
  }

  function check(candidate: PlannedPost): RuleCheck {
    const c = entry(candidate)
    const peer = (e: Entry) => e.post.id !== candidate.id
    const violations: Violation[] = []

    const sameDay = (byDay.get(c.day) ?? []).filter(peer).map((e) => e.post)
    if (sameDay.length >= rules.maxPostsPerDay) {
      violations.push({
        rule: 'dailyCap',
        params: { cap: rules.maxPostsPerDay, day: c.day },
        conflicting: sameDay,
      })
    }

    if (isPromotional(candidate.label)) {
      const week = c.week
      const sameWeek = (byWeek.get(week) ?? []).filter(peer).map((e) => e.post)
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

    if (gapMs > 0) {
      const bucket = Math.floor(c.t / gapMs)
      const close = [bucket - 1, bucket, bucket + 1]
        .flatMap((b) => byGap.get(b) ?? [])
        .filter((e) => peer(e) && Math.abs(e.t - c.t) < gapMs)
        .sort((a, b) => a.seq - b.seq)
        .map((e) => e.post)
      if (close.length)
        violations.push({ rule: 'minGap', params: { gap: rules.minGapMinutes }, conflicting: close })
    }

    if (inQuietHours(candidate.at, rules)) {
      const { start, end } = rules.quietHours as { start: string; end: string }
      violations.push({ rule: 'quietHours', params: { start, end }, conflicting: [] })
    }

    const { best, repeats } = repeatsOf(c)
    const warnings: Warning[] = repeats.length
      ? [{ rule: 'nearDuplicate', similarity: Math.round(best * 100) / 100, conflicting: repeats }]
      : []
    return { violations, warnings }
  }

  return {
    check,
    add,
  }
}

export function checkPostingRules(
  candidate: PlannedPost,
  others: PlannedPost[],
  rules: PostingRules,
): RuleCheck {
  return createPlanIndex(rules, others).check(candidate)
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
  const plan = createPlanIndex(rules, planned)
  return candidates.map((candidate) => {
    const check = plan.check(candidate)
    if (accept(candidate, check)) plan.add(candidate)
    return check
  })
}
