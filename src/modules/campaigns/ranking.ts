// Ranks a campaign's active entries for the draw while streaming them from the store: each ref's
// HMAC draw key is computed as it passes and only the best `count` are kept (a bounded heap), so a
// million entries never sit in memory. Same order as draw.ts (drawWinners / drawQuizWinners).
import type { Campaign } from './campaign-repository.js'
import { compareKeyWords, drawKeyer, type KeyWords } from './draw-keys.js'
import type { EntryRepository } from './entry-repository.js'
import { BestN } from './selection.js'

type Ranked = { ref: string; key: KeyWords; score: number; timeTakenMs: number }

/** Lower draw key first; equal keys (never seen in practice) fall back to the ref, as rankByKey does. */
const contestOrder = (a: Ranked, b: Ranked) =>
  compareKeyWords(a.key, b.key) || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)
/** Highest score, then least time, then the contest order. */
const quizOrder = (a: Ranked, b: Ranked) =>
  b.score - a.score || a.timeTakenMs - b.timeTakenMs || contestOrder(a, b)

export async function rankEntries(
  entries: EntryRepository,
  campaign: Pick<Campaign, 'id' | 'kind'>,
  seed: string,
  count: number,
): Promise<{ winners: string[]; entryCount: number }> {
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
