// View models of goals: figures in the person's language and unit, and the chart's data.
import type { Locale } from '../../i18n/index.js'
import type { GoalView } from './schemas.js'

export function formatFigure(unit: GoalView['unit'], value: number | null, locale: Locale): string {
  if (value === null) return '—'
  const tag = locale === 'nl' ? 'nl-NL' : 'en-GB'
  if (unit === 'cents')
    return new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR' }).format(value / 100)
  if (unit === 'seconds') {
    const minutes = Math.round(value / 60)
    return minutes >= 120 ? `${Math.round(minutes / 6) / 10} h` : `${minutes} min`
  }
  return new Intl.NumberFormat(tag).format(value)
}

export function presentGoal(view: GoalView, locale: Locale) {
  const f = (v: number | null) => formatFigure(view.unit, v, locale)
  const scale = (v: number | null) =>
    v === null ? null : view.unit === 'cents' ? v / 100 : view.unit === 'seconds' ? Math.round(v / 60) : v
  return {
    ...view,
    kindLabel: `goals.kinds.${view.kind}`,
    trendLabel: `goals.trends.${view.trend}`,
    baselineText: f(view.baseline),
    actualText: f(view.actual),
    targetText: f(view.target),
    revenueText: formatFigure('cents', view.revenueCents, locale),
    startDay: view.startAt.slice(0, 10),
    deadlineDay: view.deadline.slice(0, 10),
    baselineFromDay: view.baselineFrom.slice(0, 10),
    baselineToDay: view.baselineTo.slice(0, 10),
    progressBar: Math.min(view.progressPercent, 100),
    contributors: view.contributors.map((c) => ({
      ...c,
      kindLabel: `goals.contributorKinds.${c.kind}`,
      revenueText: formatFigure('cents', c.revenueCents, locale),
    })),
    /** For the chart script (Chart.js): weeks, and baseline → actual → target in display units. */
    chart: JSON.stringify({
      labels: view.series.map((p) => p.week),
      actual: view.series.map((p) => scale(p.actual)),
      target: view.series.map((p) => scale(p.target)),
      baseline: view.series.map(() => (view.kind === 'revenue' ? null : scale(view.baseline))),
      goal: scale(view.target),
      unit: view.unit,
    }),
  }
}
