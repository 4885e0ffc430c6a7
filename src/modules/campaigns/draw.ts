// The verifiable draw: a committed secret seed, entries ranked by HMAC-SHA256(seed, entry ref).
// Pure functions, so the verification page, the tests and anyone with a shell compute the same.
import { createHash, createHmac, randomBytes } from 'node:crypto'

/** A fresh seed: 32 random bytes as 64 hexadecimal characters. */
export function newSeed(): string {
  return randomBytes(32).toString('hex')
}

/** The published commitment: SHA-256 of the seed's hexadecimal text (`printf %s SEED | sha256sum`). */
export function commitmentOf(seed: string): string {
  return createHash('sha256').update(seed, 'utf8').digest('hex')
}

/** An entry's draw key: HMAC-SHA256 keyed with the seed text over the entry ref (`openssl dgst -sha256 -hmac SEED`). */
export function drawKey(seed: string, ref: string): string {
  return createHmac('sha256', seed).update(ref, 'utf8').digest('hex')
}

export type Ranked = { ref: string; key: string }

/** Every ref ordered by its draw key, lowest first; equal keys (never seen in practice) fall back to the ref. */
export function rankByKey(seed: string, refs: Iterable<string>): Ranked[] {
  const ranked: Ranked[] = []
  for (const ref of refs) ranked.push({ ref, key: drawKey(seed, ref) })
  return ranked.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.ref < b.ref ? -1 : 1))
}

/**
 * Contest winners: rank the entries of the draw, skip those disqualified after it, take the first
 * `count`. A replacement is simply the next in the same ranking, so one rule explains every winner.
 */
export function drawWinners(
  seed: string,
  refs: Iterable<string>,
  count: number,
  excluded: ReadonlySet<string> = new Set(),
): string[] {
  const winners: string[] = []
  for (const { ref } of rankByKey(seed, refs)) {
    if (winners.length >= count) break
    if (!excluded.has(ref)) winners.push(ref)
  }
  return winners
}

export type QuizResult = { ref: string; score: number; timeTakenMs: number }

/** Quiz winners: highest score, then least time, then the same draw key as contests breaks ties. */
export function rankQuiz(seed: string, results: QuizResult[]): QuizResult[] {
  const keyed = results.map((r) => ({ ...r, key: drawKey(seed, r.ref) }))
  keyed.sort((a, b) => b.score - a.score || a.timeTakenMs - b.timeTakenMs || (a.key < b.key ? -1 : 1))
  return keyed.map(({ key: _key, ...r }) => r)
}

export function drawQuizWinners(
  seed: string,
  results: QuizResult[],
  count: number,
  excluded: ReadonlySet<string> = new Set(),
): string[] {
  return rankQuiz(seed, results)
    .filter((r) => !excluded.has(r.ref))
    .slice(0, count)
    .map((r) => r.ref)
}

/** A new pseudonymous entry ref: 12 random bytes, URL-safe, unlinkable to the entrant. */
export function newEntryRef(): string {
  return randomBytes(12).toString('base64url')
}
