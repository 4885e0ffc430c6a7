// The barometer's report: sentiment per day and week, complaint categories, list words and response times.
import { DateTime } from 'luxon'
import type { BarometerRepository } from './barometer-repository.js'
import type { InboxRepository } from './inbox-repository.js'
import { CATEGORIES, SENTIMENTS } from './model.js'
import { quantile } from './response-time.js'

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

export function createBarometer(deps: {
  counters: Pick<BarometerRepository, 'days' | 'words'>
  inbox: Pick<InboxRepository, 'answered'>
}) {
  const { counters, inbox } = deps
  return {
    /** Counters for days `from`..`to` (yyyy-MM-dd, page time), and response times of that period. */
    async report(filter: {
      facebookPageIds: string[]
      from: string
      to: string
      zone: string
    }): Promise<BarometerReport> {
      const pages = filter.facebookPageIds.map(String)
      const rows = await counters.days(pages, filter.from, filter.to)
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
      const words = await counters.words(pages, weeks)
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
      const answered = await inbox.answered(pages, fromUtc, toUtc)
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
