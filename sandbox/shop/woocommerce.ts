// WooCommerce's side of the sandbox shop: REST API v3 (/wp-json/wc/v3) with consumer key/secret over
// Basic auth, WordPress paging headers (X-WP-Total, X-WP-TotalPages, Link), WooCommerce's error
// bodies and a host's 429 throttling. Shapes from woocommerce.github.io/woocommerce-rest-api-docs.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ShopSandboxRuntime } from './runtime.js'
import type { ShopCustomer, ShopOrder, ShopProduct, ShopState, Visit } from './state.js'

const BASE = '/wp-json/wc/v3'

type WooError = { status: number; code: string; message: string; params?: Record<string, string> }

const errorBody = (e: WooError) => ({
  code: e.code,
  message: e.message,
  data: { status: e.status, ...(e.params ? { params: e.params } : {}) },
})

/** WooCommerce order statuses from the sandbox's platform-neutral order. */
export function wooStatus(o: ShopOrder): string {
  if (o.cancelledAt) return 'cancelled'
  if (o.financialStatus === 'REFUNDED') return 'refunded'
  if (o.financialStatus === 'PENDING') return 'pending'
  if (o.fulfillmentStatus === 'FULFILLED') return 'completed'
  return 'processing'
}

const gmt = (iso: string) => iso.replace(/\.\d{3}Z$/, '')

function attributionMeta(visit: Visit | null): { id: number; key: string; value: string }[] {
  if (!visit) return []
  // woocommerce.com/document/order-attribution-tracking/: stored as order meta with these keys.
  const entries: [string, string | null][] = [
    ['_wc_order_attribution_source_type', visit.utm.source ? 'utm' : 'typein'],
    ['_wc_order_attribution_utm_source', visit.utm.source],
    ['_wc_order_attribution_utm_medium', visit.utm.medium],
    ['_wc_order_attribution_utm_campaign', visit.utm.campaign],
    ['_wc_order_attribution_utm_content', visit.utm.content],
    ['_wc_order_attribution_utm_term', visit.utm.term],
    ['_wc_order_attribution_session_entry', visit.landingPage],
    ['_wc_order_attribution_referrer', visit.referrerUrl],
    ['_wc_order_attribution_session_start_time', visit.occurredAt.replace('T', ' ').replace(/\.\d{3}Z$/, '')],
  ]
  return entries
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([key, value], i) => ({ id: 9000 + i, key, value }))
}

export function wooOrder(state: ShopState, o: ShopOrder) {
  const customer = state.customers.find((c) => c.id === o.customerId)
  const total = o.lines.reduce((sum, l) => sum + Number(l.price) * l.quantity, 0)
  return {
    id: o.id,
    number: String(o.number),
    status: wooStatus(o),
    currency: o.currency,
    date_created: gmt(o.createdAt),
    date_created_gmt: gmt(o.createdAt),
    date_modified: gmt(o.updatedAt),
    date_modified_gmt: gmt(o.updatedAt),
    date_paid_gmt: o.financialStatus === 'PAID' ? gmt(o.createdAt) : null,
    date_completed_gmt: o.fulfillmentStatus === 'FULFILLED' ? gmt(o.updatedAt) : null,
    total: total.toFixed(2),
    customer_id: o.customerId ?? 0,
    billing: {
      first_name: customer?.firstName ?? '',
      last_name: customer?.lastName ?? '',
      email: o.email,
    },
    line_items: o.lines.map((l, i) => {
      const variant = state.variant(l.variantId)
      const simple = !variant || variant.title === 'Default Title'
      return {
        id: o.id * 10 + i,
        name: l.title,
        product_id: l.productId,
        variation_id: simple ? 0 : l.variantId,
        quantity: l.quantity,
        total: (Number(l.price) * l.quantity).toFixed(2),
        sku: variant?.sku ?? '',
      }
    }),
    meta_data: attributionMeta(o.lastVisit),
  }
}

function wooCustomer(state: ShopState, c: ShopCustomer) {
  return {
    id: c.id,
    date_created_gmt: gmt(c.createdAt),
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    username: c.email.split('@')[0],
    billing: { first_name: c.firstName, last_name: c.lastName, email: c.email },
    is_paying_customer: state.orders.some((o) => o.customerId === c.id && o.financialStatus === 'PAID'),
  }
}

