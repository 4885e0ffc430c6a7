// A small client for WooCommerce's REST API v3 (its npm library has not been released for years):
// consumer key/secret over HTTPS Basic auth, WordPress paging headers, every answer parsed with zod.
// woocommerce.github.io/woocommerce-rest-api-docs/
import { z } from 'zod'
import { ShopError } from './errors.js'
import type {
  FulfilmentStatus,
  OrderAttribution,
  OrderStatus,
  RateLimitState,
  ShopClient,
  ShopCustomer,
  ShopOrder,
  VariantStock,
} from './types.js'

export type WooCredentials = { baseUrl: string; consumerKey: string; consumerSecret: string }

const Meta = z.object({ key: z.string(), value: z.unknown() })

const WooOrder = z.object({
  id: z.number(),
  number: z.string(),
  status: z.string(),
  currency: z.string(),
  date_created_gmt: z.string(),
  date_modified_gmt: z.string(),
  total: z.string(),
  customer_id: z.number(),
  line_items: z.array(
    z.object({ name: z.string(), product_id: z.number(), variation_id: z.number(), quantity: z.number() }),
  ),
  meta_data: z.array(Meta).default([]),
})

const WooCustomer = z.object({
  id: z.number(),
  email: z.string().nullable(),
  first_name: z.string(),
  last_name: z.string(),
})

const WooProduct = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string(),
  sku: z.string().nullable(),
  manage_stock: z.union([z.boolean(), z.literal('parent')]),
  stock_quantity: z.number().nullable(),
  stock_status: z.string(),
  variations: z.array(z.number()).default([]),
})

const WooVariation = z.object({
  id: z.number(),
  sku: z.string().nullable(),
  manage_stock: z.union([z.boolean(), z.literal('parent')]),
  stock_quantity: z.number().nullable(),
  attributes: z.array(z.object({ option: z.string() })).default([]),
})

const WooErrorBody = z.object({ code: z.string(), message: z.string() })

