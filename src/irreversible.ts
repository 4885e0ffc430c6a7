// Irreversible actions ask first. In the browser a small dialog (views/assets/confirm.js) asks
// before the form is sent and adds `confirm=yes`; without JavaScript the action itself refuses a
// post without that field and sends the person to its confirm page (GET …/confirm), which says what
// will happen and carries a form with the CSRF token and `confirm=yes`. Programs use the JSON API.
import type { FastifyInstance, FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from 'fastify'
import { z } from 'zod'
import type { Access } from './plugins/auth.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The name of an irreversible action (texts `confirm.<name>.*`): a post needs `confirm=yes`. */
    confirm?: string
  }
}

/** Fields a form may carry through its confirm page (the confirm page shows nothing else). */
const Carried = z.record(z.string(), z.string().max(2000))

export type IrreversibleAction = {
  /** The POST route, e.g. '/campaigns/:id/draw'; its confirm page is `${path}/confirm`. */
  path: string
  /** The action's name: texts `confirm.<name>.question`, `.consequence`, `.button`. */
  name: string
  /** The route config (access); the confirm page gets the same, and the same page scope. */
  config: { access: Access; rateLimit?: { max: number; timeWindow: string } }
  /** The params schema, shared by the action and its confirm page. */
  params?: z.ZodType
  /** Body fields the confirm page carries from its query string into its form (no secrets). */
  carry?: readonly string[]
  /** Where "cancel" goes. */
  cancelTo: (request: FastifyRequest) => string
  /** More for the confirm page's view (e.g. the fan layout and its campaign). */
  model?: (request: FastifyRequest) => Promise<Record<string, unknown>>
}

const confirmed = (request: FastifyRequest) =>
  (request.body as Record<string, unknown> | undefined)?.confirm === 'yes'

/** Where the action's confirm page is, with the carried fields of this post. */
function confirmUrlOf(request: FastifyRequest, carry: readonly string[]) {
  const body = (request.body as Record<string, unknown> | undefined) ?? {}
  const query = new URLSearchParams()
  for (const field of carry) {
    const value = body[field]
    if (typeof value === 'string') query.set(field, value)
  }
  const path = (request.url.split('?')[0] as string).replace(/\/$/, '')
  return `${path}/confirm${query.size ? `?${query}` : ''}`
}

/**
 * Makes a POST route an irreversible action: registers its confirm page (`${path}/confirm`, same
 * access and page scope) and returns the options to spread into the POST route, which then runs
 * only with `confirm=yes` (checked after the CSRF check, before the body schema strips the field).
 */
export function irreversible(app: FastifyInstance, action: IrreversibleAction) {
  const carry = action.carry ?? []
  const preValidation: preValidationAsyncHookHandler = async (request, reply) => {
    if (!confirmed(request)) return reply.redirect(confirmUrlOf(request, carry), 303)
  }
  app.get(
    `${action.path}/confirm`,
    {
      config: action.config,
      schema: { ...(action.params ? { params: action.params } : {}), querystring: Carried },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const query = request.query as Record<string, string>
      const path = (request.url.split('?')[0] as string).replace(/\/confirm$/, '')
      return reply.page('confirm', {
        title: `confirm.${action.name}.question`,
        confirm: {
          name: action.name,
          action: path,
          cancelTo: action.cancelTo(request),
          carried: carry.filter((f) => f in query).map((field) => ({ field, value: query[field] })),
        },
        ...(action.model ? await action.model(request) : {}),
      })
    },
  )
  return { config: { ...action.config, confirm: action.name }, preValidation }
}
