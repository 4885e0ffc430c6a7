// A goal's dashboard: baseline → actual → target per week, standing, and what contributed most.
import { DateTime } from 'luxon'
import type { Attribution } from '../attribution/service.js'
import type { LinksModule } from '../links/index.js'
import type { Page } from '../pages/repository.js'
import type { PostsModule } from '../posts/index.js'
import type { Measures } from './measures.js'
import { standingOf } from './progress.js'
import type { Goal } from './repository.js'
import type { GoalView } from './schemas.js'

const UNIT = { revenue: 'cents', followers: 'followers', response_time: 'seconds' } as const
const day = (at: Date) => DateTime.fromJSDate(at, { zone: 'utc' }).toISODate() as string

export function createDashboard(deps: {
  measures: Measures
  attribution: Attribution
  links: LinksModule
  posts: PostsModule
}) {
  const { measures, attribution, links, posts } = deps

  async function postLabel(postId: string): Promise<string> {
    try {
      return (await posts.queries.find(postId)).message.slice(0, 80)
    } catch {
      return postId
    }
  }

  /**
   * The page's posts, campaigns and kits with the most revenue (then clicks) since the goal started:
   * only the page's own links and orders, so two pages sharing a shop each see their own.
   * People are never ranked here: an ambassador's clicks and orders count for their kit as a whole.
   * The issue forbids points or rewards for sharing (Meta's rules) and kits list people by name, not
   * by result; a top list of employees would be exactly such a ranking. Each person sees their own
   * figures on the kit, and the marketer everyone's there, sorted by name.
   */
  async function contributors(goal: Goal, page: Page): Promise<GoalView['contributors']> {
    const from = goal.startAt
    const period = { from: day(from) }
    const ofPage = { from, tracked: true, pageIds: [page.id] }
    const [byPost, byCampaign, byKit, linkRows] = await Promise.all([
      attribution.totals(ofPage, 'postId'),
      attribution.totals(ofPage, 'campaignId'),
      attribution.totals(ofPage, 'kitId'),
      links.report.links({ pageIds: [page.id] }, period),
    ])
    type Row = GoalView['contributors'][number]
    const rows = new Map<string, Row>()
    const row = (kind: Row['kind'], id: string, label: string) => {
      const key = `${kind}:${id}`
      const existing = rows.get(key) ?? { kind, id, label, clicks: 0, orders: 0, revenueCents: 0 }
      rows.set(key, existing)
      return existing
    }
    for (const l of linkRows) {
      if (l.postId) row('post', l.postId, l.label).clicks += l.clicks
      else if (l.campaignId) row('campaign', l.campaignId, l.label).clicks += l.clicks
      else if (l.kitId) row('kit', l.kitId, l.label).clicks += l.clicks
    }
    const add = (kind: Row['kind'], totals: Awaited<ReturnType<Attribution['totals']>>) => {
      for (const t of totals) {
        if (!t.key) continue
        const r = row(kind, t.key, rows.get(`${kind}:${t.key}`)?.label ?? t.key)
        r.orders += t.orders
        r.revenueCents += t.revenueCents
      }
    }
    add('post', byPost)
    add('campaign', byCampaign)
    add('kit', byKit)
    const top = [...rows.values()]
      .filter((r) => r.clicks > 0 || r.orders > 0)
      .sort((a, b) => b.revenueCents - a.revenueCents || b.clicks - a.clicks)
      .slice(0, 10)
    for (const r of top) if (r.kind === 'post' && r.label === r.id) r.label = await postLabel(r.id)
    return top
  }

  return {
    async view(goal: Goal, page: Page, now = new Date()): Promise<Omit<GoalView, 'digest'>> {
      const until = now < goal.deadline ? now : goal.deadline
      const [actual, weekly, tracked, contributorRows, clickRows] = await Promise.all([
        measures.figure(goal.kind, page, goal.startAt, until),
        measures.weekly(goal.kind, page, goal.startAt, until),
        attribution.sum({ from: goal.startAt, tracked: true, pageIds: [page.id] }),
        contributors(goal, page),
        // The page's links: its posts', its campaigns' and its kits' (ambassadors' links carry the kit's page).
        links.report.links({ pageIds: [page.id] }, { from: day(goal.startAt) }),
      ])
      const values = weekly.map((w) => w.value)
      const standing = standingOf({
        ...goal,
        actual,
        now,
        weekly: values.filter((v): v is number => v !== null),
      })
      // The target line: revenue grows to the target over the period; levels move from baseline to target.
      const span = goal.deadline.getTime() - goal.startAt.getTime()
      let cumulative = 0
      const series = weekly.map((w) => {
        const at = DateTime.fromISO(w.week, { zone: 'utc' }).plus({ weeks: 1 }).toJSDate()
        const share = Math.min(Math.max((at.getTime() - goal.startAt.getTime()) / span, 0), 1)
        if (goal.kind === 'revenue') cumulative += w.value ?? 0
        return {
          week: w.week,
          actual: goal.kind === 'revenue' ? cumulative : w.value,
          target: Math.round(
            goal.kind === 'revenue'
              ? goal.target * share
              : goal.baseline + (goal.target - goal.baseline) * share,
          ),
        }
      })
      return {
        id: goal.id,
        pageId: goal.pageId,
        kind: goal.kind,
        title: goal.title,
        startAt: goal.startAt.toISOString(),
        deadline: goal.deadline.toISOString(),
        unit: UNIT[goal.kind],
        baseline: goal.baseline,
        baselineSource: goal.baselineSource as 'measured' | 'entered',
        baselineFrom: goal.baselineFrom.toISOString(),
        baselineTo: goal.baselineTo.toISOString(),
        target: goal.target,
        actual,
        ...standing,
        clicks: clickRows.reduce((n, l) => n + l.clicks, 0),
        orders: tracked.orders,
        revenueCents: tracked.revenueCents,
        series,
        contributors: contributorRows,
      }
    },
  }
}

export type Dashboard = ReturnType<typeof createDashboard>
