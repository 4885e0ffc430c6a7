// Reading posts: one, a filtered list, a page's week, how full a day is, and rule checks for an import.
import { setImmediate } from 'node:timers/promises'
import { DateTime } from 'luxon'
import { InvalidInput, NotFound } from '../../errors.js'
import type { Page } from '../pages/repository.js'
import type { PageService } from '../pages/service.js'
import { type PostLabel, PROMOTIONAL_LABELS } from './model.js'
import { loadPlan, rulesOf } from './plan.js'
import type { Post, PostRepository } from './repository.js'
import { createPlanIndex, type RuleCheck } from './rules.js'
import { localDay, localLabel, localWeek, resolveTime } from './schedule-time.js'
import type { ListQuery } from './schemas.js'

/** Rows of an import checked before the event loop gets a turn. */
const IMPORT_ROWS_PER_TURN = 25

/** The seven local days of a week, with the days daylight saving shortens or lengthens marked. */
function daysOf(start: DateTime, posts: Post[], zone: string) {
  return Array.from({ length: 7 }, (_, i) => {
    const day = start.plus({ days: i })
    const hours = day.plus({ days: 1 }).diff(day, 'hours').hours
    return {
      date: day.toISODate() as string,
      weekday: day.weekday,
      dst: hours === 23 ? ('forward' as const) : hours === 25 ? ('back' as const) : null,
      posts: posts.filter((p) => localDay(p.scheduledAt as Date, zone) === day.toISODate()),
    }
  })
}

export function createQueries(deps: { posts: PostRepository; pages: PageService }) {
  const { posts, pages } = deps

  return {
    async find(id: string): Promise<Post> {
      const post = await posts.find(id)
      if (!post) throw new NotFound('posts.notFound')
      return post
    },

    /** The page a post lives on, or null when there is no such post (for the page scope). */
    async pageOf(id: string): Promise<{ pageId: string } | null> {
      const post = await posts.find(id)
      return post ? { pageId: post.pageId } : null
    },

    /** `scope`: only the posts of these pages (null: every page, for admins). */
    list(query: ListQuery, scope: string[] | null = null): Promise<{ posts: Post[]; total: number }> {
      const { page, limit, ...filter } = query
      return posts.list(scope ? { ...filter, pageIds: scope } : filter, page, limit)
    },

    /** What a marketer's home lists: the next posts on these pages (Fanfare page ids). */
    upcoming: (pageIds: string[], limit = 5): Promise<Post[]> => posts.upcoming(pageIds, new Date(), limit),

    /** The posts of one local week of the page, Monday to Sunday. */
    async week(pageId: string, anyDay?: string) {
      const page = await pages.find(pageId)
      const zone = page.timeZone
      const start = (anyDay ? DateTime.fromISO(anyDay, { zone }) : DateTime.now().setZone(zone)).startOf(
        'week',
      )
      const end = start.plus({ weeks: 1 })
      const found = await posts.dueBetween(page.id, start.toJSDate(), end.toJSDate())
      return {
        page,
        start: start.toISODate() as string,
        previous: start.minus({ weeks: 1 }).toISODate() as string,
        next: end.toISODate() as string,
        week: start.toFormat("kkkk-'W'WW"),
        days: daysOf(start, found, zone),
      }
    },

    /** What the compose form shows while a time is chosen: that day's posts against the caps. */
    async dayLoad(pageId: string, at: string) {
      const page = await pages.find(pageId)
      const zone = page.timeZone
      const resolved = resolveTime(at, zone)
      if (!resolved) throw new InvalidInput('at', 'posts.badTime')
      const plan = await loadPlan(posts, page.id, [resolved.at])
      const day = localDay(resolved.at, zone)
      const sameDay = plan.filter((p) => localDay(p.at, zone) === day)
      const week = localWeek(resolved.at, zone)
      const promos = plan.filter(
        (p) => PROMOTIONAL_LABELS.includes(p.label) && localWeek(p.at, zone) === week,
      )
      return {
        day,
        local: resolved.local,
        dst: resolved.dst,
        postsThatDay: sameDay.length,
        maxPostsPerDay: page.maxPostsPerDay,
        promoPostsThatWeek: promos.length,
        maxPromoPostsPerWeek: page.maxPromoPostsPerWeek ?? 3,
        posts: sameDay.map((p) => ({ id: p.id, time: localLabel(p.at, zone), label: p.label })),
      }
    },

    /** Checks rows of an import in order against the plan; the caller decides what to save. */
    async checkImportRows(
      page: Page,
      rows: Array<{ at: Date; label: PostLabel; message: string }>,
    ): Promise<RuleCheck[]> {
      const plan = await loadPlan(
        posts,
        page.id,
        rows.map((r) => r.at),
      )
      const index = createPlanIndex(rulesOf(page), plan)
      const checks: RuleCheck[] = []
      for (const [i, row] of rows.entries()) {
        // Let other requests in between rows (health checks, the inbox) while a big file is checked.
        if (i > 0 && i % IMPORT_ROWS_PER_TURN === 0) await setImmediate()
        const candidate = { id: `row-${i}`, ...row }
        const check = index.check(candidate)
        if (check.violations.length === 0) index.add(candidate)
        checks.push(check)
      }
      return checks
    },
  }
}

export type Queries = ReturnType<typeof createQueries>
