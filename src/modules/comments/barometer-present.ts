// The barometer as the page, its SVG charts and the CSV show it.
import { csvRow } from '../../csv.js'
import { type Locale, translate } from '../../i18n/index.js'
import { humanDay } from '../../i18n/time.js'
import type { BarometerReport } from './barometer.js'
import { SENTIMENTS } from './model.js'
import { duration } from './present.js'
import type { AgreementRow } from './verdict-corrections.js'

/** What /assets/charts.js draws: labels and series, each with a tone that picks its colour. */
export type ChartSpec = {
  kind: 'stacked' | 'bars' | 'hbars'
  labels: string[]
  series: Array<{ label: string; tone: string; data: number[] }>
}

/** The day chart: positive, neutral and negative per day, days without comments as zeros. */
export function dayChart(days: BarometerReport['days'], locale: Locale): ChartSpec {
  return {
    kind: 'stacked',
    labels: days.map((d) => humanDay(d.day, locale)),
    series: SENTIMENTS.map((s) => ({
      label: translate(locale, `comments.sentiments.${s}`),
      tone: s,
      data: days.map((d) => d[s]),
    })),
  }
}

export function categoryChart(categories: BarometerReport['categories'], locale: Locale): ChartSpec {
  return {
    kind: 'hbars',
    labels: categories.map((c) => translate(locale, `comments.categories.${c.category}`)),
    series: [
      {
        label: translate(locale, 'comments.complaints'),
        tone: 'brand',
        data: categories.map((c) => c.count),
      },
    ],
  }
}

/** The words that drive the balance, one chart per tone, most frequent first. */
export function driverChart(
  words: Array<{ term: string; count: number }>,
  tone: 'positive' | 'negative',
  locale: Locale,
): ChartSpec {
  const top = words.slice(0, 10)
  return {
    kind: 'hbars',
    labels: top.map((w) => w.term),
    series: [{ label: translate(locale, 'comments.count'), tone, data: top.map((w) => w.count) }],
  }
}

/** RFC 4180 CSV, every cell through the one shared csvCell (formulas neutralised). */
export function toCsv(rows: (string | number | null)[][]): string {
  return `${rows.map(csvRow).join('\r\n')}\r\n`
}

export function barometerCsv(report: BarometerReport): string {
  const rows: (string | number | null)[][] = [
    [
      'day',
      'total',
      'positive',
      'neutral',
      'negative',
      'complaints',
      ...Object.keys(report.days[0]?.categories ?? {}),
    ],
  ]
  for (const d of report.days) {
    rows.push([
      d.day,
      d.total,
      d.positive,
      d.neutral,
      d.negative,
      d.complaints,
      ...Object.values(d.categories),
    ])
  }
  rows.push([])
  rows.push(['week', 'term', 'count'])
  for (const w of report.words) rows.push([w.week, w.term, w.count])
  rows.push([])
  rows.push(['moderator', 'answered', 'median_seconds', 'p90_seconds'])
  rows.push(['(all)', report.response.answered, report.response.medianSeconds, report.response.p90Seconds])
  for (const m of report.response.byModerator)
    rows.push([m.name || '(outside Fanfare)', m.answered, m.medianSeconds, m.p90Seconds])
  return toCsv(rows)
}

/** The barometer page: bars, totals of the period, response times as durations, the CSV link. */
const percent = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`)

/** Per page and month: how often moderators kept the verdict, complaint precision and recall. */
export function agreementRows(
  rows: readonly AgreementRow[],
  list: ReadonlyArray<{ facebookPageId: string; name: string }>,
) {
  const names = new Map(list.map((p) => [p.facebookPageId, p.name]))
  return rows.map((row) => ({
    page: names.get(row.facebookPageId) ?? row.facebookPageId,
    month: row.month,
    reviewed: row.reviewed,
    agreement: percent(row.agreement),
    precision: percent(row.complaintPrecision),
    recall: percent(row.complaintRecall),
  }))
}

export function barometerView(
  r: BarometerReport & {
    from: string
    to: string
    list: Array<{ facebookPageId: string; name: string }>
    agreement: AgreementRow[]
  },
  page: string | undefined,
  locale: Locale,
) {
  const totals = r.days.reduce(
    (t, d) => ({
      positive: t.positive + d.positive,
      neutral: t.neutral + d.neutral,
      negative: t.negative + d.negative,
    }),
    { positive: 0, neutral: 0, negative: 0 },
  )
  const search = new URLSearchParams({ from: r.from, to: r.to, ...(page ? { page } : {}) })
  return {
    filter: { page, from: r.from, to: r.to },
    pages: r.list.map((p) => ({ id: p.facebookPageId, name: p.name })),
    days: r.days.map((d) => ({ ...d, label: humanDay(d.day, locale), quiet: d.total === 0 })),
    dayChart: dayChart(r.days, locale),
    categories: r.categories,
    categoryChart: categoryChart(r.categories, locale),
    weeks: r.weeks,
    words: r.words,
    drivers: {
      positive: r.drivers.positive,
      negative: r.drivers.negative,
      positiveChart: driverChart(r.drivers.positive, 'positive', locale),
      negativeChart: driverChart(r.drivers.negative, 'negative', locale),
    },
    totals,
    response: {
      answered: r.response.answered,
      median: duration(r.response.medianSeconds),
      p90: duration(r.response.p90Seconds),
      byModerator: r.response.byModerator.map((m) => ({
        name: m.name,
        answered: m.answered,
        median: duration(m.medianSeconds),
        p90: duration(m.p90Seconds),
      })),
    },
    csvUrl: `/barometer.csv?${search}`,
    agreement: agreementRows(r.agreement, r.list),
  }
}
