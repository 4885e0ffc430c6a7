// Collecting page and post insights every day, and reading them back per page and metric.
import type { FastifyBaseLogger } from 'fastify'
import type { GraphClient } from '../../graph/index.js'
import type { Page } from '../pages/repository.js'
import type { PageService } from '../pages/service.js'
import type { PostsModule } from '../posts/index.js'
import { askDefensively } from './collect.js'
import { PAGE_METRICS, POST_METRICS } from './model.js'
import type { InsightRepository, InsightValue } from './repository.js'

const DAY_MS = 86_400_000
/** A refused metric is asked for again after a month, in case Meta brings it back. */
const REFUSED_FOR_MS = 30 * DAY_MS
/** Posts whose lifetime insights are refreshed: published in the last 28 days. */
const POST_WINDOW_DAYS = 28

/** Graph's end_time is the end of the day it counts (midnight Pacific): the day before, in UTC. */
const dayOf = (endTime: Date | null) =>
  endTime ? new Date(endTime.getTime() - 12 * 3600_000).toISOString().slice(0, 10) : 'lifetime'

export function createInsights(deps: {
  repo: InsightRepository
  graph: GraphClient
  pages: PageService
  posts: PostsModule
  log: FastifyBaseLogger
}) {
  const { repo, graph, pages, posts, log } = deps

  async function refusedSet(): Promise<Set<string>> {
    return new Set((await repo.refusedNow()).map((r) => r.metric))
  }

  async function remember(refused: Array<{ metric: string; message: string }>) {
    for (const r of refused) {
      log.warn(
        { metric: r.metric },
        'Graph refused an insights metric; it is not asked for again for 30 days',
      )
      await repo.refuse(r.metric, r.message, new Date(Date.now() + REFUSED_FOR_MS))
    }
  }

  async function collectPage(page: Page, days: number): Promise<{ values: number; refused: string[] }> {
    const skip = await refusedSet()
    const until = new Date()
    const since = new Date(until.getTime() - days * DAY_MS)
    return pages.withPageToken(page, async (token) => {
      const rows: InsightValue[] = []
      const refusedNow: string[] = []
      const pageAsk = await askDefensively(
        (metrics) => graph.insights(page.facebookPageId, token, { metrics, period: 'day', since, until }),
        PAGE_METRICS.filter((m) => !skip.has(m)),
      )
      for (const m of pageAsk.answers)
        for (const v of m.values)
          rows.push({
            pageId: page.id,
            objectId: page.facebookPageId,
            metric: m.name,
            day: dayOf(v.endTime),
            value: v.value,
          })
      await remember(pageAsk.refused)
      refusedNow.push(...pageAsk.refused.map((r) => r.metric))

      const recent = await posts.queries.list(
        {
          pageId: page.id,
          status: 'published',
          from: new Date(Date.now() - POST_WINDOW_DAYS * DAY_MS),
          to: undefined,
          authorId: undefined,
          page: 1,
          limit: 200,
        },
        null,
      )
      const postMetrics = POST_METRICS.filter((m) => !skip.has(m) && !refusedNow.includes(m))
      for (const post of recent.posts) {
        if (!post.graphPostId) continue
        const postAsk = await askDefensively(
          (metrics) => graph.insights(post.graphPostId as string, token, { metrics, period: 'lifetime' }),
          postMetrics.filter((m) => !refusedNow.includes(m)),
        )
        for (const m of postAsk.answers) {
          const last = m.values.at(-1)
          if (last)
            rows.push({
              pageId: page.id,
              objectId: post.graphPostId,
              metric: m.name,
              day: 'lifetime',
              value: last.value,
            })
        }
        await remember(postAsk.refused)
        refusedNow.push(...postAsk.refused.map((r) => r.metric))
      }
      await repo.save(rows)
      return { values: rows.length, refused: refusedNow }
    })
  }

  return {
    collectPage,

    /** The daily job: every connected page with a working token, the last `days` days. */
    async collectAll(days = 3): Promise<{ pages: number; values: number }> {
      let values = 0
      let done = 0
      for (const page of await pages.list()) {
        if (page.tokenStatus !== 'ok') continue
        try {
          values += (await collectPage(page, days)).values
          done++
        } catch (err) {
          log.warn(
            { err: (err as Error).message, pageId: page.id },
            'insights could not be collected for a page',
          )
        }
      }
      return { pages: done, values }
    },

    series: repo.series,
    lifetime: repo.lifetime,
    refused: () => repo.refusedNow(),
  }
}

export type Insights = ReturnType<typeof createInsights>
