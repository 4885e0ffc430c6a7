import { createHash, createHmac } from 'node:crypto'
import { mongo } from 'mongoose'
import { describe, expect, it } from 'vitest'
import {
  commitmentOf,
  drawKey,
  drawQuizWinners,
  drawWinners,
  newEntryRef,
  newSeed,
  rankByKey,
} from '../../src/modules/campaigns/draw.js'
import { drawKeyer, keyWordsToHex } from '../../src/modules/campaigns/draw-keys.js'
import { readRankable } from '../../src/modules/campaigns/rankable-bson.js'
import { BestN } from '../../src/modules/campaigns/selection.js'

const refs = (n: number, prefix = 'entry') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`)
const fixedSeed = (i: number) => createHash('sha256').update(`seed ${i}`).digest('hex')

describe('the verifiable draw', () => {
  it('commits to the seed with SHA-256 of its text, as `printf %s SEED | sha256sum` does', () => {
    const seed = newSeed()
    expect(seed).toMatch(/^[0-9a-f]{64}$/)
    expect(commitmentOf(seed)).toBe(createHash('sha256').update(seed).digest('hex'))
    expect(commitmentOf(seed)).not.toBe(commitmentOf(newSeed()))
  })

  it('keys an entry by HMAC-SHA256 with the seed as key and the entry ref as message', () => {
    const seed = fixedSeed(1)
    expect(drawKey(seed, 'abc')).toBe(createHmac('sha256', seed).update('abc').digest('hex'))
  })

  it('gives the same winners for the same seed and entries, whatever order the entries come in', () => {
    const seed = fixedSeed(2)
    const list = refs(200)
    const winners = drawWinners(seed, list, 5)
    expect(winners).toHaveLength(5)
    expect(drawWinners(seed, [...list].reverse(), 5)).toEqual(winners)
    expect(drawWinners(fixedSeed(3), list, 5)).not.toEqual(winners)
  })

  it('replaces a disqualified winner with the next entry of the same ranking', () => {
    const seed = fixedSeed(4)
    const list = refs(50)
    const ranking = rankByKey(seed, list).map((r) => r.ref)
    const [first, second, third] = drawWinners(seed, list, 3)
    const after = drawWinners(seed, list, 3, new Set([second as string]))
    expect(after).toEqual([first, third, ranking[3]])
  })

  it('ranks quizzes by score, then time, then the draw key', () => {
    const seed = fixedSeed(5)
    const results = [
      { ref: 'slow', score: 3, timeTakenMs: 9000 },
      { ref: 'fast', score: 3, timeTakenMs: 4000 },
      { ref: 'low', score: 1, timeTakenMs: 100 },
      { ref: 'tie-a', score: 2, timeTakenMs: 5000 },
      { ref: 'tie-b', score: 2, timeTakenMs: 5000 },
    ]
    const ties = ['tie-a', 'tie-b'].sort((a, b) => (drawKey(seed, a) < drawKey(seed, b) ? -1 : 1))
    expect(drawQuizWinners(seed, results, 5)).toEqual(['fast', 'slow', ...ties, 'low'])
  })

  it('keeps the best n of a stream exactly like sorting everything', () => {
    const seed = fixedSeed(6)
    const list = refs(3000)
    const best = new BestN<{ ref: string; key: string }>(7, (a, b) => (a.key < b.key ? -1 : 1))
    for (const ref of list) best.offer({ ref, key: drawKey(seed, ref) })
    expect(best.result().map((r) => r.ref)).toEqual(drawWinners(seed, list, 7))
  })

  it('is uniform: over 4000 seeded draws every entry wins about equally often (chi-square)', () => {
    const list = refs(10)
    const wins = new Map(list.map((r) => [r, 0]))
    const draws = 4000
    for (let i = 0; i < draws; i++) {
      const [winner] = drawWinners(fixedSeed(1000 + i), list, 1)
      wins.set(winner as string, (wins.get(winner as string) ?? 0) + 1)
    }
    const expected = draws / list.length
    const chiSquare = [...wins.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0)
    // 9 degrees of freedom: 27.88 is the 0.1 % critical value; a biased draw lands far above it.
    expect(chiSquare).toBeLessThan(27.88)
    // And a biased "draw" (always the lowest ref) fails the same test.
    const biased: number[] = list.map((_, i) => (i === 0 ? draws : 0))
    expect(biased.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0)).toBeGreaterThan(27.88)
  })

  it('makes entry refs that are random and URL-safe', () => {
    const a = newEntryRef()
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}$/)
    expect(newEntryRef()).not.toBe(a)
  })

  it('computes the same draw keys in JavaScript as HMAC-SHA256 does, for any ref length', () => {
    const seed = newSeed()
    const keyOf = drawKeyer(seed)
    const odd = ['', 'a', 'x'.repeat(55), 'x'.repeat(56), 'ünïcode', 'y'.repeat(200)]
    for (const ref of [...odd, ...refs(500, 'r'), ...Array.from({ length: 500 }, () => newEntryRef())])
      expect(keyWordsToHex(keyOf(ref))).toBe(drawKey(seed, ref))
  })

  it('reads the draw fields from raw BSON as the driver would decode them', () => {
    for (const doc of [
      { ref: 'abc' },
      { ref: 'dé', score: 3, timeTakenMs: 1234.5 },
      { ref: 'x', score: null },
    ])
      expect(readRankable(Buffer.from(mongo.BSON.serialize(doc)))).toEqual(doc)
  })
})
