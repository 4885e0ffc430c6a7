// The shop module: connected Shopify and WooCommerce shops (`app.shop`): connections with sealed
// credentials and health, live orders and stock, customer links in the inbox, shop webhooks, and the
// honest-scarcity check that posts and campaigns run on their texts.
import { URL } from 'node:url'
import { createSecretBox } from '../../security/secret-box.js'
import { defineModule, moduleCore } from '../module.js'
import apiRoutes from './api-routes.js'
import { createApply } from './apply.js'
import commentRoutes from './comment-routes.js'
import { createConnectionRepository } from './connection-repository.js'
import { createConnections } from './connections.js'
import customerLinkRoutes from './customer-link-routes.js'
import { createCustomers } from './customers.js'
import { createDeliveryRepository } from './delivery-repository.js'
import { createLinkRepository } from './link-repository.js'
import { createOrders } from './orders.js'
import pageRoutes from './page-routes.js'
import { createScarcity } from './scarcity.js'
import { createStock } from './stock.js'
import { createStockRepository } from './stock-repository.js'
import webhookRoutes from './webhook-routes.js'
import { createShopWebhooks } from './webhooks.js'

async function createShopModule(app: import('fastify').FastifyInstance) {
  const { config } = app
  const [connectionRepo, watched, deliveries, links] = await Promise.all([
    createConnectionRepository(app.store.connection),
    createStockRepository(app.store.connection),
    createDeliveryRepository(app.store.connection),
    createLinkRepository(app.store.connection),
  ])
  const settings = {
    apiVersion: config.SHOPIFY_API_VERSION,
    hostName: new URL(config.publicUrl).host,
    timeoutMs: config.SHOP_TIMEOUT_MS,
    shopifyAdminUrl: config.SHOPIFY_ADMIN_URL,
  }
  const connections = createConnections({
    repo: connectionRepo,
    audit: app.audit,
    credentials: createSecretBox(config.secretKey, 'shop credentials'),
    settings,
  })
  const orders = createOrders({ connections })
  const stock = createStock({ connections, watched })
  return {
    /** connect, disconnect, list, find, check, call (a client call that records health) */
    connections,
    /** list (changed since, paged), find, byNumber, ofCustomer, onChanged */
    orders,
    /** of (live), search, refresh, onChange */
    stock,
    /** assertHonest (when planned), beforePublish (fills {voorraad}, holds) */
    scarcity: createScarcity({ stock }),
    /** the inbox's panel: panelFor, search, link, unlink, tagOrder; the API's listLinks, removeLink; erase */
    customers: createCustomers({ connections, orders, links, audit: app.audit }),
    /** receive (verify, store once, queue) */
    webhooks: createShopWebhooks({ connections, deliveries, queues: app.queues, settings }),
    /** applyDelivery, reconcile (the worker's) */
    events: createApply({ deliveries, stock, orders, connections: connectionRepo }),
  }
}

export type ShopModule = Awaited<ReturnType<typeof createShopModule>>

declare module 'fastify' {
  interface FastifyInstance {
    shop: ShopModule
  }
}

export default defineModule({
  name: 'shop',
  core: moduleCore('shop', ['store', 'queues', 'audit'], async (app) => {
    app.decorate('shop', await createShopModule(app))
  }),
  routes: [apiRoutes, customerLinkRoutes, webhookRoutes, commentRoutes, pageRoutes],
})
