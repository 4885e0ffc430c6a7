// The queue dashboard (bull-board) for admins at /admin/queues: waiting, delayed, failed jobs, retries.

import { join } from 'node:path'
import { createBullBoard } from '@bull-board/api'
import { BullAdapter } from '@bull-board/api/bullAdapter'
import { FastifyAdapter } from '@bull-board/fastify'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { translate } from '../i18n/index.js'
import { projectRoot } from '../paths.js'
import type { Access } from './auth.js'
import { bearerToken, SAFE_METHODS } from './security.js'

export const QUEUE_DASHBOARD_PATH = '/admin/queues'

/** bull-board's page carries one inline style block; everything else stays as strict as the app's. */
const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'"

/**
 * bull-board's page loads its fonts (IBM Plex Sans and Mono, SIL Open Font License) from Google
 * Fonts, which the CSP refuses and which would tell Google who opens the dashboard. They are
 * self-hosted from the @fontsource packages instead: the page's link is rewritten to these.
 */
const FONT_PATH = `${QUEUE_DASHBOARD_PATH}-fonts`
const FONT_FAMILIES = ['ibm-plex-sans', 'ibm-plex-mono'] as const
const FONT_STYLESHEETS = [
  'ibm-plex-sans/latin-400.css',
  'ibm-plex-sans/latin-500.css',
  'ibm-plex-sans/latin-600.css',
  'ibm-plex-mono/latin-400.css',
  'ibm-plex-mono/latin-500.css',
]
const GOOGLE_FONTS_LINK = /<link href="https:\/\/fonts\.googleapis\.com\/[^"]*" rel="stylesheet">/
const selfHostedFontLinks = FONT_STYLESHEETS.map(
  (sheet) => `<link href="${FONT_PATH}/${sheet}" rel="stylesheet">`,
).join('')

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
  app.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', DASHBOARD_CSP)
      if (typeof payload === 'string') return payload.replace(GOOGLE_FONTS_LINK, selfHostedFontLinks)
    }
    return payload
  })
  for (const family of FONT_FAMILIES) {
    await app.register(fastifyStatic, {
      root: join(projectRoot, 'node_modules', '@fontsource', family),
      prefix: `${FONT_PATH}/${family}/`,
      decorateReply: false,
      // The stylesheets and their font files only, not the package's other files.
      allowedPath: (path) => /^\/(latin-[0-9]{3}\.css|files\/[a-z0-9-]+\.woff2?)$/.test(path),
      maxAge: '7d',
    })
  }
  await app.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH })
}
