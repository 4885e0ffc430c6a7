// The posts module: compose, plan, approve and publish promo posts (`app.posts`).
import { translate } from '../../i18n/index.js'
import { defineModule, moduleCore } from '../module.js'
import { productRefText } from '../shop/stock.js'
import apiRoutes from './api-routes.js'
import { createClaimRepository } from './claims.js'
import { createCompose } from './compose.js'
import { createPostImport } from './import.js'
import { createLifecycle } from './lifecycle.js'
import { createPublishQueue, tolerantQueueing } from './publish-queue.js'
import { createPublisher } from './publisher.js'
import { createQueries } from './queries.js'
import { createReconciler } from './reconciler.js'
import { createPostRepository } from './repository.js'
import routes from './routes.js'
import { createStockHolds } from './stock-hold.js'

async function createPostsModule(
  app: import('fastify').FastifyInstance,
  seams: import('../module.js').ModuleSeams,
) {
  const { config, audit, pages } = app
  const [posts, claims] = await Promise.all([
    createPostRepository(app.store.connection),
    createClaimRepository(app.store.connection),
  ])
  const queue = createPublishQueue(app.queues)
  const queueing = tolerantQueueing(queue, app.log)
  const horizonDays = config.POSTS_HORIZON_DAYS
  const compose = createCompose({ posts, pages, audit, queueing, horizonDays, scarcity: app.shop.scarcity })
  const lifecycle = createLifecycle({ posts, pages, audit, queueing })
  const queries = createQueries({ posts, pages })
  pages.onConnected((page) => lifecycle.releaseHeld(page.id))
  // A product that sells out holds its scheduled promos (the publisher checks again right before).
  app.shop.stock.onChange(async (change) => {
    if (change.stock === null || change.stock > 0) return
    const message = translate(config.DEFAULT_LOCALE, 'errors.shop.heldSoldOut', {
      product: change.title ?? change.variantId,
    })
    await lifecycle.holdForProduct(productRefText(change), message, {
      title: change.title,
      stock: change.stock,
    })
  })
  return {
    /** create (draft, schedule, repeat, now), edit, duplicate */
    compose,
    /** approve, reject, cancel, retry, releaseHeld, holdForProduct */
    lifecycle,
    /** find, list, week, dayLoad */
    queries,
    /** list, explain, release: promos held for the shop's stock */
    stockHolds: createStockHolds({
      posts,
      audit,
      queueing,
      scarcity: app.shop.scarcity,
      stock: app.shop.stock,
    }),
    import: createPostImport({ posts, audit, pages, queries, queueing, horizonDays }),
    publisher: createPublisher({
      claims,
      pages,
      graph: app.graph,
      audit,
      leaseMs: config.POSTS_LEASE_MS,
      graphTimeoutMs: config.GRAPH_TIMEOUT_MS,
      afterGraphCall: seams.afterGraphCall,
      trackLinks: (post) => app.links.tracking.rewritePost(post),
      scarcity: app.shop.scarcity,
      describe: (key, params) => translate(config.DEFAULT_LOCALE, key, params),
    }),
    reconciler: createReconciler({ posts, queue, lifecycle, pages }),
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
  core: moduleCore(
    'posts',
    ['store', 'queues', 'graph', 'audit', 'pages', 'shop', 'links'],
    async (app, seams) => {
      app.decorate('posts', await createPostsModule(app, seams))
    },
  ),
  routes: [routes, apiRoutes],
})
