import { describe, expect, it } from 'vitest'
import { GraphError } from '../../src/graph/errors.js'
import { retryDelayMs } from '../../src/queues.js'

describe('retry back-off of publish jobs', () => {
  it('waits as long as Graph asked when it said how long (usage headers, rate limits)', () => {
    const limited = new GraphError({ kind: 'rate_limited', message: 'slow down', retryAfterMs: 7 * 60_000 })
    expect(retryDelayMs(1, limited)).toBe(7 * 60_000)
  })

  it('doubles from the base wait otherwise, up to five minutes', () => {
    const transient = new GraphError({ kind: 'transient', message: 'try again' })
    expect([1, 2, 3].map((n) => retryDelayMs(n, transient, 1_000))).toEqual([1_000, 2_000, 4_000])
    expect(retryDelayMs(20, transient, 1_000)).toBe(5 * 60_000)
  })

  it('never waits longer than fifteen minutes, whatever Graph says', () => {
    const limited = new GraphError({
      kind: 'rate_limited',
      message: 'come back tomorrow',
      retryAfterMs: 86_400_000,
    })
    expect(retryDelayMs(1, limited)).toBe(15 * 60_000)
  })
})
