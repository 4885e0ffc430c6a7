// The goals module: measured goals (baseline, target, deadline), their dashboard and weekly digest (`app.goals`).
import { defineModule, moduleCore } from '../module.js'
import apiRoutes from './api-routes.js'
import { createDashboard } from './dashboard.js'
import { createMeasures } from './measures.js'
import { createGoalRepository } from './repository.js'
import routes from './routes.js'
import { createGoals, type Goals } from './service.js'

declare module 'fastify' {
  interface FastifyInstance {
    goals: Goals
  }
}

export default defineModule({
  name: 'goals',
  core: moduleCore(
    'goals',
    ['store', 'audit', 'pages', 'posts', 'links', 'attribution', 'insights', 'comments'],
    async (app) => {
      const repo = await createGoalRepository(app.store.connection)
      const measures = createMeasures({
        attribution: app.attribution,
        insights: app.insights,
        comments: app.comments,
      })
      const dashboard = createDashboard({
        measures,
        attribution: app.attribution,
        links: app.links,
        posts: app.posts,
      })
      app.decorate(
        'goals',
        createGoals({
          repo,
          pages: app.pages,
          measures,
          dashboard,
          attribution: app.attribution,
          audit: app.audit,
        }),
      )
    },
  ),
  routes: [routes, apiRoutes],
})
