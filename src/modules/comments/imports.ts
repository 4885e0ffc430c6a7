// Comment imports through Graph (backfill): on connect, on demand, and hourly to catch what webhooks
// missed; progress is kept on the run and shown live on the inbox.
import { DateTime } from 'luxon'
import { NotFound } from '../../errors.js'
import type { GraphClient } from '../../graph/index.js'
import { enqueue, type Queues } from '../../queues.js'
import type { Page } from '../pages/repository.js'
import type { PageService } from '../pages/service.js'
import type { CommentApplier } from './apply.js'
import { createTally } from './barometer-counting.js'
import type { BarometerRepository } from './barometer-repository.js'
import type { CommentImport, ImportRepository } from './import-repository.js'
import type { LiveFeed } from './live.js'
import type { CommentChange } from './webhook.js'

/** Comments applied in one bulk read and write (Graph's page of comments). */
const APPLY_CHUNK = 100

/** Days a newly connected page imports. */
export const CONNECT_IMPORT_DAYS = 30

export function createImports(deps: {
  imports: ImportRepository
  counters: Pick<BarometerRepository, 'move'>
  applier: Pick<CommentApplier, 'applyAll'>
  pages: Pick<PageService, 'findByFacebookId' | 'withPageToken' | 'list'>
  graph: Pick<GraphClient, 'listFeed' | 'listComments'>
  live: LiveFeed
  queues?: Queues
}) {
  const { imports, counters, applier, pages, graph, live, queues } = deps

  async function progress(id: string, set: Parameters<ImportRepository['progress']>[1], inc = {}) {
    const now = await imports.progress(id, set, inc)
    if (now) {
      const { facebookPageId, state, posts, postsDone } = now
      await live.publish({ type: 'import', facebookPageId, state, posts, postsDone })
    }
    return now as CommentImport
  }

  /** Every comment of the page's posts since the run's start date, applied like webhook changes. */
  async function importPosts(run: CommentImport, page: Page) {
    await pages.withPageToken(page, async (token) => {
      const posts = []
      for await (const post of graph.listFeed(page.facebookPageId, token, { since: run.since, limit: 25 }))
        posts.push(post)
      await progress(run.id, { posts: posts.length })
      for (const post of posts) {
        const tally = createTally(counters)
        const announcements: (() => Promise<void>)[] = []
        let chunk: CommentChange[] = []
        let count = 0
        // A chunk at a time, as a webhook delivery is applied: one read and one write of its comments.
        const applyChunk = async () => {
          if (chunk.length === 0) return
          announcements.push((await applier.applyAll(page.facebookPageId, chunk, tally)).announce)
          count += chunk.length
          chunk = []
        }
        for await (const c of graph.listComments(post.id, token, { filter: 'stream', limit: APPLY_CHUNK })) {
          chunk.push({
            item: 'comment',
            verb: 'add',
            created_time: Math.floor((c.createdTime?.getTime() ?? Date.now()) / 1000),
            post_id: post.id,
            comment_id: c.id,
            parent_id: c.parentId ?? post.id,
            message: c.message,
            from: c.from ? { id: c.from.id, name: c.from.name } : undefined,
          })
          if (chunk.length >= APPLY_CHUNK) await applyChunk()
        }
        await applyChunk()
        await tally.flush()
        for (const announce of announcements) await announce()
        await progress(run.id, {}, { postsDone: 1, comments: count })
      }
    })
  }

  async function runImport(importId: string): Promise<CommentImport> {
    const run = await imports.start(importId)
    if (!run) throw new NotFound('comments.importNotFound')
    try {
      await importPosts(run, await pages.findByFacebookId(run.facebookPageId))
      return await progress(run.id, { state: 'done', finishedAt: new Date() })
    } catch (err) {
      await progress(run.id, {
        state: 'failed',
        finishedAt: new Date(),
        error: (err as Error).message.slice(0, 300),
      })
      throw err
    }
  }

  async function startImport(
    facebookPageId: string,
    reason: 'connect' | 'schedule' | 'manual',
    days: number,
  ): Promise<CommentImport> {
    const page = await pages.findByFacebookId(facebookPageId)
    const run = await imports.create(page.facebookPageId, reason, DateTime.utc().minus({ days }).toJSDate())
    if (!queues) throw new Error('the comments queue is not available in this process')
    await enqueue(
      queues,
      'backfill',
      { importId: run.id },
      { jobId: `backfill:${run.id}`, removeOnComplete: 50, removeOnFail: 50 },
    )
    return run
  }

  return {
    startImport,
    runImport,

    /** Worker, on schedule: every connected page imports its last few days. */
    async importAllPages(days: number): Promise<{ pages: number }> {
      const list = await pages.list()
      for (const page of list) {
        const run = await imports.create(
          page.facebookPageId,
          'schedule',
          DateTime.utc().minus({ days }).toJSDate(),
        )
        try {
          await runImport(run.id)
        } catch {
          // One page's broken token must not stop the others; the run shows the error.
        }
      }
      return { pages: list.length }
    },

    /** The latest import per page, newest first. */
    async latest(): Promise<CommentImport[]> {
      const seen = new Set<string>()
      return (await imports.latest(50)).filter(
        (r) => !seen.has(r.facebookPageId) && seen.add(r.facebookPageId),
      )
    },

    /** A newly connected page imports its last 30 days. */
    async onPageConnected(page: Page): Promise<void> {
      if (!queues) return
      await startImport(page.facebookPageId, 'connect', CONNECT_IMPORT_DAYS)
    },
  }
}

export type Imports = ReturnType<typeof createImports>
