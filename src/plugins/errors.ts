// One error handler: the same JSON shape for every API route, a friendly page for every HTML route.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { DomainError, InvalidInput } from '../errors.js'
import { errorSummary, type FormSpec, fieldPathOf, issueKey, issueMessage, labelOf } from '../form-errors.js'
import { hasKey, type Locale, translate } from '../i18n/index.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An HTML form route: a refused submit shows this form again, errors inline, input kept. */
    form?: FormSpec
  }
  interface FastifyRequest {
    /** The form body as the person sent it, before the schema parsed it (see `form`). */
    formInput?: Record<string, unknown>
  }
}

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
    const locale = request.locale ?? 'en'
    const details = err.validation.map((issue) => {
      const path = fieldPathOf(issue.instancePath)
      return { path: path ? `${where}.${path}` : where, message: issueMessage(issue, locale) }
    })
    // Nothing wrong but Meta's promotion rules: refused as a rule (422) naming the first, like any rule.
    const rules = err.validation.map((issue) => issueKey(issue).key)
    if (rules.every((key) => key.startsWith('errors.campaigns.metaRule.')))
      return {
        statusCode: 422,
        code: (rules[0] as string).slice('errors.'.length),
        message: details[0]?.message ?? '',
        details,
      }
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

/** Refusals a person can fix on the form itself (a stale CSRF token too: the new page has a fresh one). */
const FORM_STATUSES = new Set([400, 403, 409, 413, 422])

/**
 * A refused form, shown again: the person's input, every problem inline next to its field and
 * listed at the top (linking to the field); a problem of no field the form has goes in the list only.
 */
export function formErrorsOf(mapped: Mapped, labels: Record<string, string>, locale: Locale) {
  const errors: Record<string, string> = {}
  const general: string[] = []
  for (const detail of mapped.details ?? []) {
    const path = detail.path.replace(/^body\.?/, '')
    if (path && labelOf(labels, path, locale))
      errors[path] = errors[path] ? `${errors[path]} ${detail.message}` : detail.message
    else general.push(detail.message)
  }
  if (!mapped.details?.length) general.push(mapped.message)
  return { errors, errorSummary: errorSummary(errors, general, labels, locale) }
}

async function showFormAgain(reply: FastifyReply, form: FormSpec, mapped: Mapped) {
  const request = reply.request
  const input = (request.formInput ?? request.body ?? {}) as Record<string, unknown>
  const { template, model } = await form.render(request, input)
  const { _csrf: _token, ...values } = input
  return reply.page(template, { values, ...model, ...formErrorsOf(mapped, form.labels, request.locale) })
}

async function sendError(reply: FastifyReply, mapped: Mapped) {
  const request = reply.request
  const body: ErrorBody = { error: { ...mapped, requestId: request.id } }
  reply.code(mapped.statusCode)
  // Callers that retry (Meta's webhooks, scripts) should do so soon; the store usually comes back.
  if (mapped.statusCode === 503) reply.header('retry-after', '30')
  if (wantsJson(request)) return reply.type('application/json').send(body)
  const form = request.routeOptions.config?.form
  if (form && FORM_STATUSES.has(mapped.statusCode) && mapped.code !== 'forbidden')
    return showFormAgain(reply, form, mapped)
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
    // The zod schema replaces the body with what it parsed; a refused form is shown with the original.
    app.addHook('preValidation', async (request) => {
      if (request.routeOptions.config?.form && request.body && typeof request.body === 'object')
        request.formInput = request.body as Record<string, unknown>
    })
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
