// The app's services, built once from their dependencies; shared by the web server and the worker.
import { hkdfSync } from 'node:crypto'
import type { Config } from './config.js'
import type { Database } from './db.js'
import type { GraphClient, GraphClientConfig, GraphLogger } from './graph/index.js'
import { createAuditLog } from './modules/audit/service.js'
import { createCommentEntryService } from './modules/campaigns/comment-entries.js'
import { createEntryService } from './modules/campaigns/entries.js'
import { createPollService } from './modules/campaigns/poll.js'
import { createPrivacyService } from './modules/campaigns/privacy.js'
import { createQuizService } from './modules/campaigns/quiz.js'
import { createCampaignService } from './modules/campaigns/service.js'
import { createLiveFeed } from './modules/comments/live.js'
import { createCommentService } from './modules/comments/service.js'
import { createPageService } from './modules/pages/service.js'
import { createPostImport } from './modules/posts/import.js'
import { createPublishQueue } from './modules/posts/publish-queue.js'
import { createPublisher } from './modules/posts/publisher.js'
import { createReconciler } from './modules/posts/reconciler.js'
import { createPostService } from './modules/posts/service.js'
import { createTeamService } from './modules/team/service.js'
import { createTokenService } from './modules/tokens/service.js'
import type { Queues } from './queues.js'
import { createSecretBox } from './security/secret-box.js'

export type ServiceDeps = {
  config: Config
  db: Database
  graph: GraphClient
  queues: Queues
  log?: { warn(obj: object, msg: string): void }
  /** test seam of the publisher, see createPublisher */
  afterGraphCall?: (postId: string) => Promise<void> | void
}

export function createServices(deps: ServiceDeps) {
  const { models } = deps.db
  const { config, graph } = deps
  const audit = createAuditLog(models)
  const userTokens = createSecretBox(config.secretKey, 'user tokens')
  const pageTokens = createSecretBox(config.secretKey, 'page tokens')
  const team = createTeamService({ models, audit, userTokens })
  const pages = createPageService({ models, audit, team, graph, pageTokens })
  const publishQueue = createPublishQueue(deps.queues.posts)
  const posts = createPostService({ config, models, audit, pages, queue: publishQueue, log: deps.log })
  pages.onConnected((page) => posts.releaseHeld(page._id))
  const campaigns = createCampaignService({
    models,
    audit,
    pages,
    seeds: createSecretBox(deps.config.secretKey, 'campaign draw seeds'),
  })
  const pseudonymKey = Buffer.from(
    hkdfSync('sha256', deps.config.secretKey, Buffer.alloc(0), 'fanfare entrant pseudonyms', 32),
  )
  const campaignEntries = createEntryService({
    models,
    audit,
    campaigns,
    originKey: Buffer.from(
      hkdfSync('sha256', deps.config.secretKey, Buffer.alloc(0), 'fanfare entry origins', 32),
    ),
    pseudonymKey,
  })
  const comments = createCommentService({
    models,
    audit,
    pages,
    graph: deps.graph,
    queues: deps.queues,
    live: createLiveFeed(deps.config.REDIS_URL, deps.config.QUEUE_PREFIX),
    appSecret: deps.config.FACEBOOK_APP_SECRET,
  })
  pages.onConnected((page) => comments.onPageConnected(page))
  return {
    audit,
    team,
    tokens: createTokenService(models, audit),
    pages,
    posts,
    postImport: createPostImport({ models, audit, pages, posts, horizonDays: config.POSTS_HORIZON_DAYS }),
    publisher: createPublisher({
      models,
      pages,
      graph,
      audit,
      leaseMs: config.POSTS_LEASE_MS,
      graphTimeoutMs: config.GRAPH_TIMEOUT_MS,
      afterGraphCall: deps.afterGraphCall,
    }),
    reconciler: createReconciler({ models, queue: publishQueue, posts }),
    campaigns,
    campaignQuiz: createQuizService({ models }),
    campaignEntries,
    campaignPolls: createPollService({ models, entries: campaignEntries }),
    campaignComments: createCommentEntryService({
      models,
      pages,
      graph: deps.graph,
      entries: campaignEntries,
    }),
    campaignPrivacy: createPrivacyService({ models, pseudonymKey }),
    comments,
  }
}

export type Services = ReturnType<typeof createServices>

/** The Graph client's settings from Fanfare's configuration. */
export function graphConfig(config: Config, logger: GraphLogger): GraphClientConfig {
  return {
    baseUrl: config.GRAPH_BASE_URL,
    apiVersion: config.GRAPH_API_VERSION,
    appId: config.FACEBOOK_APP_ID,
    appSecret: config.FACEBOOK_APP_SECRET,
    timeoutMs: config.GRAPH_TIMEOUT_MS,
    logger,
  }
}
