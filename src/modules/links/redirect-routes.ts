// `/r/:code`: the short redirect every tracked link points at. It reads memory (else the store) and
// hands the click to the batched writer; Redis, the worker and the session check are not on its path.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { NotFound } from '../../errors.js'

const CodeParams = z.object({ code: z.string().regex(/^[A-Za-z0-9]{8}$/, 'expected a link code') })

const redirectRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/r/:code',
    { config: { access: 'public', identify: false }, schema: { params: CodeParams, hide: true } },
    async (request, reply) => {
      const header = (name: string) => {
        const v = request.headers[name]
        return Array.isArray(v) ? v.join(',') : v
      }
      const followed = await app.links.clicks.follow(request.params.code, {
        method: request.method,
        userAgent: header('user-agent'),
        purpose: header('sec-purpose') ?? header('purpose') ?? header('x-purpose') ?? header('x-moz'),
        ip: request.ip,
      })
      if (!followed) throw new NotFound('linkNotFound')
      // Every visit must reach Fanfare to be counted; search engines need not index the short link.
      reply.header('cache-control', 'private, no-store')
      reply.header('x-robots-tag', 'noindex')
      reply.header('referrer-policy', 'strict-origin-when-cross-origin')
      return reply.redirect(followed.url, 302)
    },
  )
}

export default redirectRoutes
