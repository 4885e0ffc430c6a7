// The queue dashboard (bull-board) for admins at /admin/queues: waiting, delayed, failed jobs, retries.
import { createBullBoard } from '@bull-board/api'
import { BullAdapter } from '@bull-board/api/bullAdapter'
import { FastifyAdapter } from '@bull-board/fastify'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { translate } from '../i18n/index.js'
import type { Access } from './auth.js'
import { bearerToken, SAFE_METHODS } from './security.js'

export const QUEUE_DASHBOARD_PATH = '/admin/queues'

/** bull-board's page carries one inline style block; everything else stays as strict as the app's. */
const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'"

/** Not wrapped in fastify-plugin: the admin-only rule and the relaxed style policy stay in here. */
export default async function queueDashboard(app: FastifyInstance) {
  const serverAdapter = new FastifyAdapter()
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH)
  createBullBoard({
    queues: Object.values(app.queues).map((queue) => new BullAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Fanfare' } },
  })
  // bull-board answers errors with its own handler, so the admin check happens here, not by throwing:
  // the routes are "public" to the app's check and this hook (after the user is known) decides.
  const checkedHere: Access = 'public'
  // bull-board's UI sends its mutating calls (retry, clean, pause…) without the app's CSRF token.
  // They are protected by the origin instead: a browser always sends Origin on a PUT or POST, and
  // another site cannot forge it, so only calls from Fanfare's own pages get through.
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object), access: checkedHere, skipCsrf: true } as typeof route.config
  })
  const ownOrigin = new URL(app.config.publicUrl).origin
  const fromOwnPages = (request: FastifyRequest) => {
    // As everywhere else: a bearer token is no ambient credential, so no forged request can carry it.
    if (bearerToken(request) !== null) return true
    const origin = request.headers.origin
    if (origin) return origin === ownOrigin
    return request.headers['sec-fetch-site'] === 'same-origin'
  }
  app.addHook('onRequest', async (request, reply) => {
    if (!request.user) {
      if (request.method === 'GET' && !request.url.includes('/api/')) {
        request.session.set('returnTo', request.url)
        return reply.redirect('/auth/login', 303)
      }
      return reply.code(401).send({
        error: {
          statusCode: 401,
          code: 'unauthorized',
          message: translate(request.locale, 'errors.unauthorized'),
          requestId: request.id,
        },
      })
    }
    if (request.user.role !== 'admin') {
      return reply.code(403).send({
        error: {
          statusCode: 403,
          code: 'forbidden',
          message: translate(request.locale, 'errors.forbidden'),
          requestId: request.id,
        },
      })
    }
    if (!SAFE_METHODS.has(request.method) && !fromOwnPages(request)) {
      return reply.code(403).send({
        error: {
          statusCode: 403,
          code: 'csrf',
          message: translate(request.locale, 'errors.csrf'),
          requestId: request.id,
        },
      })
    }
  })
  app.addHook('onSend', async (_request, reply) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', DASHBOARD_CSP)
    }
  })
  await app.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH })
}
