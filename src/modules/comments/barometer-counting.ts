// What a comment counts on the barometer, and the counter moves of the comment changes that landed.
// A comment records what it counted (`counted`); only the conditional update that changed that
// record moves the counters, by the difference, so each change of each comment counts exactly once.
import { DateTime } from 'luxon'
import type { BarometerRepository, DayMove, WordMove } from './barometer-repository.js'
import type { Counted } from './comment-repository.js'

export type { Counted }

/**
 * The local day and ISO week of an instant in a zone, remembered per zone and minute (a zone's
 * offset only changes on a whole minute): a delivery's comments mostly share a few minutes.
 */
const dayWeekCache = new Map<string, { day: string; week: string }>()
function dayAndWeek(at: Date, zone: string): { day: string; week: string } {
  const key = `${zone}|${Math.floor(at.getTime() / 60_000)}`
  let known = dayWeekCache.get(key)
  if (!known) {
    const local = DateTime.fromJSDate(at, { zone })
    known = { day: local.toISODate() as string, week: local.toFormat("kkkk-'W'WW") }
    if (dayWeekCache.size > 10_000) dayWeekCache.clear()
    dayWeekCache.set(key, known)
  }
  return known
}

export function countedFor(
  at: Date,
  zone: string,
  verdict: { sentiment: string; category: string | null; complaint: boolean },
  words: string[],
): Counted {
  const { day, week } = dayAndWeek(at, zone)
  return {
    day,
    week,
    sentiment: verdict.sentiment,
    category: verdict.complaint ? (verdict.category ?? 'other') : null,
    words,
  }
}

const sameCount = (a: Counted | null, b: Counted | null) =>
  a === b || (a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b))

/**
 * Collects the counter moves of several comment changes and writes them as one batch of $inc
 * upserts (a delivery of 50 comments on one day moves that day's counter once, by 50).
 */
export function createTally(repository: Pick<BarometerRepository, 'move'>) {
  const days = new Map<string, DayMove>()
  const words = new Map<string, WordMove>()

  function add(facebookPageId: string, counted: Counted, by: 1 | -1) {
    const dayKey = `${facebookPageId}|${counted.day}`
    const day = days.get(dayKey) ?? { facebookPageId, day: counted.day, week: counted.week, inc: {} }
    const bump = (field: string) => {
      day.inc[field] = (day.inc[field] ?? 0) + by
    }
    bump('total')
    bump(counted.sentiment)
    if (counted.category) {
      bump('complaints')
      bump(`categories.${counted.category}`)
    }
    days.set(dayKey, day)
    for (const term of counted.words) {
      const key = `${facebookPageId}|${counted.week}|${term}`
      const word = words.get(key) ?? { facebookPageId, week: counted.week, term, by: 0 }
      word.by += by
      words.set(key, word)
    }
  }

  return {
    /** A comment's record went from `before` to `after` in a write that landed. */
    recount(facebookPageId: string, before: Counted | null, after: Counted | null): void {
      if (sameCount(before, after)) return
      if (before) add(facebookPageId, before, -1)
      if (after) add(facebookPageId, after, 1)
    },

    async flush(): Promise<void> {
      const dayMoves = [...days.values()]
        .map((d) => ({ ...d, inc: Object.fromEntries(Object.entries(d.inc).filter(([, n]) => n !== 0)) }))
        .filter((d) => Object.keys(d.inc).length > 0)
      const wordMoves = [...words.values()].filter((w) => w.by !== 0)
      days.clear()
      words.clear()
      await repository.move(dayMoves, wordMoves)
    },
  }
}

export type Tally = ReturnType<typeof createTally>
