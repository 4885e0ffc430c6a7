// Shopify's side of the sandbox shop: the client-credentials grant and the versioned GraphQL Admin
// API with cursor paging, the cost-based throttle (extensions.cost.throttleStatus) and Shopify's
// error bodies. Resolvers read the shared ShopState.
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { buildSchema, graphql, Kind, parse, type ValueNode, visit } from 'graphql'
import { z } from 'zod'
import type { ShopSandboxRuntime } from './runtime.js'
import { compare, parseSearch } from './search-query.js'
import { SHOPIFY_SDL } from './shopify-schema.js'
import type { ShopCustomer, ShopOrder, ShopState, ShopVariant, Visit } from './state.js'

const schema = buildSchema(SHOPIFY_SDL)

export const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`
const idOf = (value: string): number => Number(value.split('/').pop())

/** A leaky bucket like Shopify's standard plan: 2,000 points, restoring 100 a second. */
export class ThrottleBucket {
  maximumAvailable = 2000
  restoreRate = 100
  private available = 2000
  private at = Date.now()

  current(): number {
    const now = Date.now()
    this.available = Math.min(
      this.maximumAvailable,
      this.available + ((now - this.at) / 1000) * this.restoreRate,
    )
    this.at = now
    return this.available
  }

  take(cost: number): boolean {
    if (this.current() < cost) return false
    this.available -= cost
    return true
  }

  set(available: number): void {
    this.available = available
    this.at = Date.now()
  }
}

type Page<T> = {
  nodes: T[]
  pageInfo: {
    hasNextPage: boolean
    hasPreviousPage: boolean
    startCursor: string | null
    endCursor: string | null
  }
}

const cursorAt = (index: number) => Buffer.from(JSON.stringify({ last_id: index })).toString('base64url')
const indexOf = (cursor: string | null | undefined): number => {
  if (!cursor) return 0
  try {
    return Number(JSON.parse(Buffer.from(cursor, 'base64url').toString()).last_id) + 1
  } catch {
    throw new Error('Invalid cursor for current pagination sort.')
  }
}

function paginate<T>(items: T[], args: { first?: number | null; after?: string | null }): Page<T> {
  const first = args.first ?? 50
  if (first > 250) throw new Error('The first argument must be less than or equal to 250.')
  const start = indexOf(args.after)
  const nodes = items.slice(start, start + first)
  return {
    nodes,
    pageInfo: {
      hasNextPage: start + first < items.length,
      hasPreviousPage: start > 0,
      startCursor: nodes.length ? cursorAt(start) : null,
      endCursor: nodes.length ? cursorAt(start + nodes.length - 1) : null,
    },
  }
}

function visitOf(v: Visit | null) {
  return v && { ...v, utmParameters: v.utm.source || v.utm.campaign ? v.utm : null }
}

function resolvers(state: ShopState) {
  const customer = (c: ShopCustomer) => ({
    __typename: 'Customer',
    id: gid('Customer', c.id),
    firstName: c.firstName,
    lastName: c.lastName,
    displayName: `${c.firstName} ${c.lastName}`.trim(),
    email: c.email,
    defaultEmailAddress: { emailAddress: c.email },
    numberOfOrders: String(state.orders.filter((o) => o.customerId === c.id).length),
    createdAt: c.createdAt,
  })
  const variant = (v: ShopVariant) => {
    const product = state.productOf(v)
    return {
      __typename: 'ProductVariant',
      id: gid('ProductVariant', v.id),
      title: v.title,
      displayName: `${product.title} - ${v.title}`,
      sku: v.sku,
      price: v.price,
      inventoryQuantity: v.stock,
      product: { __typename: 'Product', id: gid('Product', product.id), title: product.title },
    }
  }
  const order = (o: ShopOrder) => {
    const total = o.lines.reduce((sum, l) => sum + Number(l.price) * l.quantity, 0)
    const owner = state.customers.find((c) => c.id === o.customerId)
    return {
      __typename: 'Order',
      id: gid('Order', o.id),
      name: `#${o.number}`,
      email: o.email,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
      processedAt: o.createdAt,
      cancelledAt: o.cancelledAt,
      displayFinancialStatus: o.financialStatus,
      displayFulfillmentStatus: o.fulfillmentStatus,
      totalPriceSet: { shopMoney: { amount: total.toFixed(2), currencyCode: o.currency } },
      customer: owner ? customer(owner) : null,
      lineItems: (args: { first?: number; after?: string }) =>
        paginate(
          o.lines.map((l) => {
            const v = state.variant(l.variantId)
            return { title: l.title, quantity: l.quantity, variant: v ? variant(v) : null }
          }),
          args,
        ),
      customerJourneySummary: {
        ready: true,
        firstVisit: visitOf(o.firstVisit),
        lastVisit: visitOf(o.lastVisit),
      },
    }
  }

  const matchesCustomer = (c: ShopCustomer, query: string | null | undefined) =>
    parseSearch(query).every((t) => {
      if (t.field === 'email') return compare(c.email, t)
      if (t.field === 'id') return String(c.id) === t.value
      if (t.field === 'first_name') return compare(c.firstName, t)
      if (t.field === 'last_name') return compare(c.lastName, t)
      const text = `${c.firstName} ${c.lastName} ${c.email}`.toLowerCase()
      return text.includes(t.value.toLowerCase())
    })
  const matchesOrder = (o: ShopOrder, query: string | null | undefined) =>
    parseSearch(query).every((t) => {
      if (t.field === 'customer_id') return String(o.customerId) === String(idOf(t.value))
      if (t.field === 'name') return t.value.replace(/^#/, '') === String(o.number)
      if (t.field === 'id') return String(o.id) === t.value
      if (t.field === 'email') return compare(o.email, t)
      if (t.field === 'updated_at') return compare(o.updatedAt, t)
      if (t.field === 'created_at') return compare(o.createdAt, t)
      return `#${o.number} ${o.email}`.toLowerCase().includes(t.value.toLowerCase())
    })
  const matchesVariant = (v: ShopVariant, query: string | null | undefined) =>
    parseSearch(query).every((t) => {
      if (t.field === 'id') return String(v.id) === t.value
      if (t.field === 'sku') return compare(v.sku, t)
      const text = `${state.productOf(v).title} ${v.title} ${v.sku}`.toLowerCase()
      return text.includes(t.value.toLowerCase())
    })
  const allVariants = () => state.products.flatMap((p) => p.variants)
  const byGid = (id: string) => {
    const [, , , type, raw] = id.split('/')
    const n = Number(raw)
    if (type === 'Order') {
      const o = state.orders.find((x) => x.id === n)
      return o ? order(o) : null
    }
    if (type === 'Customer') {
      const c = state.customers.find((x) => x.id === n)
      return c ? customer(c) : null
    }
    if (type === 'ProductVariant') {
      const v = state.variant(n)
      return v ? variant(v) : null
    }
    return null
  }

  return {
    shop: () => ({
      id: 'gid://shopify/Shop/1',
      name: 'Demo Webshop',
      myshopifyDomain: '',
      currencyCode: 'EUR',
    }),
    customers: (args: { first?: number; after?: string; query?: string }) =>
      paginate(state.customers.filter((c) => matchesCustomer(c, args.query)).map(customer), args),
    customer: ({ id }: { id: string }) => byGid(id),
    orders: (args: {
      first?: number
      after?: string
      query?: string
      sortKey?: string
      reverse?: boolean
    }) => {
      const key = args.sortKey === 'UPDATED_AT' ? 'updatedAt' : args.sortKey === 'ID' ? 'id' : 'createdAt'
      const sorted = state.orders
        .filter((o) => matchesOrder(o, args.query))
        .sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.id - b.id))
      if (args.reverse) sorted.reverse()
      return paginate(sorted.map(order), args)
    },
    order: ({ id }: { id: string }) => byGid(id),
    productVariants: (args: { first?: number; after?: string; query?: string }) =>
      paginate(
        allVariants()
          .filter((v) => matchesVariant(v, args.query))
          .map(variant),
        args,
      ),
    productVariant: ({ id }: { id: string }) => byGid(id),
    nodes: ({ ids }: { ids: string[] }) => ids.map(byGid),
  }
}

