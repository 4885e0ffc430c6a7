// One error handler: the same JSON shape for every API route, a friendly page for every HTML route.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { DomainError, InvalidInput } from '../errors.js'
import { hasKey, translate } from '../i18n/index.js'

export type ErrorBody = {
  error: {
    statusCode: number
    code: string
    message: string
    requestId: string
    details?: Array<{ path: string; message: string }>
    params?: Record<string, unknown>
  }
}

const JSON_PREFIXES = ['/api/', '/webhooks/', '/healthz', '/readyz', '/docs', '/__']

/** API clients get JSON; people in a browser get a page. */
export function wantsJson(request: FastifyRequest): boolean {
  if (JSON_PREFIXES.some((p) => request.url.startsWith(p))) return true
  const type = request.accepts().type(['html', 'json'])
  return type !== 'html'
}

export type Mapped = Omit<ErrorBody['error'], 'requestId'>

/** Errors the MongoDB driver and mongoose raise when the store cannot be reached right now. */
const STORE_UNAVAILABLE = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongooseServerSelectionError',
])

/** True for the store being away (a retry later can succeed), not for a bad query. */
export function isStoreUnavailable(err: unknown): boolean {
  type Link = { name?: string; cause?: unknown; errorResponse?: unknown }
  // A bulk write that failed as a whole carries the network error in `errorResponse`.
  for (let e = err as Link | undefined; e; e = (e.cause ?? e.errorResponse) as Link | undefined) {
    if (e.name && STORE_UNAVAILABLE.has(e.name)) return true
    // mongoose buffers a command while disconnected and gives up with this message.
    if (e.name === 'MongooseError' && /buffering timed out/.test(String((e as Error).message))) return true
  }
  return false
}

function fromFastifyCode(err: FastifyError, statusCode: number, message: string): Mapped {
  switch (err.code) {
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return { statusCode: 403, code: 'csrf', message }
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { statusCode: 413, code: 'payloadTooLarge', message }
    default:
      if (statusCode === 429) return { statusCode, code: 'rateLimited', message }
      if (statusCode >= 400 && statusCode < 500)
        return { statusCode, code: 'badRequest', message: err.message }
      return { statusCode: 500, code: 'internal', message }
  }
}

export function mapError(err: FastifyError, request: FastifyRequest): Mapped {
  const t = (key: string, params: Record<string, unknown> = {}) =>
    translate(request.locale ?? 'en', key, params)
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body'
    const details = err.validation.map((issue) => {
      const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.')
      return { path: path ? `${where}.${path}` : where, message: issue.message ?? 'invalid' }
    })
    return { statusCode: 400, code: 'validation', message: t('errors.validation'), details }
  }
  if (isResponseSerializationError(err))
    return { statusCode: 500, code: 'internal', message: t('errors.internal') }
  if (err instanceof DomainError) {
    const key = hasKey(`errors.${err.code}`) ? `errors.${err.code}` : null
    const message = key ? t(key, err.params) : err.message
    const details =
      err instanceof InvalidInput
        ? [{ path: err.field, message }]
        : err.reasons.length
          ? err.reasons.map((r) => ({ path: r.path, message: t(`errors.${r.code}`, r.params) }))
          : undefined
    return { statusCode: err.statusCode, code: err.code, message, details, params: err.params }
  }
  if (isStoreUnavailable(err))
    return { statusCode: 503, code: 'storeUnavailable', message: t('errors.storeUnavailable') }
  const statusCode = err.statusCode ?? 500
  const generic = fromFastifyCode(err, statusCode, '')
  return { ...generic, message: generic.message || t(`errors.${generic.code}`) }
}

async function sendError(reply: FastifyReply, mapped: Mapped) {
  const request = reply.request
  const body: ErrorBody = { error: { ...mapped, requestId: request.id } }
  reply.code(mapped.statusCode)
  // Callers that retry (Meta's webhooks, scripts) should do so soon; the store usually comes back.
  if (mapped.statusCode === 503) reply.header('retry-after', '30')
  if (wantsJson(request)) return reply.type('application/json').send(body)
  return reply.page('error', {
    title: translate(request.locale, 'errors.title'),
    status: mapped.statusCode,
    message: mapped.message,
    details: mapped.details,
    requestId: request.id,
  })
}

export default fp(
  async (app) => {
    app.setErrorHandler(async (err: FastifyError, request, reply) => {
      const mapped = mapError(err, request)
      // A person who is not logged in is sent to the login, and back here afterwards.
      if (mapped.statusCode === 401 && request.method === 'GET' && !wantsJson(request)) {
        request.session.set('returnTo', request.url)
        return reply.redirect('/auth/login', 303)
      }
      if (mapped.statusCode >= 500) request.log.error({ err }, 'request failed')
      else request.log.info({ code: mapped.code, statusCode: mapped.statusCode }, 'request refused')
      return sendError(reply, mapped)
    })
    app.setNotFoundHandler(async (request, reply) => {
      return sendError(reply, {
        statusCode: 404,
        code: 'notFound',
        message: translate(request.locale ?? 'en', 'errors.notFound'),
      })
    })
  },
  { name: 'errors', dependencies: ['views'] },
)
