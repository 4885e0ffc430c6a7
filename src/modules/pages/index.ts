// The pages module: connected Facebook pages, their sealed tokens and settings (`app.pages`).
import { createSecretBox } from '../../security/secret-box.js'
import { defineModule, moduleCore } from '../module.js'
import type { PageScope } from './page-scope.js'
import { createPageRepository } from './repository.js'
import pageRoutes from './routes.js'
import { createPageService, type PageService } from './service.js'

declare module 'fastify' {
  interface FastifyInstance {
    pages: PageService
  }
}

export default defineModule({
  name: 'pages',
  core: moduleCore('pages', ['store', 'graph', 'audit', 'team'], async (app) => {
    const repo = await createPageRepository(app.store.connection)
    const pageTokens = createSecretBox(app.config.secretKey, 'page tokens')
    app.decorateRequest('pageScope', null as unknown as PageScope)
    app.decorate(
      'pages',
      createPageService({ repo, audit: app.audit, team: app.team, graph: app.graph, pageTokens }),
    )
  }),
  routes: [pageRoutes],
})
