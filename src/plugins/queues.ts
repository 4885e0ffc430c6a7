// Redis (readiness, rate limits, live feeds) and the bull queues, closed when the app closes.
import fp from 'fastify-plugin'
import { closeQueues, createQueues, type Queues } from '../queues.js'
import { connectRedis, type RedisClient } from '../redis.js'

declare module 'fastify' {
  interface FastifyInstance {
    redis: RedisClient
    queues: Queues
  }
}

export default fp(
  async (app) => {
    const { config } = app
    const redis = connectRedis(config.REDIS_URL)
    app.decorate('redis', redis)
    const queues = createQueues({
      redisUrl: config.REDIS_URL,
      prefix: config.QUEUE_PREFIX,
      retryBaseMs: config.POSTS_RETRY_BASE_MS,
      onError: (name, err) => app.log.warn({ queue: name, err: err.message }, 'queue connection problem'),
    })
    app.decorate('queues', queues)
    app.addHook('onClose', async () => {
      // The worker closes its queues itself first, letting running jobs finish.
      await closeQueues(queues, true)
      redis.disconnect()
    })
  },
  { name: 'queues', dependencies: ['store'] },
)
