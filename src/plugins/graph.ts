// The Graph API client, configured once per process.
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import {
  createGraphClient,
  type GraphClient,
  type GraphClientConfig,
  type GraphLogger,
} from '../graph/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    graph: GraphClient
  }
}

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

export default fp(
  async (app) => {
    app.decorate('graph', createGraphClient(graphConfig(app.config, app.log)))
  },
  { name: 'graph', dependencies: ['store'] },
)
