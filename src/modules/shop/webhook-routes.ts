// POST /webhooks/shop/{connection id}: the shop's signed webhooks, kept raw for the signature check.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ConnectionParams } from './schemas.js'

const shopWebhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config } = app
  const { webhooks } = app.shop

  // The signatures cover the exact bytes, so this scope keeps bodies raw.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: config.WEBHOOK_BODY_LIMIT_BYTES },
    (_r, body, done) => done(null, body),
  )

  app.post(
    '/webhooks/shop/:connectionId',
    {
      bodyLimit: config.WEBHOOK_BODY_LIMIT_BYTES,
      config: {
        access: 'public',
        skipCsrf: true,
        rateLimit: { max: config.SHOP_WEBHOOK_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' },
      },
      schema: { params: ConnectionParams, hide: true },
    },
    async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
      const outcome = await webhooks.receive(request.params.connectionId, raw, {
        request: request.raw,
        response: reply.raw,
      })
      return reply.code(200).send(outcome)
    },
  )
}

export default shopWebhookRoutes
