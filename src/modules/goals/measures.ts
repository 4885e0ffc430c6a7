// Measuring a goal's figure from Fanfare's data: the page's revenue from shop orders attributed to its
// posts, campaigns and kits, followers from page insights (page_follows), complaint response time
// from the inbox.
import { DateTime } from 'luxon'
import type { Attribution } from '../attribution/service.js'
import type { CommentsModule } from '../comments/index.js'
import type { Insights } from '../insights/service.js'
import type { Page } from '../pages/repository.js'
import type { GoalKind } from './model.js'

export type Measures = ReturnType<typeof createMeasures>

const day = (at: Date) => DateTime.fromJSDate(at, { zone: 'utc' }).toISODate() as string

/** The UTC weeks (Monday starts) from `from` to `to`, each with its end (exclusive). */
export function weeksBetween(from: Date, to: Date): Array<{ week: string; start: Date; end: Date }> {
  const weeks = []
  let start = DateTime.fromJSDate(from, { zone: 'utc' }).startOf('week')
  const last = DateTime.fromJSDate(to, { zone: 'utc' })
  while (start <= last && weeks.length < 60) {
    const end = start.plus({ weeks: 1 })
    weeks.push({ week: start.toFormat("kkkk-'W'WW"), start: start.toJSDate(), end: end.toJSDate() })
    start = end
  }
  return weeks
}

export function createMeasures(deps: {
  attribution: Attribution
  insights: Insights
  comments: CommentsModule
}) {
  const { attribution, insights, comments } = deps
  /**
   * A goal is set for one page, and pages may share one shop: only orders through the page's own
   * tracked links count. A Facebook order without Fanfare's code cannot be told apart by page.
   */
  const ordersOf = (page: Page, from: Date, to: Date) => ({ from, to, tracked: true, pageIds: [page.id] })

  async function followersAt(page: Page, at: Date): Promise<number | null> {
    const rows = await insights.series({
      pageIds: [page.id],
      metrics: ['page_follows'],
      from: day(new Date(at.getTime() - 35 * 86_400_000)),
      to: day(at),
    })
    return rows.at(-1)?.value ?? null
  }

  async function responseSeconds(page: Page, from: Date, to: Date): Promise<number | null> {
    const report = await comments.barometer.report({
      facebookPageIds: [page.facebookPageId],
      from: day(from),
      to: day(to),
      zone: page.timeZone ?? 'Europe/Amsterdam',
    })
    return report.response.medianSeconds
  }

  return {
    /**
     * The figure over [from, to): the page's attributed revenue (cents) in the period, followers at its end,
     * the median first response to complaints in it. Null when there is no data.
     */
    async figure(kind: GoalKind, page: Page, from: Date, to: Date): Promise<number | null> {
      if (kind === 'revenue') return (await attribution.sum(ordersOf(page, from, to))).revenueCents
      if (kind === 'followers') return followersAt(page, to)
      return responseSeconds(page, from, to)
    },

    /** One value per week from `from` to `to` (revenue per week; followers and response time at its end). */
    async weekly(
      kind: GoalKind,
      page: Page,
      from: Date,
      to: Date,
    ): Promise<Array<{ week: string; value: number | null }>> {
      const weeks = weeksBetween(from, to)
      if (kind === 'revenue') {
        const totals = new Map(
          (await attribution.totals(ordersOf(page, from, to), 'week')).map((t) => [t.key, t.revenueCents]),
        )
        return weeks.map((w) => ({ week: w.week, value: totals.get(w.week) ?? 0 }))
      }
      const recent = weeks.slice(-12)
      return Promise.all(
        recent.map(async (w) => ({
          week: w.week,
          value:
            kind === 'followers'
              ? await followersAt(page, new Date(Math.min(w.end.getTime(), to.getTime())))
              : await responseSeconds(page, w.start, new Date(w.end.getTime() - 1)),
        })),
      )
    },
  }
}