/** A simple product has one variant ("Default Title"); others are variable products with variations. */
export function wooProduct(p: ShopProduct) {
  const simple = p.variants.length === 1 && p.variants[0]?.title === 'Default Title'
  const stock = p.variants.reduce((sum, v) => sum + v.stock, 0)
  return {
    id: p.id,
    name: p.title,
    type: simple ? 'simple' : 'variable',
    sku: simple ? (p.variants[0]?.sku ?? '') : '',
    price: p.variants[0]?.price ?? '0.00',
    date_modified_gmt: gmt(p.updatedAt),
    manage_stock: simple,
    stock_quantity: simple ? stock : null,
    stock_status: stock > 0 ? 'instock' : 'outofstock',
    variations: simple ? [] : p.variants.map((v) => v.id),
  }
}

function wooVariation(p: ShopProduct, v: ShopProduct['variants'][number]) {
  return {
    id: v.id,
    sku: v.sku,
    price: v.price,
    manage_stock: true,
    stock_quantity: v.stock,
    stock_status: v.stock > 0 ? 'instock' : 'outofstock',
    attributes: [{ id: 0, name: 'Maat', option: v.title }],
    date_modified_gmt: gmt(p.updatedAt),
  }
}

function pageParams(request: FastifyRequest): { page: number; perPage: number } | WooError {
  const q = request.query as Record<string, string | undefined>
  const perPage = q.per_page === undefined ? 10 : Number(q.per_page)
  const page = q.page === undefined ? 1 : Number(q.page)
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
    return {
      status: 400,
      code: 'rest_invalid_param',
      message: 'Invalid parameter(s): per_page',
      params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' },
    }
  }
  if (!Number.isInteger(page) || page < 1) {
    return {
      status: 400,
      code: 'rest_invalid_param',
      message: 'Invalid parameter(s): page',
      params: { page: 'page is not of type integer.' },
    }
  }
  return { page, perPage }
}

function sendPage<T>(request: FastifyRequest, reply: FastifyReply, items: T[]) {
  const paging = pageParams(request)
  if ('code' in paging) return reply.code(paging.status).send(errorBody(paging))
  const total = items.length
  const totalPages = Math.max(1, Math.ceil(total / paging.perPage))
  if (paging.page > totalPages && total > 0) {
    return reply.code(400).send(
      errorBody({
        status: 400,
        code: 'rest_post_invalid_page_number',
        message: 'The page number requested is larger than the number of pages available.',
      }),
    )
  }
  const url = new URL(request.url, `http://${request.headers.host ?? 'localhost'}`)
  const link = (page: number, rel: string) => {
    url.searchParams.set('page', String(page))
    return `<${url.toString()}>; rel="${rel}"`
  }
  const links = [
    ...(paging.page > 1 ? [link(paging.page - 1, 'prev')] : []),
    ...(paging.page < totalPages ? [link(paging.page + 1, 'next')] : []),
  ]
  reply.header('x-wp-total', String(total)).header('x-wp-totalpages', String(totalPages))
  if (links.length) reply.header('link', links.join(', '))
  const start = (paging.page - 1) * paging.perPage
  return reply.send(items.slice(start, start + paging.perPage))
}

