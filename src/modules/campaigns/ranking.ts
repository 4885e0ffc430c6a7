// Ranks a campaign's active entries for the draw, in the order of draw.ts (drawWinners /
// drawQuizWinners), which the public verification recomputes from the revealed seed.
//
// Contests read their winners through the stored draw keys (rank-keys.ts): only the entries whose key
// is below a threshold are read, a few times the winner count. Quizzes, and contests with too many
// entries stored without a key, are ranked while streaming every entry: each ref's HMAC draw key is
// computed as it passes and only the best `count` are kept (a bounded heap), so a million entries
// never sit in memory — but reading a million entries out of the store takes seconds.
import type { Campaign } from './campaign-repository.js'
import { drawKey } from './draw.js'
import { compareKeyWords, drawKeyer, type KeyWords } from './draw-keys.js'
import type { DrawCandidate, EntryRepository } from './entry-repository.js'
import { BestN } from './selection.js'

type Ranked = { ref: string; key: KeyWords; score: number; timeTakenMs: number }

/** Lower draw key first; equal keys (never seen in practice) fall back to the ref, as rankByKey does. */
const contestOrder = (a: Ranked, b: Ranked) =>
  compareKeyWords(a.key, b.key) || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)
/** Highest score, then least time, then the contest order. */
const quizOrder = (a: Ranked, b: Ranked) =>
  b.score - a.score || a.timeTakenMs - b.timeTakenMs || contestOrder(a, b)

/** Entries stored without a key that the draw keys itself; with more it streams (and keys nothing). */
export const BACKFILL_LIMIT = 50_000
/** Candidates read per winner (plus a constant): the chance of too few below the threshold is negligible. */
const CANDIDATES_PER_WINNER = 4
const CANDIDATES_EXTRA = 64
const KEY_SPACE = 2 ** 32

/** The 8-hex-digit key prefix below which `fraction` of uniformly spread keys fall. */
const thresholdFor = (fraction: number) =>
  Math.floor(Math.min(fraction, 1) * (KEY_SPACE - 1))
    .toString(16)
    .padStart(8, '0')

type Ranking = { winners: string[]; entryCount: number }

export async function rankEntries(
  entries: EntryRepository,
  campaign: Pick<Campaign, 'id' | 'kind'>,
  seed: string,
  count: number,
  opts: { streamed?: boolean; backfillLimit?: number } = {},
): Promise<Ranking> {
  if (campaign.kind !== 'quiz' && !opts.streamed) {
    const indexed = await rankByStoredKeys(
      entries,
      campaign.id,
      seed,
      count,
      opts.backfillLimit ?? BACKFILL_LIMIT,
    )
    if (indexed) return indexed
  }
  return rankStreamed(entries, campaign, seed, count)
}

/**
 * The contest ranking through stored keys. HMAC-SHA256 keys are spread uniformly, so of N active
 * entries about N·t fall below a threshold t: reading those below t = (4·count + 64)/N gives the
 * `count` lowest keys whenever at least `count` were found (every key not read is higher than every
 * key read). Too few found (or too few entries to bother) reads them all. Entries without a key are
 * keyed here and the keys stored; null when more than BACKFILL_LIMIT lack one (then stream).
 */
async function rankByStoredKeys(
  entries: EntryRepository,
  campaignId: string,
  seed: string,
  count: number,
  backfillLimit: number,
): Promise<Ranking | null> {
  const wanted = CANDIDATES_PER_WINNER * Math.max(count, 0) + CANDIDATES_EXTRA
  const cap = wanted + backfillLimit
  const thresholdOver = (n: number) => (n > wanted ? thresholdFor(wanted / n) : null)
  /** The winners from the candidates below `below`; 'tooFew' below it, 'unkeyed' when too many lack a key. */
  const attempt = async (candidates: DrawCandidate[], below: string | null, need: number) => {
    if (candidates.length > cap) return 'unkeyed' as const
    const keyed = await keyMissing(entries, seed, candidates)
    const inRange = below === null ? keyed : keyed.filter((c) => (c.rankKey as string) < below)
    if (inRange.length < need) return 'tooFew' as const
    inRange.sort((x, y) => compareText(x.rankKey as string, y.rankKey as string) || compareText(x.ref, y.ref))
    return inRange.slice(0, count).map((c) => c.ref)
  }
  // First guess from the collection's size (free to read), so the count and the candidates are read
  // at once: on a store without usable indexes each of them is a pass over the entries.
  const guess = thresholdOver(await entries.estimatedTotal())
  const [entryCount, firstCandidates] = await Promise.all([
    entries.countActive(campaignId),
    entries.drawCandidates(campaignId, guess, cap + 1),
  ])
  const need = Math.min(Math.max(count, 0), entryCount)
  let result = await attempt(firstCandidates, guess, need)
  // The guess read too few (the campaign is a small part of the collection, or bad luck): the
  // threshold from the campaign's own count, then everything.
  for (const below of [thresholdOver(entryCount), null]) {
    if (result !== 'tooFew') break
    if (guess !== null && below !== null && below <= guess) continue
    result = await attempt(await entries.drawCandidates(campaignId, below, cap + 1), below, need)
  }
  return Array.isArray(result) ? { winners: result, entryCount } : null
}

/** Code-unit order, as draw.ts's rankByKey and the stored keys' index (hex and base64url text). */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Keys the candidates stored without one, and stores those keys (the same as at entry time). */
async function keyMissing(entries: EntryRepository, seed: string, candidates: DrawCandidate[]) {
  const missing = candidates.filter((c) => c.rankKey === null)
  if (missing.length === 0) return candidates
  const keys = missing.map((c) => ({ id: c.id, rankKey: drawKey(seed, c.ref) }))
  await entries.setRankKeys(keys)
  const byId = new Map(keys.map((k) => [k.id, k.rankKey]))
  return candidates.map((c) => (c.rankKey === null ? { ...c, rankKey: byId.get(c.id) as string } : c))
}

/** Every active entry streamed and ranked in memory (a bounded heap): quizzes, and the fallback. */
export async function rankStreamed(
  entries: EntryRepository,
  campaign: Pick<Campaign, 'id' | 'kind'>,
  seed: string,
  count: number,
): Promise<Ranking> {
  const quiz = campaign.kind === 'quiz'
  const order = quiz ? quizOrder : contestOrder
  const best = new BestN<Ranked>(count, order)
  const keyOf = drawKeyer(seed)
  // The keyer reuses its words: copied only for the few entries the heap keeps.
  let entryCount = 0
  for await (const entry of entries.rankable(campaign.id, quiz)) {
    entryCount += 1
    const candidate: Ranked = {
      ref: entry.ref,
      key: keyOf(entry.ref),
      score: entry.score ?? 0,
      timeTakenMs: entry.timeTakenMs ?? 0,
    }
    const worst = best.worst()
    if (worst && order(candidate, worst) >= 0) continue
    candidate.key = Uint32Array.from(candidate.key)
    best.offer(candidate)
  }
  return { winners: best.result().map((r) => r.ref), entryCount }
}
