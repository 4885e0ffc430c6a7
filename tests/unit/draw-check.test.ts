// The browser's draw check (views/assets/draw-check.js, WebCrypto) against the server's draw
// (draw.ts): the same keys, commitments and winners, and a verdict that flips on tampered data.
import { webcrypto } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  commitmentOf,
  drawKey,
  drawQuizWinners,
  drawWinners,
  newEntryRef,
  newSeed,
} from '../../src/modules/campaigns/draw.js'
// @ts-expect-error plain JavaScript asset served to browsers
import * as check from '../../views/assets/draw-check.js'

const { subtle } = webcrypto

type Row = { ref: string; dq?: boolean; score?: number; timeMs?: number }
const csvOf = (rows: Row[], quiz = false) =>
  [
    'ref,kind,disqualified_after_draw,score,time_ms',
    ...rows.map(
      (r) => `${r.ref},app,${r.dq ? 1 : 0},${quiz ? (r.score ?? 0) : ''},${quiz ? (r.timeMs ?? 0) : ''}`,
    ),
  ].join('\n')

function contest(size: number, winnerCount: number, disqualified: number[] = []) {
  const seed = newSeed()
  const rows: Row[] = Array.from({ length: size }, (_, i) => ({
    ref: newEntryRef(),
    dq: disqualified.includes(i),
  }))
  const excluded = new Set(rows.filter((r) => r.dq).map((r) => r.ref))
  const winners = drawWinners(
    seed,
    rows.map((r) => r.ref),
    winnerCount,
    excluded,
  )
  const published = {
    seed,
    commitment: commitmentOf(seed),
    entryCount: size,
    winnerCount,
    quiz: false,
    winners,
  }
  return { seed, rows, published }
}

describe('the draw check in the browser', () => {
  it('computes the same commitment and draw keys as the server, refs with a leading dash included', async () => {
    const seed = newSeed()
    expect(await check.commitmentOf(subtle, seed)).toBe(commitmentOf(seed))
    const refs = ['-abc_DEF0123456', ...Array.from({ length: 50 }, newEntryRef)]
    expect(await check.drawKeys(subtle, seed, refs)).toEqual(refs.map((ref) => drawKey(seed, ref)))
  })

  it('recomputes the contest winners of the server, skipping entries disqualified after the draw', async () => {
    const { seed, rows, published } = contest(3000, 5, [1, 7, 42])
    const recomputed = await check.recomputeWinners(subtle, seed, check.parseEntryList(csvOf(rows)), {
      quiz: false,
      count: 5,
    })
    expect(recomputed).toEqual(published.winners)
    expect(await check.checkDraw(subtle, published, csvOf(rows))).toMatchObject({
      correct: true,
      problems: [],
    })
  })

  it('recomputes quiz winners: score, then time, then draw key', async () => {
    const seed = newSeed()
    const results = Array.from({ length: 200 }, (_, i) => ({
      ref: newEntryRef(),
      score: i % 4,
      timeTakenMs: (i % 3) * 1000,
    }))
    const winners = drawQuizWinners(seed, results, 7)
    const rows = results.map((r) => ({ ref: r.ref, score: r.score, timeMs: r.timeTakenMs }))
    const published = {
      seed,
      commitment: commitmentOf(seed),
      entryCount: 200,
      winnerCount: 7,
      quiz: true,
      winners,
    }
    expect(await check.checkDraw(subtle, published, csvOf(rows, true))).toMatchObject({ correct: true })
  })

  it('says not correct when one entry of the list was altered, removed or the seed does not match', async () => {
    const { rows, published } = contest(500, 3)
    const winner = published.winners[0] as string
    const altered = rows.map((r) => (r.ref === winner ? { ...r, ref: `${winner.slice(0, -1)}x` } : r))
    expect(await check.checkDraw(subtle, published, csvOf(altered))).toMatchObject({
      correct: false,
      problems: ['winners'],
    })
    const removed = rows.filter((r) => r.ref !== rows[10]?.ref)
    expect((await check.checkDraw(subtle, published, csvOf(removed))).problems).toContain('count')
    const otherSeed = { ...published, seed: newSeed() }
    expect((await check.checkDraw(subtle, otherSeed, csvOf(rows))).problems).toEqual(
      expect.arrayContaining(['commitment', 'winners']),
    )
  })

  it("finds the fan's own entry number in the list, or says it is missing", async () => {
    const { rows, published } = contest(20, 1)
    const mine = rows[3]?.ref as string
    expect(await check.checkDraw(subtle, { ...published, mine }, csvOf(rows))).toMatchObject({
      correct: true,
    })
    const without = rows.filter((r) => r.ref !== mine)
    const result = await check.checkDraw(subtle, { ...published, mine, entryCount: 19 }, csvOf(without))
    expect(result.problems).toContain('mine')
  })

  it('refuses a file that is not an entry list', () => {
    expect(() => check.parseEntryList('name,email\nAnne,a@example.test')).toThrow('not an entry list')
  })
})