/** WooCommerce keeps GMT times without a zone. */
const gmt = (value: string) => new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`)

const STATUS: Record<string, [OrderStatus, FulfilmentStatus]> = {
  pending: ['pending', 'unfulfilled'],
  'on-hold': ['pending', 'unfulfilled'],
  processing: ['paid', 'unfulfilled'],
  completed: ['paid', 'fulfilled'],
  cancelled: ['cancelled', 'none'],
  refunded: ['refunded', 'none'],
  failed: ['other', 'none'],
}

/** The order attribution meta WooCommerce 8.5+ stores (woocommerce.com/document/order-attribution-tracking/). */
function attributionOf(meta: z.infer<typeof Meta>[]): OrderAttribution | null {
  const get = (key: string) => {
    const found = meta.find((m) => m.key === `_wc_order_attribution_${key}`)
    return typeof found?.value === 'string' && found.value !== '' ? found.value : null
  }
  const attribution = {
    source: get('utm_source'),
    medium: get('utm_medium'),
    campaign: get('utm_campaign'),
    content: get('utm_content'),
    term: get('utm_term'),
    landingPage: get('session_entry'),
    referrer: get('referrer'),
  }
  return Object.values(attribution).some((v) => v !== null) ? attribution : null
}

function toOrder(o: z.infer<typeof WooOrder>): ShopOrder {
  const [status, fulfilment] = STATUS[o.status] ?? ['other', 'none']
  return {
    id: String(o.id),
    number: o.number,
    createdAt: gmt(o.date_created_gmt),
    updatedAt: gmt(o.date_modified_gmt),
    status,
    fulfilment,
    platformStatus: o.status,
    total: { amount: o.total, currency: o.currency },
    customerId: o.customer_id ? String(o.customer_id) : null,
    lines: o.line_items.map((l) => ({
      variantId: l.variation_id ? `${l.product_id}/${l.variation_id}` : String(l.product_id),
      title: l.name,
      quantity: l.quantity,
    })),
    attribution: attributionOf(o.meta_data),
  }
}

const toCustomer = (c: z.infer<typeof WooCustomer>): ShopCustomer => ({
  id: String(c.id),
  name: `${c.first_name} ${c.last_name}`.trim(),
  email: c.email,
  orderCount: null,
})

export function createWooClient(credentials: WooCredentials, opts: { timeoutMs: number }): ShopClient {
  const base = `${credentials.baseUrl.replace(/\/$/, '')}/wp-json/wc/v3`
  const authorization = `Basic ${Buffer.from(`${credentials.consumerKey}:${credentials.consumerSecret}`).toString('base64')}`
  let rate: RateLimitState | null = null

  async function get<T>(
    path: string,
    schema: z.ZodType<T>,
    query: Record<string, string | number | undefined> = {},
  ): Promise<{ body: T; totalPages: number }> {
    const url = new URL(`${base}${path}`)
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v))
    let response: Response
    try {
      response = await fetch(url, {
        headers: { authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(opts.timeoutMs),
      })
    } catch (err) {
      throw new ShopError('transient', `WooCommerce did not answer: ${(err as Error).message}`)
    }
    const text = await response.text()
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after') ?? 10)
      const retryAfterMs = (Number.isFinite(seconds) ? seconds : 10) * 1000
      rate = { platform: 'woocommerce', throttledUntil: new Date(Date.now() + retryAfterMs), at: new Date() }
      throw new ShopError('rate_limit', 'WooCommerce (or its host) is throttling requests', retryAfterMs)
    }
    rate = { platform: 'woocommerce', throttledUntil: null, at: new Date() }
    let json: unknown
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      throw new ShopError(
        response.status >= 500 ? 'transient' : 'invalid',
        `WooCommerce answered ${response.status} without JSON`,
      )
    }
    if (!response.ok) {
      const error = WooErrorBody.safeParse(json)
      const message = error.success ? `${error.data.message} (${error.data.code})` : `HTTP ${response.status}`
      if (response.status === 401 || response.status === 403) throw new ShopError('auth', message)
      if (response.status === 404) throw new ShopError('not_found', message)
      throw new ShopError(response.status >= 500 ? 'transient' : 'invalid', message)
    }
    const parsed = schema.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new ShopError(
        'invalid',
        `unexpected WooCommerce answer at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`,
      )
    }
    return { body: parsed.data, totalPages: Number(response.headers.get('x-wp-totalpages') ?? 1) }
  }

  const orderList = z.array(WooOrder)

  async function ordersOf(customerId: string, limit: number) {
    const { body } = await get('/orders', orderList, {
      customer: customerId,
      per_page: limit,
      orderby: 'date',
      order: 'desc',
    })
    return body.map(toOrder)
  }

  async function productStock(productId: string, variationId?: string): Promise<VariantStock | null> {
    try {
      if (variationId) {
        const [{ body: product }, { body: v }] = await Promise.all([
          get(`/products/${productId}`, WooProduct),
          get(`/products/${productId}/variations/${variationId}`, WooVariation),
        ])
        const option = v.attributes.map((a) => a.option).join(' / ')
        return {
          id: `${productId}/${variationId}`,
          title: option ? `${product.name} - ${option}` : product.name,
          sku: v.sku || null,
          stock: v.manage_stock === true ? v.stock_quantity : product.stock_quantity,
        }
      }
      const { body: p } = await get(`/products/${productId}`, WooProduct)
      return {
        id: String(p.id),
        title: p.name,
        sku: p.sku || null,
        stock: p.manage_stock === true ? p.stock_quantity : null,
      }
    } catch (err) {
      if (err instanceof ShopError && err.kind === 'not_found') return null
      throw err
    }
  }

  return {
    platform: 'woocommerce',
    async shopName() {
      await get('/products', z.array(z.unknown()), { per_page: 1 })
      return new URL(credentials.baseUrl).host
    },
    async searchCustomers(query) {
      const { body } = await get('/customers', z.array(WooCustomer), {
        ...(query.email ? { email: query.email } : { search: query.text }),
        per_page: 10,
      })
      return body.map(toCustomer)
    },
    async customer(id) {
      try {
        return toCustomer((await get(`/customers/${encodeURIComponent(id)}`, WooCustomer)).body)
      } catch (err) {
        if (err instanceof ShopError && err.kind === 'not_found') return null
        throw err
      }
    },
    ordersOf,
    async orderByNumber(number) {
      const { body } = await get('/orders', orderList, { search: number, per_page: 10 })
      const found = body.find((o) => o.number === number)
      return found ? toOrder(found) : null
    },
    async order(id) {
      try {
        return toOrder((await get(`/orders/${encodeURIComponent(id)}`, WooOrder)).body)
      } catch (err) {
        if (err instanceof ShopError && err.kind === 'not_found') return null
        throw err
      }
    },
    async orders(query) {
      const page = query.after ? Number(query.after) : 1
      const { body, totalPages } = await get('/orders', orderList, {
        modified_after: query.updatedSince?.toISOString(),
        orderby: 'modified',
        order: 'asc',
        per_page: query.first ?? 50,
        page,
      })
      return { orders: body.map(toOrder), next: page < totalPages ? String(page + 1) : null }
    },
    async stock(variantIds) {
      const found = await Promise.all(
        variantIds.map((id) => {
          const [product, variation] = id.split('/')
          return /^\d+$/.test(product ?? '')
            ? productStock(product as string, variation)
            : Promise.resolve(null)
        }),
      )
      return found.filter((v): v is VariantStock => v !== null)
    },
    async searchVariants(text) {
      const { body } = await get('/products', z.array(WooProduct), { search: text, per_page: 10 })
      const simple = body.filter((p) => p.type !== 'variable')
      const variable = body.filter((p) => p.type === 'variable')
      const variations = await Promise.all(
        variable.map(async (p) => {
          const { body: list } = await get(`/products/${p.id}/variations`, z.array(WooVariation), {
            per_page: 50,
          })
          return list.map((v) => ({
            id: `${p.id}/${v.id}`,
            title: `${p.name} - ${v.attributes.map((a) => a.option).join(' / ')}`,
            sku: v.sku || null,
            stock: v.stock_quantity,
          }))
        }),
      )
      return [
        ...simple.map((p) => ({
          id: String(p.id),
          title: p.name,
          sku: p.sku || null,
          stock: p.manage_stock === true ? p.stock_quantity : null,
        })),
        ...variations.flat(),
      ]
    },
    rateLimit: () => rate,
  }
}
