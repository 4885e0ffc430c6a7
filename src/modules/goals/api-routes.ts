// JSON API of goals: set one, list them with their standing, read one's dashboard, archive.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorResponses, IdParams } from '../../schemas/common.js'
import { enforcePageScope } from '../pages/page-scope.js'
import { GoalBody, GoalList, GoalView } from './schemas.js'

const marketers = { access: ['admin', 'marketer'] as const }
const api = (summary: string) => ({ tags: ['goals'], summary, security: [{ bearerAuth: [] }] })

const goalApiRoutes: FastifyPluginAsyncZod = async (app) => {
  const { goals } = app
  enforcePageScope(app, { pageOf: (id) => goals.pageOf(id), notFound: 'goals.notFound' })

  app.get(
    '/api/v1/goals',
    {
      config: marketers,
      schema: {
        ...api('Goals with baseline, actual, target and standing'),
        response: { 200: GoalList, ...errorResponses },
      },
    },
    async (request) => {
      const scope = request.pageScope
      const list = await goals.list(scope.all ? null : scope.ids)
      return { goals: await Promise.all(list.map((g) => goals.view(g))) }
    },
  )

  app.post(
    '/api/v1/goals',
    {
      config: marketers,
      schema: {
        ...api('Set a goal: the baseline is measured from Fanfare’s data unless given'),
        body: GoalBody,
        response: { 201: GoalView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const goal = await goals.create(request.actor, request.body)
      reply.code(201)
      return goals.view(goal)
    },
  )

  app.get(
    '/api/v1/goals/:id',
    {
      config: marketers,
      schema: {
        ...api('A goal’s dashboard'),
        params: IdParams,
        response: { 200: GoalView, ...errorResponses },
      },
    },
    async (request) => goals.view(await goals.find(request.params.id)),
  )

  app.delete(
    '/api/v1/goals/:id',
    {
      config: marketers,
      schema: { ...api('Archive a goal'), params: IdParams, response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      await goals.archive(request.actor, request.params.id)
      return reply.code(204).send(null)
    },
  )
}

export default goalApiRoutes
