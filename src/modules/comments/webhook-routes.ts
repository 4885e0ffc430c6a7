// GET /webhooks/facebook answers Meta's verification; POST takes signed page feed changes and answers fast.
import { timingSafeEqual } from 'node:crypto'
import rateLimit from '@fastify/rate-limit'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Forbidden } from '../../errors.js'

const VerifyQuery = z.object({
  'hub.mode': z.string().max(50).optional(),
  'hub.verify_token': z.string().max(500).optional(),
  'hub.challenge': z.string().max(200).optional(),
})

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config } = app
  const { comments } = app

  // Limited per web process, in its memory: Redis would add a round trip to every acknowledgement,
  // and a flood is the only thing to stop (what is not signed is refused before anything is stored).
  await app.register(rateLimit, {
    global: true,
    max: config.WEBHOOK_RATE_LIMIT_PER_MINUTE,
    timeWindow: '1 minute',
  })

  // The signature covers the exact bytes, so this scope keeps JSON bodies raw.
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: config.WEBHOOK_BODY_LIMIT_BYTES },
    (_request, body, done) => done(null, body),
  )

  app.get(
    '/webhooks/facebook',
    { config: { access: 'public' }, schema: { querystring: VerifyQuery, hide: true } },
    async (request, reply) => {
      const q = request.query
      if (
        q['hub.mode'] !== 'subscribe' ||
        !sameSecret(q['hub.verify_token'] ?? '', config.WEBHOOK_VERIFY_TOKEN)
      )
        throw new Forbidden('comments.badVerifyToken')
      return reply.type('text/plain; charset=utf-8').send(q['hub.challenge'] ?? '')
    },
  )

  app.post(
    '/webhooks/facebook',
    {
      bodyLimit: config.WEBHOOK_BODY_LIMIT_BYTES,
      config: {
        access: 'public',
        // Meta is no member: no session or token to look up before the signature is checked.
        identify: false,
        skipCsrf: true,
      },
      schema: { hide: true },
    },
    async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
      const signature = request.headers['x-hub-signature-256']
      const result = await comments.intake.receive(raw, Array.isArray(signature) ? signature[0] : signature)
      return reply.code(200).send({ received: result.events })
    },
  )
}

export default webhookRoutes
