// Shopify through @shopify/shopify-api: the GraphQL Admin API (pinned version), an access token from
// the Dev Dashboard or the client-credentials grant, the cost-based throttle read from every answer.
// Every answer's data is parsed with zod. shopify.dev/docs/api/admin-graphql
import type { Session } from '@shopify/shopify-api'
import { z } from 'zod'
import { ShopError } from './errors.js'
import { loadShopify, type Shopify, type ShopifyApp, type ShopifyLib, shopifyFor } from './shopify-api.js'
import type {
  FulfilmentStatus,
  OrderStatus,
  RateLimitState,
  ShopClient,
  ShopCustomer,
  ShopOrder,
  VariantStock,
} from './types.js'

export type ShopifyCredentials = ShopifyApp & { shopDomain: string }

const Cost = z.object({
  throttleStatus: z.object({
    maximumAvailable: z.number(),
    currentlyAvailable: z.number(),
    restoreRate: z.number(),
  }),
})

const PageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() })

const Customer = z.object({
  id: z.string(),
  displayName: z.string(),
  defaultEmailAddress: z.object({ emailAddress: z.string().nullable() }).nullable(),
  numberOfOrders: z.coerce.number(),
})

const Visit = z
  .object({
    landingPage: z.string().nullable(),
    referrerUrl: z.string().nullable(),
    utmParameters: z
      .object({
        source: z.string().nullable(),
        medium: z.string().nullable(),
        campaign: z.string().nullable(),
        content: z.string().nullable(),
        term: z.string().nullable(),
      })
      .nullable(),
  })
  .nullable()

const Order = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  cancelledAt: z.string().nullable(),
  displayFinancialStatus: z.string().nullable(),
  displayFulfillmentStatus: z.string(),
  totalPriceSet: z.object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string() }) }),
  customer: z.object({ id: z.string() }).nullable(),
  lineItems: z.object({
    nodes: z.array(
      z.object({ title: z.string(), quantity: z.number(), variant: z.object({ id: z.string() }).nullable() }),
    ),
  }),
  customerJourneySummary: z.object({ lastVisit: Visit, firstVisit: Visit }).nullable(),
})

const Variant = z.object({
  id: z.string(),
  displayName: z.string(),
  sku: z.string().nullable(),
  inventoryQuantity: z.number().nullable(),
})

const ORDER_FIELDS = /* GraphQL */ `
  id name createdAt updatedAt cancelledAt displayFinancialStatus displayFulfillmentStatus
  totalPriceSet { shopMoney { amount currencyCode } }
  customer { id }
  lineItems(first: 20) { nodes { title quantity variant { id } } }
  customerJourneySummary {
    firstVisit { landingPage referrerUrl utmParameters { source medium campaign content term } }
    lastVisit { landingPage referrerUrl utmParameters { source medium campaign content term } }
  }
`
const CUSTOMER_FIELDS = 'id displayName defaultEmailAddress { emailAddress } numberOfOrders'
const VARIANT_FIELDS = 'id displayName sku inventoryQuantity'

const FINANCIAL: Record<string, OrderStatus> = {
  PENDING: 'pending',
  AUTHORIZED: 'pending',
  PARTIALLY_PAID: 'pending',
  PAID: 'paid',
  PARTIALLY_REFUNDED: 'paid',
  REFUNDED: 'refunded',
  VOIDED: 'cancelled',
  EXPIRED: 'cancelled',
}
const FULFILMENT: Record<string, FulfilmentStatus> = {
  UNFULFILLED: 'unfulfilled',
  PENDING_FULFILLMENT: 'unfulfilled',
  OPEN: 'unfulfilled',
  SCHEDULED: 'unfulfilled',
  ON_HOLD: 'unfulfilled',
  IN_PROGRESS: 'in_progress',
  PARTIALLY_FULFILLED: 'partial',
  FULFILLED: 'fulfilled',
  RESTOCKED: 'none',
  REQUEST_DECLINED: 'unfulfilled',
}

const numericId = (gid: string) => gid.split('/').pop() ?? gid

