// Personal API tokens: every member manages their own; the token is shown once.
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { FormSpec } from '../../form-errors.js'
import { irreversible } from '../../irreversible.js'
import { ALL_ROLES } from '../../plugins/auth.js'
import { errorResponses, IdParams } from '../../schemas/common.js'
import type { Member } from '../team/service.js'
import type { ApiToken } from './service.js'

const member = { access: ALL_ROLES }
const api = (summary: string) => ({ tags: ['tokens'], summary, security: [{ bearerAuth: [] }] })

const CreateToken = z.object({ name: z.string().trim().min(1, 'invalid.tokenName').max(100) })
const TokenSummary = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
})
const TokenCreated = TokenSummary.extend({ token: z.string().describe('Shown only once; store it safely') })

const present = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: (t.createdAt as Date).toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
})

const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  const { tokens } = app
  const me = (user: Member | null) => user as Member

  const listModel = async (request: FastifyRequest) => ({
    title: 'nav.tokens',
    tokens: (await tokens.list(me(request.user))).map(present),
  })
  app.get('/tokens', { config: member }, async (request, reply) => {
    return reply.page('tokens/index', await listModel(request))
  })

  const createForm: FormSpec = {
    labels: { name: 'tokens.name' },
    render: async (request) => ({ template: 'tokens/index', model: await listModel(request) }),
  }
  app.post(
    '/tokens',
    { config: { ...member, form: createForm }, schema: { body: CreateToken } },
    async (request, reply) => {
      const { token, record } = await tokens.create(request.actor, me(request.user), request.body.name)
      return reply.page('tokens/created', { token, record: present(record) })
    },
  )

  app.post(
    '/tokens/:id/revoke',
    {
      ...irreversible(app, {
        path: '/tokens/:id/revoke',
        name: 'tokens.revoke',
        config: member,
        params: IdParams,
        cancelTo: () => '/tokens',
      }),
      schema: { params: IdParams },
    },
    async (request, reply) => {
      await tokens.revoke(request.actor, me(request.user), request.params.id)
      return reply.done('/tokens', 'tokens.revoked')
    },
  )

  app.get(
    '/api/v1/tokens',
    {
      config: member,
      schema: {
        ...api('List your API tokens'),
        response: { 200: z.object({ tokens: z.array(TokenSummary) }), ...errorResponses },
      },
    },
    async (request) => ({ tokens: (await tokens.list(me(request.user))).map(present) }),
  )

  app.post(
    '/api/v1/tokens',
    {
      config: member,
      schema: {
        ...api('Create an API token'),
        body: CreateToken,
        response: { 201: TokenCreated, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { token, record } = await tokens.create(request.actor, me(request.user), request.body.name)
      reply.code(201)
      return { ...present(record), token }
    },
  )

  app.delete(
    '/api/v1/tokens/:id',
    {
      config: member,
      schema: {
        ...api('Revoke an API token'),
        params: IdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await tokens.revoke(request.actor, me(request.user), request.params.id)
      return reply.code(204).send(null)
    },
  )
}

export default tokenRoutes
