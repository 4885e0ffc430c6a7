// The barometer: counters moved with $inc upserts as comments are classified, and reports read from them.
import { DateTime } from 'luxon'
import type { Models } from '../../models.js'
import type { BarometerDayDoc, BarometerWordDoc } from './barometer-model.js'
import { CATEGORIES, type CommentDoc, SENTIMENTS } from './model.js'
import { quantile } from './response-time.js'

/** What one comment adds to the counters. */
export type Counted = {
  day: string
  week: string
  sentiment: string
  category: string | null
  words: string[]
}

export function countedFor(
  at: Date,
  zone: string,
  verdict: { sentiment: string; category: string | null; complaint: boolean },
  words: string[],
): Counted {
  const local = DateTime.fromJSDate(at, { zone })
  return {
    day: local.toISODate() as string,
    week: local.toFormat("kkkk-'W'WW"),
    sentiment: verdict.sentiment,
    category: verdict.complaint ? (verdict.category ?? 'other') : null,
    words,
  }
}

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000

/** An $inc upsert; two first writers racing on the same key make one of them retry as an update. */
async function incUpsert(update: (upsert: boolean) => Promise<unknown>): Promise<void> {
  try {
    await update(true)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    await update(true)
  }
}

export type BarometerReport = {
  days: Array<{
    day: string
    total: number
    positive: number
    neutral: number
    negative: number
    complaints: number
    categories: Record<string, number>
  }>
  weeks: Array<{ week: string; total: number; positive: number; neutral: number; negative: number }>
  categories: Array<{ category: string; count: number }>
  words: Array<{ week: string; term: string; count: number }>
  response: {
    answered: number
    medianSeconds: number | null
    p90Seconds: number | null
    byModerator: Array<{
      name: string
      answered: number
      medianSeconds: number | null
      p90Seconds: number | null
    }>
  }
}

export function createBarometer(models: Models) {
  async function move(facebookPageId: string, counted: Counted, by: 1 | -1): Promise<void> {
    const inc: Record<string, number> = { total: by, [counted.sentiment]: by }
    if (counted.category) {
      inc.complaints = by
      inc[`categories.${counted.category}`] = by
    }
    await incUpsert((upsert) =>
      models.barometerDays.updateOne(
        { _id: `${facebookPageId}|${counted.day}` },
        { $inc: inc, $setOnInsert: { facebookPageId, day: counted.day, week: counted.week } },
        { upsert },
      ),
    )
    for (const term of counted.words) {
      await incUpsert((upsert) =>
        models.barometerWords.updateOne(
          { _id: `${facebookPageId}|${counted.week}|${term}` },
          { $inc: { count: by }, $setOnInsert: { facebookPageId, week: counted.week, term } },
          { upsert },
        ),
      )
    }
  }

  return {
    /** Takes back what a comment counted before and adds what it counts now. */
    async recount(facebookPageId: string, before: Counted | null, after: Counted | null): Promise<void> {
      if (before && after && JSON.stringify(before) === JSON.stringify(after)) return
      if (before) await move(facebookPageId, before, -1)
      if (after) await move(facebookPageId, after, 1)
    },

    /** Counters for days `from`..`to` (yyyy-MM-dd, page time), and response times of that period. */
    async report(filter: {
      facebookPageIds: string[]
      from: string
      to: string
      zone: string
    }): Promise<BarometerReport> {
      const pages = filter.facebookPageIds.map(String)
      const rows = await models.barometerDays
        .find({ facebookPageId: { $in: pages }, day: { $gte: filter.from, $lte: filter.to } })
        .sort({ day: 1 })
        .lean<BarometerDayDoc[]>()
      const byDay = new Map<string, BarometerReport['days'][number]>()
      const byWeek = new Map<string, BarometerReport['weeks'][number]>()
      const categories = new Map<string, number>(CATEGORIES.map((c) => [c, 0]))
      for (const row of rows) {
        const day = byDay.get(row.day) ?? {
          day: row.day,
          total: 0,
          positive: 0,
          neutral: 0,
          negative: 0,
          complaints: 0,
          categories: Object.fromEntries(CATEGORIES.map((c) => [c, 0])),
        }
        const week = byWeek.get(row.week) ?? {
          week: row.week,
          total: 0,
          positive: 0,
          neutral: 0,
          negative: 0,
        }
        day.total += row.total ?? 0
        day.complaints += row.complaints ?? 0
        week.total += row.total ?? 0
        for (const s of SENTIMENTS) {
          day[s] += row[s] ?? 0
          week[s] += row[s] ?? 0
        }
        const cats = (row.categories ?? {}) as Record<string, number | undefined>
        for (const c of CATEGORIES) {
          day.categories[c] = (day.categories[c] ?? 0) + (cats[c] ?? 0)
          categories.set(c, (categories.get(c) ?? 0) + (cats[c] ?? 0))
        }
        byDay.set(row.day, day)
        byWeek.set(row.week, week)
      }
      const weeks = [...byWeek.keys()]
      const words = await models.barometerWords
        .find({ facebookPageId: { $in: pages }, week: { $in: weeks }, count: { $gt: 0 } })
        .sort({ week: 1, count: -1 })
        .lean<BarometerWordDoc[]>()
      const wordRows = new Map<string, { week: string; term: string; count: number }>()
      for (const w of words) {
        const key = `${w.week} ${w.term}`
        const row = wordRows.get(key) ?? { week: w.week, term: w.term, count: 0 }
        row.count += w.count ?? 0
        wordRows.set(key, row)
      }
      const fromUtc = DateTime.fromISO(filter.from, { zone: filter.zone }).startOf('day').toJSDate()
      const toUtc = DateTime.fromISO(filter.to, { zone: filter.zone }).endOf('day').toJSDate()
      // Only answered comments of the period are read, with two fields each.
      const answered = await models.comments
        .find(
          { facebookPageId: { $in: pages }, firstResponseAt: { $gte: fromUtc, $lte: toUtc } },
          { responseSeconds: 1, firstResponseBy: 1 },
        )
        .lean<Pick<CommentDoc, 'responseSeconds' | 'firstResponseBy'>[]>()
      const all: number[] = []
      const perModerator = new Map<string, number[]>()
      for (const c of answered) {
        if (c.responseSeconds === null || c.responseSeconds === undefined) continue
        all.push(c.responseSeconds)
        const name = c.firstResponseBy?.userId ? (c.firstResponseBy.name ?? '?') : ''
        const list = perModerator.get(name) ?? []
        list.push(c.responseSeconds)
        perModerator.set(name, list)
      }
      const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
      return {
        days: [...byDay.values()],
        weeks: [...byWeek.values()],
        categories: [...categories.entries()].map(([category, count]) => ({ category, count })),
        words: [...wordRows.values()],
        response: {
          answered: all.length,
          medianSeconds: quantile(sorted(all), 0.5),
          p90Seconds: quantile(sorted(all), 0.9),
          byModerator: [...perModerator.entries()].map(([name, xs]) => ({
            name,
            answered: xs.length,
            medianSeconds: quantile(sorted(xs), 0.5),
            p90Seconds: quantile(sorted(xs), 0.9),
          })),
        },
      }
    },
  }
}

export type Barometer = ReturnType<typeof createBarometer>