/** Shopify's requested cost, roughly: one point per object field plus the page sizes asked for. */
export function queryCost(query: string, variables: Record<string, unknown>): number {
  let cost = 1
  const sizeOf = (node: ValueNode): number => {
    if (node.kind === Kind.INT) return Number(node.value)
    if (node.kind === Kind.VARIABLE) return Number(variables[node.name.value] ?? 0)
    return 0
  }
  visit(parse(query), {
    Argument(node) {
      if (node.name.value === 'first' || node.name.value === 'last') cost += sizeOf(node.value)
    },
  })
  return cost
}

const GraphqlBody = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
})

const TokenRequest = z.object({
  client_id: z.string(),
  client_secret: z.string(),
  grant_type: z.literal('client_credentials'),
})

export const SHOPIFY_SCOPES = 'read_customers,read_inventory,read_orders,read_products'

export function registerShopifyRoutes(app: FastifyInstance, runtime: ShopSandboxRuntime): void {
  const root = resolvers(runtime.state)

  // shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials
  app.post('/admin/oauth/access_token', async (request, reply) => {
    const parsed = TokenRequest.safeParse(request.body)
    if (!parsed.success) {
      return reply.code(400).send({
        error: 'invalid_request',
        error_description:
          'The request is missing a required parameter or includes an invalid parameter value.',
      })
    }
    const { shopify } = runtime
    if (parsed.data.client_id !== shopify.clientId || parsed.data.client_secret !== shopify.clientSecret) {
      return reply
        .code(401)
        .send({ error: 'invalid_client', error_description: 'Client authentication failed.' })
    }
    const token = `shpat_${randomBytes(16).toString('hex')}`
    shopify.tokens.set(token, Date.now() + 86_399_000)
    return { access_token: token, scope: SHOPIFY_SCOPES, expires_in: 86_399 }
  })

  app.post<{ Params: { version: string } }>('/admin/api/:version/graphql.json', async (request, reply) => {
    const { shopify } = runtime
    runtime.requests.push({ platform: 'shopify', path: request.url })
    const token = request.headers['x-shopify-access-token']
    const expires = typeof token === 'string' ? shopify.tokens.get(token) : undefined
    if (!expires || expires < Date.now()) {
      return reply
        .code(401)
        .send({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' })
    }
    if (!/^\d{4}-(01|04|07|10)$|^unstable$/.test(request.params.version)) {
      return reply.code(404).send({ errors: 'Not Found' })
    }
    const body = GraphqlBody.safeParse(request.body)
    if (!body.success)
      return reply.code(400).send({ errors: { query: 'Required parameter missing or invalid' } })
    const variables = body.data.variables ?? {}
    let cost: number
    try {
      cost = queryCost(body.data.query, variables)
    } catch (err) {
      return { errors: [{ message: (err as Error).message, extensions: { code: 'PARSE_ERROR' } }] }
    }
    const bucket = shopify.bucket
    const throttleStatus = () => ({
      maximumAvailable: bucket.maximumAvailable,
      currentlyAvailable: Math.floor(bucket.current()),
      restoreRate: bucket.restoreRate,
    })
    if (shopify.throttleNext > 0 || !bucket.take(cost)) {
      shopify.throttleNext = Math.max(0, shopify.throttleNext - 1)
      // shopify.dev/docs/api/usage/rate-limits: a throttled GraphQL call answers 200 with THROTTLED.
      return {
        errors: [
          {
            message: 'Throttled',
            extensions: {
              code: 'THROTTLED',
              documentation: 'https://shopify.dev/api/usage/rate-limits',
            },
          },
        ],
        extensions: {
          cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: throttleStatus() },
        },
      }
    }
    const result = await graphql({
      schema,
      source: body.data.query,
      rootValue: root,
      variableValues: variables,
      operationName: body.data.operationName ?? undefined,
    })
    const shop = (result.data as { shop?: { myshopifyDomain: string } } | null | undefined)?.shop
    if (shop) shop.myshopifyDomain = shopify.domain
    return {
      ...(result.errors
        ? { errors: result.errors.map((e) => ({ message: e.message, locations: e.locations, path: e.path })) }
        : {}),
      data: result.data ?? null,
      extensions: {
        cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: throttleStatus() },
      },
    }
  })
}
