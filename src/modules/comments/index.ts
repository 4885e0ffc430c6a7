// The comments module: webhook intake, the moderators' inbox and the barometer (`app.comments`).
import { legacyModels } from '../../models.js'
import { defineModule, moduleCore } from '../module.js'
import apiRoutes from './api-routes.js'
import barometerRoutes from './barometer-routes.js'
import { createLiveFeed } from './live.js'
import routes from './routes.js'
import { createCommentService } from './service.js'
import webhookRoutes from './webhook-routes.js'

async function createCommentsModule(app: import('fastify').FastifyInstance) {
  const { config } = app
  const comments = createCommentService({
    models: await legacyModels(app.store.connection),
    audit: app.audit,
    pages: app.pages,
    team: app.team,
    graph: app.graph,
    queues: app.queues,
    live: createLiveFeed(config.REDIS_URL, config.QUEUE_PREFIX),
    appSecret: config.FACEBOOK_APP_SECRET,
  })
  app.pages.onConnected((page) => comments.onPageConnected(page))
  app.addHook('onClose', () => comments.live.close())
  return comments
}

export type CommentsModule = Awaited<ReturnType<typeof createCommentsModule>>

declare module 'fastify' {
  interface FastifyInstance {
    comments: CommentsModule
  }
}

export default defineModule({
  name: 'comments',
  core: moduleCore(
    'comments',
    ['store', 'queues', 'graph', 'audit', 'team', 'pages', 'campaigns'],
    async (app) => {
      app.decorate('comments', await createCommentsModule(app))
    },
  ),
  routes: [webhookRoutes, routes, apiRoutes, barometerRoutes],
})
