// The posts module: compose, plan, approve and publish promo posts (`app.posts`).
import { legacyModels } from '../../models.js'
import { defineModule, moduleCore } from '../module.js'
import apiRoutes from './api-routes.js'
import { createPostImport } from './import.js'
import { createPublishQueue } from './publish-queue.js'
import { createPublisher } from './publisher.js'
import { createReconciler } from './reconciler.js'
import routes from './routes.js'
import { createPostService } from './service.js'

async function createPostsModule(
  app: import('fastify').FastifyInstance,
  seams: import('../module.js').ModuleSeams,
) {
  const { config } = app
  const models = await legacyModels(app.store.connection)
  const queue = createPublishQueue(app.queues)
  const service = createPostService({
    config,
    models,
    audit: app.audit,
    pages: app.pages,
    queue,
    log: app.log,
  })
  app.pages.onConnected((page) => service.releaseHeld(page.id))
  return {
    service,
    import: createPostImport({
      models,
      audit: app.audit,
      pages: app.pages,
      posts: service,
      horizonDays: config.POSTS_HORIZON_DAYS,
    }),
    publisher: createPublisher({
      models,
      pages: app.pages,
      graph: app.graph,
      audit: app.audit,
      leaseMs: config.POSTS_LEASE_MS,
      graphTimeoutMs: config.GRAPH_TIMEOUT_MS,
      afterGraphCall: seams.afterGraphCall,
    }),
    reconciler: createReconciler({ models, queue, posts: service, pages: app.pages }),
  }
}

export type PostsModule = Awaited<ReturnType<typeof createPostsModule>>

declare module 'fastify' {
  interface FastifyInstance {
    posts: PostsModule
  }
}

export default defineModule({
  name: 'posts',
  core: moduleCore('posts', ['store', 'queues', 'graph', 'audit', 'pages'], async (app, seams) => {
    app.decorate('posts', await createPostsModule(app, seams))
  }),
  routes: [routes, apiRoutes],
})
