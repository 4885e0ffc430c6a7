// Goals pages: the list with a form to set one, and each goal's dashboard.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { DateTime } from 'luxon'
import { IdParams } from '../../schemas/common.js'
import { enforcePageScope } from '../pages/page-scope.js'
import { presentGoal } from './present.js'
import { GoalBody } from './schemas.js'

const marketers = { access: ['admin', 'marketer'] as const }

const goalRoutes: FastifyPluginAsyncZod = async (app) => {
  const { goals } = app
  enforcePageScope(app, { pageOf: (id) => goals.pageOf(id), notFound: 'goals.notFound' })

  // Goal progress on the home of marketers and admins: the person's pages' goals, at most three.
  app.home.sections.add({
    roles: ['admin', 'marketer'],
    async section(request) {
      if (!request.user) return null
      const scope = await app.pages.scopeFor(request.user)
      const list = (await goals.list(scope.all ? null : scope.ids)).slice(0, 3)
      if (list.length === 0) return null
      const views = await Promise.all(list.map((g) => goals.view(g)))
      return { partial: 'home-goals', model: { goals: views.map((v) => presentGoal(v, request.locale)) } }
    },
  })

  app.get('/goals', { config: marketers }, async (request, reply) => {
    const scope = request.pageScope
    const list = await goals.list(scope.all ? null : scope.ids)
    const views = await Promise.all(list.map((g) => goals.view(g)))
    return reply.page('goals/index', {
      title: 'nav.goals',
      goals: views.map((v) => presentGoal(v, request.locale)),
      pages: scope.pages.map((p) => ({ id: p.id, name: p.name })),
      defaultDeadline: DateTime.utc().plus({ months: 12 }).toISODate(),
    })
  })

  app.post('/goals', { config: marketers, schema: { body: GoalBody } }, async (request, reply) => {
    const goal = await goals.create(request.actor, request.body)
    return reply.done(`/goals/${goal.id}`, 'goals.created')
  })

  app.get('/goals/:id', { config: marketers, schema: { params: IdParams } }, async (request, reply) => {
    const view = await goals.view(await goals.find(request.params.id))
    return reply.page('goals/show', { title: 'nav.goals', goal: presentGoal(view, request.locale) })
  })

  app.post(
    '/goals/:id/archive',
    { config: marketers, schema: { params: IdParams } },
    async (request, reply) => {
      await goals.archive(request.actor, request.params.id)
      return reply.done('/goals', 'goals.archived')
    },
  )
}

export default goalRoutes
