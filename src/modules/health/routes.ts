// Liveness and readiness for orchestrators and load balancers.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'

const Health = z.object({ status: z.literal('ok') })
const Readiness = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({ mongodb: z.enum(['up', 'down']), redis: z.enum(['up', 'down']) }),
  down: z.array(z.string()).describe('Names of the dependencies that do not answer'),
})

const up = (p: Promise<unknown>) =>
  p.then(
    () => 'up' as const,
    () => 'down' as const,
  )

const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: { tags: ['health'], summary: 'The process is alive', response: { 200: Health } },
    },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'MongoDB and Redis answer',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const [mongodb, redis] = await Promise.all([up(app.store.ping()), up(app.redis.check())])
      const checks = { mongodb, redis }
      const down = Object.entries(checks)
        .filter(([, state]) => state === 'down')
        .map(([name]) => name)
      reply.code(down.length ? 503 : 200)
      return { status: down.length ? ('unavailable' as const) : ('ok' as const), checks, down }
    },
  )
}

export default healthRoutes
