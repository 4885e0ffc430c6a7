// The app's services, built once from their dependencies; shared by the web server and the worker.
import type { Config } from './config.js'
import type { Database } from './db.js'
import type { GraphClient, GraphClientConfig, GraphLogger } from './graph/index.js'
import { createAuditLog } from './modules/audit/service.js'
import { createLiveFeed } from './modules/comments/live.js'
import { createCommentService } from './modules/comments/service.js'
import { createPageService } from './modules/pages/service.js'
import { createTeamService } from './modules/team/service.js'
import { createTokenService } from './modules/tokens/service.js'
import type { Queues } from './queues.js'
import { createSecretBox } from './security/secret-box.js'

export function createServices(deps: { config: Config; db: Database; graph: GraphClient; queues?: Queues }) {
  const { models } = deps.db
  const audit = createAuditLog(models)
  const userTokens = createSecretBox(deps.config.secretKey, 'user tokens')
  const pageTokens = createSecretBox(deps.config.secretKey, 'page tokens')
  const team = createTeamService({ models, audit, userTokens })
  const pages = createPageService({ models, audit, team, graph: deps.graph, pageTokens })
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
