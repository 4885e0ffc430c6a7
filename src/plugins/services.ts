// Connects MongoDB, Redis and the queues once per app and closes them when the app closes.
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { connectDatabase, type Database } from '../db.js'
import { createGraphClient, type GraphClient } from '../graph/index.js'
import { closeQueues, createQueues, type Queues } from '../queues.js'
import { connectRedis, type RedisClient } from '../redis.js'
import { createServices, graphConfig, type Services } from '../services.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    db: Database
    redis: RedisClient
    queues: Queues
    services: Services
    graph: GraphClient
  }
}

export default fp(
  async (app, opts: { config: Config }) => {
    app.decorate('config', opts.config)
    const db = await connectDatabase(opts.config.MONGODB_URI)
    app.decorate('db', db)
    const redis = connectRedis(opts.config.REDIS_URL)
    app.decorate('redis', redis)
    const queues = createQueues({
      redisUrl: opts.config.REDIS_URL,
      prefix: opts.config.QUEUE_PREFIX,
      retryBaseMs: opts.config.POSTS_RETRY_BASE_MS,
      onError: (name, err) => app.log.warn({ queue: name, err: err.message }, 'queue connection problem'),
    })
    app.decorate('queues', queues)
    const graph = createGraphClient(graphConfig(opts.config, app.log))
    app.decorate('graph', graph)
    app.decorate('services', createServices({ config: opts.config, db, graph, queues, log: app.log }))
    app.addHook('onClose', async () => {
      await closeQueues(queues, true)
      await app.services.comments.live.close()
      redis.disconnect()
      await db.close()
    })
  },
  { name: 'app-services' },
)
