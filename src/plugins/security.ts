// Security defaults for every route: headers, session cookie, CSRF on forms, rate limits.
import { hkdfSync } from 'node:crypto'
import csrf from '@fastify/csrf-protection'
import formbody from '@fastify/formbody'
import rateLimit from '@fastify/rate-limit'
import secureSession from '@fastify/secure-session'
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import helmet, { type HelmetOptions } from 'helmet'
import qs from 'qs'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on routes that take no form (JSON API with a bearer token, webhooks): no CSRF check. */
    skipCsrf?: boolean
  }
}

/** Methods that change nothing, so need no CSRF proof. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The bearer token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(request: FastifyRequest): string | null {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? null
}

/**
 * The security headers helmet would set, worked out once: they depend on the configuration only
 * (no nonces), and @fastify/helmet rebuilt helmet's middleware, CSP included, on every request
 * (about 5 % of a redirect's CPU).
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const res = {
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = value
    },
    removeHeader: () => {},
  }
  helmet(options)({} as never, res as never, () => {})
  return headers
}

export default fp(
  async (app) => {
    const { config } = app
    const secure = config.publicUrl.startsWith('https://')
    const headers = securityHeaders({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'https:'],
          connectSrc: ["'self'"],
          formAction: ["'self'", config.FACEBOOK_DIALOG_URL],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: secure ? [] : null,
        },
      },
      hsts: secure,
    })
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers)
      done()
    })
    // Repeatable form rows are named `questions[0][textNl]`; qs nests them back into the body's shape.
    // Limits: 100 rows per list (a quiz has at most 50 questions of 6 answers), 5 levels deep.
    await app.register(formbody, {
      bodyLimit: 1024 * 1024,
      parser: (body) => qs.parse(body, { arrayLimit: 100, depth: 5, parameterLimit: 5000 }),
    })
    await app.register(secureSession, {
      key: Buffer.from(hkdfSync('sha256', config.secretKey, Buffer.alloc(0), 'fanfare session cookie', 32)),
      cookieName: 'fanfare_session',
      expiry: 7 * 24 * 3600,
      cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure },
    })
    await app.register(csrf, {
      sessionPlugin: '@fastify/secure-session',
      getToken: (req) => {
        const body = req.body as Record<string, unknown> | undefined
        const fromBody = body && typeof body._csrf === 'string' ? body._csrf : undefined
        return fromBody ?? (req.headers['x-csrf-token'] as string | undefined)
      },
    })
    await app.register(rateLimit, {
      global: false,
      redis: app.redis,
      nameSpace: `${config.QUEUE_PREFIX}:ratelimit:`,
      // While Redis is away, let requests through rather than failing every login.
      skipOnError: true,
    })
    // Before validation: the zod schemas strip unknown fields such as _csrf from the body.
    app.addHook('preValidation', (request, reply, done) => {
      if (
        SAFE_METHODS.has(request.method) ||
        request.routeOptions.config.skipCsrf ||
        // A bearer token is no ambient credential, so CSRF cannot apply.
        bearerToken(request) !== null
      ) {
        return done()
      }
      app.csrfProtection(request, reply, done)
    })
  },
  { name: 'security', dependencies: ['queues'] },
)
