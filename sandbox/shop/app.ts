// Builds the sandbox shop: one Fastify server speaking the parts of Shopify's GraphQL Admin API and
// WooCommerce's REST API v3 that Fanfare uses, over one in-memory demo shop, plus a control API.
import Fastify, { type FastifyInstance } from 'fastify'
import { registerShopControl } from './control.js'
import type { ShopSandboxRuntime } from './runtime.js'
import {
  DEMO_SHOP_DOMAIN,
  DEMO_SHOPIFY_CLIENT_ID,
  DEMO_SHOPIFY_CLIENT_SECRET,
  DEMO_WOO_CONSUMER_KEY,
  DEMO_WOO_CONSUMER_SECRET,
  seedShop,
} from './seed.js'
import { registerShopifyRoutes, ThrottleBucket } from './shopify.js'
import { ShopState } from './state.js'
import { ShopWebhooks } from './webhooks.js'
import { registerWooRoutes } from './woocommerce.js'

export type { ShopSandboxRuntime } from './runtime.js'

export interface ShopSandboxOptions {
  host?: string
  port?: number
  shopDomain?: string
  shopifyClientId?: string
  shopifyClientSecret?: string
  /** the Admin API version stamped on webhooks */
  shopifyApiVersion?: string
  wooConsumerKey?: string
  wooConsumerSecret?: string
  /** start from the demo shop (default true) */
  seed?: boolean
  /** subscribe these delivery URLs to every topic at start (as a merchant does in the admin) */
  webhooks?: { shopifyUrl?: string; wooUrl?: string; wooSecret?: string }
}

export interface StartedShopSandbox {
  url: string
  port: number
  app: FastifyInstance
  runtime: ShopSandboxRuntime
  close(): Promise<void>
}

export function buildShopSandbox(options: ShopSandboxOptions = {}): {
  app: FastifyInstance
  runtime: ShopSandboxRuntime
} {
  const state = new ShopState()
  let origin = 'http://127.0.0.1'
  const shopify = {
    domain: options.shopDomain ?? DEMO_SHOP_DOMAIN,
    clientId: options.shopifyClientId ?? DEMO_SHOPIFY_CLIENT_ID,
    clientSecret: options.shopifyClientSecret ?? DEMO_SHOPIFY_CLIENT_SECRET,
    tokens: new Map<string, number>(),
    bucket: new ThrottleBucket(),
    throttleNext: 0,
  }
  const woocommerce = {
    consumerKey: options.wooConsumerKey ?? DEMO_WOO_CONSUMER_KEY,
    consumerSecret: options.wooConsumerSecret ?? DEMO_WOO_CONSUMER_SECRET,
    throttleNext: 0,
  }
  const webhooks = new ShopWebhooks(
    state,
    () => ({
      domain: shopify.domain,
      clientSecret: shopify.clientSecret,
      apiVersion: options.shopifyApiVersion ?? '2026-04',
    }),
    () => origin,
  )
  const runtime: ShopSandboxRuntime = {
    state,
    shopify,
    woocommerce,
    webhooks,
    requests: [],
    reset() {
      if (options.seed === false) state.clear()
      else seedShop(state)
      shopify.tokens.clear()
      shopify.bucket.set(shopify.bucket.maximumAvailable)
      shopify.throttleNext = 0
      woocommerce.throttleNext = 0
      runtime.requests.length = 0
    },
  }
  runtime.reset()

  const app = Fastify({ logger: false })
  app.addHook('onRequest', async (request) => {
    origin = `http://${request.headers.host ?? '127.0.0.1'}`
  })
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  )
  registerShopifyRoutes(app, runtime)
  registerWooRoutes(app, runtime)
  app.register(async (control) => registerShopControl(control, runtime))
  app.addHook('onClose', async () => webhooks.settle())

  const subscribe = () => {
    const w = options.webhooks
    if (!w) return
    let id = 1000
    if (w.shopifyUrl) {
      for (const topic of ['orders/create', 'orders/updated', 'products/update', 'inventory_levels/update'])
        state.subscriptions.push({
          id: id++,
          platform: 'shopify',
          topic,
          url: w.shopifyUrl,
          secret: shopify.clientSecret,
        })
    }
    if (w.wooUrl && w.wooSecret) {
      for (const topic of ['order.created', 'order.updated', 'product.updated'])
        state.subscriptions.push({
          id: id++,
          platform: 'woocommerce',
          topic,
          url: w.wooUrl,
          secret: w.wooSecret,
        })
    }
  }
  const reset = runtime.reset
  runtime.reset = () => {
    reset()
    subscribe()
  }
  subscribe()
  return { app, runtime }
}

export async function startShopSandbox(options: ShopSandboxOptions = {}): Promise<StartedShopSandbox> {
  const { app, runtime } = buildShopSandbox(options)
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    app,
    runtime,
    close: () => app.close(),
  }
}
