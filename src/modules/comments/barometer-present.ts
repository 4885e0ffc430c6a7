// The barometer as the page, its SVG charts and the CSV show it.
import { csvRow } from '../../csv.js'
import type { BarometerReport } from './barometer.js'
import { duration } from './present.js'
import type { AgreementRow } from './verdict-corrections.js'

const BAR_WIDTH = 600

/** Day bars as SVG rectangles (no inline styles: the CSP allows none). */
export function dayBars(days: BarometerReport['days']) {
  const max = Math.max(1, ...days.map((d) => d.total))
  return days.map((d, i) => {
    const scale = BAR_WIDTH / max
    const pos = Math.round(d.positive * scale)
    const neu = Math.round(d.neutral * scale)
    const neg = Math.round(d.negative * scale)
    return {
      ...d,
      y: i * 24,
      labelY: i * 24 + 15,
      positiveX: 90,
      positiveW: pos,
      neutralX: 90 + pos,
      neutralW: neu,
      negativeX: 90 + pos + neu,
      negativeW: neg,
      totalX: 96 + pos + neu + neg,
    }
  })
}

export function categoryBars(categories: BarometerReport['categories']) {
  const max = Math.max(1, ...categories.map((c) => c.count))
  return categories.map((c, i) => ({
    ...c,
    y: i * 24,
    labelY: i * 24 + 15,
    width: Math.round((c.count * 400) / max),
    countX: 176 + Math.round((c.count * 400) / max),
  }))
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
) {
  const days = dayBars(r.days)
  const categories = categoryBars(r.categories)
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
    days,
    dayChartHeight: Math.max(24, days.length * 24),
    categories,
    categoryChartHeight: categories.length * 24,
    weeks: r.weeks,
    words: r.words,
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
