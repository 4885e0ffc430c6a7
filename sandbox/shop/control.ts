// The sandbox shop's control API under /__shop/: set stock, create and change orders, subscribe
// webhooks, throttle, reset. Used by demos and tests; not part of either platform.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { orderChanged, stockChanged } from './payloads.js'
import type { ShopSandboxRuntime } from './runtime.js'
import { FINANCIAL_STATUSES, FULFILLMENT_STATUSES, type ShopOrder } from './state.js'

const Utm = z.object({
  source: z.string().nullable().default(null),
  medium: z.string().nullable().default(null),
  campaign: z.string().nullable().default(null),
  content: z.string().nullable().default(null),
  term: z.string().nullable().default(null),
})

const NewOrder = z.object({
  customerId: z.number().int().optional(),
  email: z.email().optional(),
  lines: z.array(z.object({ variantId: z.number().int(), quantity: z.number().int().min(1) })).min(1),
  financialStatus: z.enum(FINANCIAL_STATUSES).default('PAID'),
  fulfillmentStatus: z.enum(FULFILLMENT_STATUSES).default('UNFULFILLED'),
  utm: Utm.optional(),
  landingPage: z.string().optional(),
  createdAt: z.iso.datetime().optional(),
})

const OrderChange = z.object({
  financialStatus: z.enum(FINANCIAL_STATUSES).optional(),
  fulfillmentStatus: z.enum(FULFILLMENT_STATUSES).optional(),
  cancelled: z.boolean().optional(),
})

const SHOPIFY_TOPICS = [
  'orders/create',
  'orders/updated',
  'products/update',
  'inventory_levels/update',
] as const
const WOO_TOPICS = ['order.created', 'order.updated', 'product.updated'] as const

const NewSubscription = z.discriminatedUnion('platform', [
  z.object({
    platform: z.literal('shopify'),
    url: z.url(),
    topics: z.array(z.enum(SHOPIFY_TOPICS)).default([...SHOPIFY_TOPICS]),
  }),
  z.object({
    platform: z.literal('woocommerce'),
    url: z.url(),
    secret: z.string().min(1),
    topics: z.array(z.enum(WOO_TOPICS)).default([...WOO_TOPICS]),
  }),
])

const Throttle = z.object({
  platform: z.enum(['shopify', 'woocommerce']),
  /** the next N calls are throttled */
  next: z.number().int().min(0).default(0),
  /** Shopify: points left in the bucket */
  currentlyAvailable: z.number().min(0).optional(),
})

class ControlError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
  }
}

export function registerShopControl(app: FastifyInstance, runtime: ShopSandboxRuntime): void {
  const { state } = runtime
  const emit = runtime.webhooks.emit.bind(runtime.webhooks)
  const variantOr404 = (id: number) => {
    const v = state.variant(id)
    if (!v) throw new ControlError(404, `no variant ${id}`)
    return v
  }

  app.post('/__shop/reset', async () => {
    runtime.reset()
    return { ok: true }
  })

  app.get('/__shop/state', async () => ({
    shopify: { domain: runtime.shopify.domain },
    products: state.products,
    customers: state.customers,
    orders: state.orders,
    subscriptions: state.subscriptions.map(({ secret: _s, ...s }) => s),
  }))

  app.post('/__shop/stock', async (request) => {
    const body = z.object({ variantId: z.number().int(), stock: z.number().int().min(0) }).parse(request.body)
    const variant = variantOr404(body.variantId)
    variant.stock = body.stock
    stockChanged(state, emit, variant)
    return variant
  })

  app.post('/__shop/orders', async (request, reply) => {
    const body = NewOrder.parse(request.body)
    const customer = body.customerId
      ? state.customers.find((c) => c.id === body.customerId)
      : state.customers.find((c) => c.email === body.email)
    if (body.customerId && !customer) throw new ControlError(404, `no customer ${body.customerId}`)
    const lines = body.lines.map((l) => {
      const v = variantOr404(l.variantId)
      if (v.stock < l.quantity) throw new ControlError(409, `variant ${v.id} has ${v.stock} in stock`)
      const product = state.productOf(v)
      const title = v.title === 'Default Title' ? product.title : `${product.title} - ${v.title}`
      return { variantId: v.id, productId: product.id, title, quantity: l.quantity, price: v.price }
    })
    const at = body.createdAt ?? new Date().toISOString()
    const visit = body.utm
      ? {
          occurredAt: at,
          landingPage: body.landingPage ?? null,
          referrerUrl: null,
          source: body.utm.source ?? 'direct',
          utm: body.utm,
        }
      : null
    const order: ShopOrder = {
      id: state.nextId('order'),
      number: state.nextOrderNumber(),
      customerId: customer?.id ?? null,
      email: customer?.email ?? body.email ?? 'guest@example.nl',
      createdAt: at,
      updatedAt: at,
      cancelledAt: null,
      financialStatus: body.financialStatus,
      fulfillmentStatus: body.fulfillmentStatus,
      currency: 'EUR',
      lines,
      firstVisit: visit,
      lastVisit: visit,
    }
    state.orders.push(order)
    for (const l of body.lines) {
      const v = variantOr404(l.variantId)
      v.stock -= l.quantity
    }
    orderChanged(state, emit, order, true)
    for (const l of body.lines) stockChanged(state, emit, variantOr404(l.variantId))
    return reply.code(201).send(order)
  })

  app.patch<{ Params: { id: string } }>('/__shop/orders/:id', async (request) => {
    const change = OrderChange.parse(request.body)
    const order = state.orders.find((o) => o.id === Number(request.params.id))
    if (!order) throw new ControlError(404, `no order ${request.params.id}`)
    if (change.financialStatus) order.financialStatus = change.financialStatus
    if (change.fulfillmentStatus) order.fulfillmentStatus = change.fulfillmentStatus
    if (change.cancelled) order.cancelledAt = new Date().toISOString()
    order.updatedAt = new Date().toISOString()
    orderChanged(state, emit, order, false)
    return order
  })

  app.post('/__shop/subscriptions', async (request, reply) => {
    const body = NewSubscription.parse(request.body)
    const created = body.topics.map((topic) => {
      const s = {
        id: state.nextId('subscription'),
        platform: body.platform,
        topic,
        url: body.url,
        secret: body.platform === 'woocommerce' ? body.secret : runtime.shopify.clientSecret,
      }
      state.subscriptions.push(s)
      if (s.platform === 'woocommerce') runtime.webhooks.ping(s)
      return { id: s.id, platform: s.platform, topic: s.topic, url: s.url }
    })
    return reply.code(201).send(created)
  })

  app.get('/__shop/deliveries', async () => runtime.webhooks.log)

  app.post('/__shop/deliveries/settle', async () => {
    await runtime.webhooks.settle()
    return runtime.webhooks.log
  })

  app.post('/__shop/throttle', async (request) => {
    const body = Throttle.parse(request.body)
    if (body.platform === 'shopify') {
      runtime.shopify.throttleNext = body.next
      if (body.currentlyAvailable !== undefined) runtime.shopify.bucket.set(body.currentlyAvailable)
    } else runtime.woocommerce.throttleNext = body.next
    return { ok: true }
  })

  app.get('/__shop/requests', async () => runtime.requests)

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof z.ZodError)
      return reply.code(400).send({ error: 'invalid request', issues: error.issues })
    const status =
      error instanceof ControlError
        ? error.statusCode
        : ((error as { statusCode?: number }).statusCode ?? 500)
    return reply.code(status).send({ error: (error as Error).message })
  })
}
