// The insights module: page and post metrics Meta still serves, collected daily (`app.insights`).
import { enqueue } from '../../queues.js'
import { defineModule, moduleCore } from '../module.js'
import apiRoutes from './api-routes.js'
import { createInsightRepository } from './repository.js'
import { createInsights, type Insights } from './service.js'

declare module 'fastify' {
  interface FastifyInstance {
    insights: Insights
  }
}

export default defineModule({
  name: 'insights',
  core: moduleCore('insights', ['store', 'queues', 'graph', 'pages', 'posts'], async (app) => {
    const repo = await createInsightRepository(app.store.connection)
    // A page just connected gets its last four weeks, so its goals have a baseline at once.
    app.pages.onConnected((page) =>
      enqueue(app.queues, 'collect-insights', { pageId: page.id }).catch((err: Error) =>
        app.log.warn({ err: err.message }, 'could not queue the insights of a connected page'),
      ),
    )
    app.decorate(
      'insights',
      createInsights({ repo, graph: app.graph, pages: app.pages, posts: app.posts, log: app.log }),
    )
  }),
  routes: [apiRoutes],
})
