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
  /** List words per week; `tone` from the sign of the word's weight in the page's list. */
  words: Array<{ week: string; term: string; count: number; tone: WordTone }>
  /** The period's list words by tone, most frequent first: what drives the balance either way. */
  drivers: {
    positive: Array<{ term: string; count: number }>
    negative: Array<{ term: string; count: number }>
  }
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

export type WordTone = 'positive' | 'negative' | 'neutral'

/** A period longer than this is cut at its start (a chart of years of days helps nobody). */
const MAX_DAYS = 366

/** Every day from `from` to `to` (yyyy-MM-dd), so a day without comments is a zero, not a gap. */
export function daysBetween(from: string, to: string): string[] {
  const end = DateTime.fromISO(to, { zone: 'UTC' })
  let day = DateTime.fromISO(from, { zone: 'UTC' })
  if (!day.isValid || !end.isValid || day > end) return []
  if (end.diff(day, 'days').days >= MAX_DAYS) day = end.minus({ days: MAX_DAYS - 1 })
  const days: string[] = []
  for (; day <= end; day = day.plus({ days: 1 })) days.push(day.toISODate() as string)
  return days
}

const weekOf = (day: string) => DateTime.fromISO(day, { zone: 'UTC' }).toFormat("kkkk-'W'WW")

export function createBarometer(deps: {
  counters: Pick<BarometerRepository, 'days' | 'words'>
  inbox: Pick<InboxRepository, 'answered'>
  /** The page's word list, for the tone of each counted word. */
  wordsOf: (facebookPageId: string) => Promise<{ words: readonly { term: string; weight: number }[] }>
}) {
  const { counters, inbox, wordsOf } = deps

  async function tones(pages: string[]): Promise<Map<string, WordTone>> {
    const lists = await Promise.all(pages.map((p) => wordsOf(p)))
    const tone = new Map<string, WordTone>()
    for (const { words } of lists)
      for (const w of words)
        if (!tone.has(w.term))
          tone.set(w.term, w.weight > 0 ? 'positive' : w.weight < 0 ? 'negative' : 'neutral')
    return tone
  }
  return {
    /** Counters for days `from`..`to` (yyyy-MM-dd, page time), and response times of that period. */
    async report(filter: {
      facebookPageIds: string[]
      from: string
      to: string
      zone: string
    }): Promise<BarometerReport> {
      const pages = filter.facebookPageIds.map(String)
      const [rows, toneOf] = await Promise.all([counters.days(pages, filter.from, filter.to), tones(pages)])
      const byDay = new Map<string, BarometerReport['days'][number]>()
      const byWeek = new Map<string, BarometerReport['weeks'][number]>()
      const emptyDay = (day: string) => ({
        day,
        total: 0,
        positive: 0,
        neutral: 0,
        negative: 0,
        complaints: 0,
        categories: Object.fromEntries(CATEGORIES.map((c) => [c, 0])),
      })
      const emptyWeek = (week: string) => ({ week, total: 0, positive: 0, neutral: 0, negative: 0 })
      // Every day and week of the period is there, those without comments as zeros.
      for (const day of daysBetween(filter.from, filter.to)) {
        byDay.set(day, emptyDay(day))
        if (!byWeek.has(weekOf(day))) byWeek.set(weekOf(day), emptyWeek(weekOf(day)))
      }
      const categories = new Map<string, number>(CATEGORIES.map((c) => [c, 0]))
      for (const row of rows) {
        const day = byDay.get(row.day) ?? emptyDay(row.day)
        const week = byWeek.get(row.week) ?? emptyWeek(row.week)
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
      const wordRows = new Map<string, BarometerReport['words'][number]>()
      const drivers = { positive: new Map<string, number>(), negative: new Map<string, number>() }
      for (const w of words) {
        const key = `${w.week} ${w.term}`
        const tone = toneOf.get(w.term) ?? 'neutral'
        const row = wordRows.get(key) ?? { week: w.week, term: w.term, count: 0, tone }
        row.count += w.count ?? 0
        wordRows.set(key, row)
        if (tone !== 'neutral') drivers[tone].set(w.term, (drivers[tone].get(w.term) ?? 0) + (w.count ?? 0))
      }
      const ranked = (m: Map<string, number>) =>
        [...m.entries()]
          .filter(([, count]) => count > 0)
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .map(([term, count]) => ({ term, count }))
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
      const byKey = <T>(m: Map<string, T>) =>
        [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v)
      return {
        days: byKey(byDay),
        weeks: byKey(byWeek),
        categories: [...categories.entries()].map(([category, count]) => ({ category, count })),
        words: [...wordRows.values()],
        drivers: { positive: ranked(drivers.positive), negative: ranked(drivers.negative) },
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
