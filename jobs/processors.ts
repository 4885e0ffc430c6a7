// One processor for every job in the job table (src/queues.ts): the type makes a missing one a
// compile error, and the worker checks again at start-up.
import type { FastifyInstance } from 'fastify'
import type { JobData, JobName } from '../src/queues.js'
import { applyCommentEvent } from './apply-comment-event.js'
import { backfillComments } from './backfill-comments.js'
import { checkPageTokens } from './check-page-tokens.js'
import { collectCommentEntries } from './collect-comment-entries.js'
import { collectInsights } from './collect-insights.js'
import { openCampaigns } from './open-campaigns.js'
import { pseudonymiseEntrants } from './pseudonymise-entrants.js'
import { publishPost } from './publish-post.js'
import { reclassifyComments } from './reclassify-comments.js'
import { reconcilePosts } from './reconcile-posts.js'
import { applyShopEvent, reconcileShop } from './shop-events.js'

/** What a processor gets besides its data: the worker's core app and the attempt it is on. */
export type JobContext = { app: FastifyInstance; attempt: number; maxAttempts: number; worker: string }

export type Processor<K extends JobName> = {
  /** How many of these one worker process runs at once. */
  concurrency: (app: FastifyInstance) => number
  run: (data: JobData[K], ctx: JobContext) => Promise<unknown>
}

export const PROCESSORS: { [K in JobName]: Processor<K> } = {
  'check-page-tokens': {
    concurrency: () => 1,
    run: (_data, { app }) => checkPageTokens({ pages: app.pages }),
  },
  'reconcile-posts': { concurrency: () => 1, run: (_data, { app }) => reconcilePosts({ posts: app.posts }) },
  'publish-post': {
    concurrency: (app) => app.config.POSTS_CONCURRENCY,
    run: (data, { app, ...context }) => publishPost(data, { posts: app.posts }, context),
  },
  'collect-comment-entries': {
    concurrency: () => 1,
    run: (data, { app }) => collectCommentEntries(data, { campaigns: app.campaigns }),
  },
  'open-campaigns': {
    concurrency: () => 1,
    run: (data, { app }) => openCampaigns(data, { campaigns: app.campaigns }),
  },
  'collect-all-comment-entries': {
    concurrency: () => 1,
    run: (_data, { app }) => collectCommentEntries({}, { campaigns: app.campaigns }),
  },
  'pseudonymise-entrants': {
    concurrency: () => 1,
    run: (_data, { app }) =>
      pseudonymiseEntrants(
        { retentionDays: app.config.CAMPAIGN_RETENTION_DAYS },
        { campaigns: app.campaigns },
      ),
  },
  'apply-event': {
    // Concurrent jobs' deliveries are applied together (apply-comment-event.ts), so this is also
    // how many deliveries can wait to go in the next run.
    concurrency: () => 16,
    run: (data, { app }) => applyCommentEvent(data, { comments: app.comments, campaigns: app.campaigns }),
  },
  backfill: {
    concurrency: () => 1,
    run: (data, { app }) => backfillComments(data, { comments: app.comments }),
  },
  reclassify: {
    concurrency: () => 1,
    run: (data, { app }) => reclassifyComments(data, { comments: app.comments }),
  },
  'goals-digest': { concurrency: () => 1, run: (_data, { app }) => app.goals.digestAll() },
  'attribute-orders': { concurrency: () => 1, run: (_data, { app }) => app.attribution.sync.syncAll() },
  'collect-insights': {
    concurrency: () => 1,
    run: (data, { app }) => collectInsights(data, { insights: app.insights, pages: app.pages }),
  },
  'apply-shop-event': {
    concurrency: () => 4,
    run: (data, { app }) => applyShopEvent(data, { shop: app.shop }),
  },
  'reconcile-shop': { concurrency: () => 1, run: (_data, { app }) => reconcileShop({ shop: app.shop }) },
}