function toOrder(o: z.infer<typeof Order>): ShopOrder {
  const visit = o.customerJourneySummary?.lastVisit ?? o.customerJourneySummary?.firstVisit ?? null
  const utm = visit?.utmParameters
  return {
    id: o.id,
    number: o.name.replace(/^#/, ''),
    createdAt: new Date(o.createdAt),
    updatedAt: new Date(o.updatedAt),
    status: o.cancelledAt ? 'cancelled' : (FINANCIAL[o.displayFinancialStatus ?? ''] ?? 'other'),
    fulfilment: FULFILMENT[o.displayFulfillmentStatus] ?? 'none',
    platformStatus: [o.displayFinancialStatus, o.displayFulfillmentStatus].filter(Boolean).join(' · '),
    total: { amount: o.totalPriceSet.shopMoney.amount, currency: o.totalPriceSet.shopMoney.currencyCode },
    customerId: o.customer?.id ?? null,
    lines: o.lineItems.nodes.map((l) => ({
      variantId: l.variant?.id ?? null,
      title: l.title,
      quantity: l.quantity,
    })),
    attribution: visit
      ? {
          source: utm?.source ?? null,
          medium: utm?.medium ?? null,
          campaign: utm?.campaign ?? null,
          content: utm?.content ?? null,
          term: utm?.term ?? null,
          landingPage: visit.landingPage,
          referrer: visit.referrerUrl,
        }
      : null,
  }
}

const toCustomer = (c: z.infer<typeof Customer>): ShopCustomer => ({
  id: c.id,
  name: c.displayName,
  email: c.defaultEmailAddress?.emailAddress ?? null,
  orderCount: c.numberOfOrders,
})

const toVariant = (v: z.infer<typeof Variant>): VariantStock => ({
  id: v.id,
  title: v.displayName.replace(/ - Default Title$/, ''),
  sku: v.sku || null,
  stock: v.inventoryQuantity,
})

/** Shopify's search syntax quotes values with spaces or colons. */
const quoted = (value: string) => `"${value.replace(/["\\]/g, '')}"`

export function createShopifyClient(credentials: ShopifyCredentials): ShopClient {
  // The library is loaded on the first call (shopify-api.ts), so making a client costs nothing.
  let shopify: Promise<Shopify> | null = null
  const api = () => {
    shopify ??= shopifyFor(credentials)
    return shopify
  }
  let session: Session | null = null
  let rate: RateLimitState | null = null

  async function currentSession(fresh = false): Promise<Session> {
    if (session && !fresh && (!session.expires || session.expires.getTime() > Date.now() + 60_000))
      return session
    const lib = await loadShopify()
    if (credentials.accessToken) {
      session ??= new lib.Session({
        id: `offline_${credentials.shopDomain}`,
        shop: credentials.shopDomain,
        state: '',
        isOnline: false,
        accessToken: credentials.accessToken,
      })
      return session
    }
    try {
      session = (await (await api()).auth.clientCredentials({ shop: credentials.shopDomain })).session
      return session
    } catch (err) {
      throw toShopError(err, lib)
    }
  }

  function toShopError(err: unknown, { GraphqlQueryError, HttpResponseError }: ShopifyLib): ShopError {
    if (err instanceof ShopError) return err
    if (err instanceof GraphqlQueryError) {
      const body = err.body as
        | { errors?: { graphQLErrors?: { message: string; extensions?: { code?: string } }[] } }
        | undefined
      const first = body?.errors?.graphQLErrors?.[0]
      if (first?.extensions?.code === 'THROTTLED') {
        const status = rate?.platform === 'shopify' ? rate : null
        const wait = status
          ? Math.max(1000, ((100 - status.currentlyAvailable) / status.restoreRate) * 1000)
          : 2000
        return new ShopError('rate_limit', 'Shopify throttled the query (cost bucket empty)', Math.ceil(wait))
      }
      return new ShopError('invalid', `Shopify refused the query: ${first?.message ?? err.message}`)
    }
    if (err instanceof HttpResponseError) {
      const code = err.response.code
      if (code === 401 || code === 403)
        return new ShopError('auth', `Shopify refused the credentials (HTTP ${code})`)
      if (code === 404) return new ShopError('not_found', 'Shopify: not found (shop domain or API version)')
      if (code === 429) return new ShopError('rate_limit', 'Shopify is throttling requests', 2000)
      if (code >= 500) return new ShopError('transient', `Shopify answered HTTP ${code}`)
      return new ShopError('invalid', `Shopify answered HTTP ${code}`)
    }
    const message = (err as Error)?.message ?? String(err)
    if (/invalid shop/i.test(message))
      return new ShopError('invalid', 'not a Shopify shop domain (name.myshopify.com)')
    return new ShopError('transient', `Shopify did not answer: ${message}`)
  }

  async function query<T>(
    operation: string,
    schema: z.ZodType<T>,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    const lib = await loadShopify()
    for (let attempt = 0; ; attempt++) {
      const client = new (await api()).clients.Graphql({ session: await currentSession(attempt > 0) })
      try {
        const answer = await client.request(operation, { variables })
        const cost = Cost.safeParse((answer.extensions as { cost?: unknown } | undefined)?.cost)
        if (cost.success) rate = { platform: 'shopify', ...cost.data.throttleStatus, at: new Date() }
        const parsed = schema.safeParse(answer.data)
        if (!parsed.success) {
          const issue = parsed.error.issues[0]
          throw new ShopError(
            'invalid',
            `unexpected Shopify answer at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`,
          )
        }
        return parsed.data
      } catch (err) {
        if (err instanceof lib.GraphqlQueryError) {
          const cost = Cost.safeParse(
            (err.body as { extensions?: { cost?: unknown } } | undefined)?.extensions?.cost,
          )
          if (cost.success) rate = { platform: 'shopify', ...cost.data.throttleStatus, at: new Date() }
        }
        const shopError = toShopError(err, lib)
        // A client-credentials token lasts a day; an expired one is replaced once.
        if (shopError.kind === 'auth' && attempt === 0 && !credentials.accessToken) continue
        throw shopError
      }
    }
  }

  const orderConnection = z.object({ orders: z.object({ nodes: z.array(Order), pageInfo: PageInfo }) })

  return {
    platform: 'shopify',
    async shopName() {
      const data = await query('query { shop { name } }', z.object({ shop: z.object({ name: z.string() }) }))
      return data.shop.name
    },
    async searchCustomers(q) {
      const search = q.email ? `email:${quoted(q.email)}` : (q.text ?? '')
      const data = await query(
        `query Customers($q: String) { customers(first: 10, query: $q) { nodes { ${CUSTOMER_FIELDS} } } }`,
        z.object({ customers: z.object({ nodes: z.array(Customer) }) }),
        { q: search },
      )
      return data.customers.nodes.map(toCustomer)
    },
    async customer(id) {
      const data = await query(
        `query Customer($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} } }`,
        z.object({ customer: Customer.nullable() }),
        { id },
      )
      return data.customer ? toCustomer(data.customer) : null
    },
    async ordersOf(customerId, limit) {
      const data = await query(
        `query Orders($q: String, $n: Int) { orders(first: $n, query: $q, sortKey: CREATED_AT, reverse: true) { nodes { ${ORDER_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
        orderConnection,
        { q: `customer_id:${numericId(customerId)}`, n: limit },
      )
      return data.orders.nodes.map(toOrder)
    },
    async orderByNumber(number) {
      const data = await query(
        `query Orders($q: String) { orders(first: 1, query: $q) { nodes { ${ORDER_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
        orderConnection,
        { q: `name:${quoted(`#${number.replace(/^#/, '')}`)}` },
      )
      const found = data.orders.nodes[0]
      return found ? toOrder(found) : null
    },
    async order(id) {
      const data = await query(
        `query Order($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`,
        z.object({ order: Order.nullable() }),
        { id },
      )
      return data.order ? toOrder(data.order) : null
    },
    async orders(q) {
      const data = await query(
        `query Orders($q: String, $n: Int, $after: String) { orders(first: $n, after: $after, query: $q, sortKey: UPDATED_AT) { nodes { ${ORDER_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
        orderConnection,
        {
          q: q.updatedSince ? `updated_at:>${quoted(q.updatedSince.toISOString())}` : null,
          n: q.first ?? 50,
          after: q.after ?? null,
        },
      )
      return {
        orders: data.orders.nodes.map(toOrder),
        next: data.orders.pageInfo.hasNextPage ? data.orders.pageInfo.endCursor : null,
      }
    },
    async stock(variantIds) {
      const ids = variantIds.filter((id) => id.startsWith('gid://shopify/ProductVariant/'))
      if (ids.length === 0) return []
      const data = await query(
        `query Stock($ids: [ID!]!) { nodes(ids: $ids) { ... on ProductVariant { ${VARIANT_FIELDS} } } }`,
        z.object({ nodes: z.array(z.union([Variant, z.object({}).strict(), z.null()])) }),
        { ids },
      )
      return data.nodes.filter((n): n is z.infer<typeof Variant> => !!n && 'id' in n).map(toVariant)
    },
    async searchVariants(text) {
      const data = await query(
        `query Variants($q: String) { productVariants(first: 20, query: $q) { nodes { ${VARIANT_FIELDS} } } }`,
        z.object({ productVariants: z.object({ nodes: z.array(Variant) }) }),
        { q: text },
      )
      return data.productVariants.nodes.map(toVariant)
    },
    rateLimit: () => rate,
  }
}