export function registerWooRoutes(app: FastifyInstance, runtime: ShopSandboxRuntime): void {
  const { state } = runtime

  app.register(async (woo) => {
    woo.addHook('onRequest', async (request, reply) => {
      runtime.requests.push({ platform: 'woocommerce', path: request.url })
      const { woocommerce } = runtime
      if (woocommerce.throttleNext > 0) {
        woocommerce.throttleNext -= 1
        // Hosts throttle the REST API in front of WooCommerce; they answer 429 with Retry-After.
        return reply
          .code(429)
          .header('retry-after', '1')
          .send(
            errorBody({ status: 429, code: 'too_many_requests', message: 'Too many requests. Slow down.' }),
          )
      }
      const auth = request.headers.authorization
      const query = request.query as Record<string, string | undefined>
      let key: string | undefined
      let secret: string | undefined
      if (auth?.startsWith('Basic ')) {
        const [k, ...s] = Buffer.from(auth.slice(6), 'base64').toString().split(':')
        key = k
        secret = s.join(':')
      } else {
        key = query.consumer_key
        secret = query.consumer_secret
      }
      if (!key) {
        return reply.code(401).send(
          errorBody({
            status: 401,
            code: 'woocommerce_rest_cannot_view',
            message: 'Sorry, you cannot list resources.',
          }),
        )
      }
      if (key !== woocommerce.consumerKey) {
        return reply.code(401).send(
          errorBody({
            status: 401,
            code: 'woocommerce_rest_authentication_error',
            message: 'Consumer key is invalid.',
          }),
        )
      }
      if (secret !== woocommerce.consumerSecret) {
        return reply.code(401).send(
          errorBody({
            status: 401,
            code: 'woocommerce_rest_authentication_error',
            message: 'Invalid signature - provided signature does not match.',
          }),
        )
      }
    })

    const notFound = (reply: FastifyReply, code: string) =>
      reply.code(404).send(errorBody({ status: 404, code, message: 'Invalid ID.' }))
    const q = (request: FastifyRequest) => request.query as Record<string, string | undefined>

    woo.get(`${BASE}/products`, async (request, reply) => {
      const { search, include } = q(request)
      const ids = include ? include.split(',').map(Number) : null
      const items = state.products
        .filter((p) => !ids || ids.includes(p.id))
        .filter((p) => !search || p.title.toLowerCase().includes(search.toLowerCase()))
        .map(wooProduct)
      return sendPage(request, reply, items)
    })
    woo.get<{ Params: { id: string } }>(`${BASE}/products/:id`, async (request, reply) => {
      const p = state.products.find((x) => x.id === Number(request.params.id))
      return p ? wooProduct(p) : notFound(reply, 'woocommerce_rest_product_invalid_id')
    })
    woo.get<{ Params: { id: string } }>(`${BASE}/products/:id/variations`, async (request, reply) => {
      const p = state.products.find((x) => x.id === Number(request.params.id))
      if (!p) return notFound(reply, 'woocommerce_rest_product_invalid_id')
      return sendPage(
        request,
        reply,
        p.variants.map((v) => wooVariation(p, v)),
      )
    })
    woo.get<{ Params: { id: string; variation: string } }>(
      `${BASE}/products/:id/variations/:variation`,
      async (request, reply) => {
        const p = state.products.find((x) => x.id === Number(request.params.id))
        const v = p?.variants.find((x) => x.id === Number(request.params.variation))
        return p && v ? wooVariation(p, v) : notFound(reply, 'woocommerce_rest_product_variation_invalid_id')
      },
    )
    woo.get(`${BASE}/customers`, async (request, reply) => {
      const { search, email } = q(request)
      const items = state.customers
        .filter((c) => !email || c.email.toLowerCase() === email.toLowerCase())
        .filter(
          (c) =>
            !search || `${c.firstName} ${c.lastName} ${c.email}`.toLowerCase().includes(search.toLowerCase()),
        )
        .map((c) => wooCustomer(state, c))
      return sendPage(request, reply, items)
    })
    woo.get<{ Params: { id: string } }>(`${BASE}/customers/:id`, async (request, reply) => {
      const c = state.customers.find((x) => x.id === Number(request.params.id))
      return c ? wooCustomer(state, c) : notFound(reply, 'woocommerce_rest_invalid_id')
    })
    woo.get(`${BASE}/orders`, async (request, reply) => {
      const { customer, search, modified_after, after, order, orderby, include } = q(request)
      const ids = include ? include.split(',').map(Number) : null
      const key = orderby === 'modified' ? 'updatedAt' : orderby === 'id' ? 'id' : 'createdAt'
      const items = state.orders
        .filter((o) => !ids || ids.includes(o.id))
        .filter((o) => customer === undefined || String(o.customerId ?? 0) === customer)
        .filter((o) => !search || String(o.number) === search.replace(/^#/, '') || o.email === search)
        .filter(
          (o) =>
            !modified_after || o.updatedAt > new Date(`${modified_after.replace(/Z?$/, 'Z')}`).toISOString(),
        )
        .filter((o) => !after || o.createdAt > new Date(`${after.replace(/Z?$/, 'Z')}`).toISOString())
        .sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.id - b.id))
      if (order !== 'asc') items.reverse()
      return sendPage(
        request,
        reply,
        items.map((o) => wooOrder(state, o)),
      )
    })
    woo.get<{ Params: { id: string } }>(`${BASE}/orders/:id`, async (request, reply) => {
      const o = state.orders.find((x) => x.id === Number(request.params.id))
      return o ? wooOrder(state, o) : notFound(reply, 'woocommerce_rest_shop_order_invalid_id')
    })
  })
}
