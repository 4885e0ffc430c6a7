// JSON API of the shop: connections and their health (admins), orders and stock read live, and the
// honest-scarcity check as a dry run (marketers).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ErrorResponse, errorResponses } from '../../schemas/common.js'
import { presentConnection, presentOrder, presentStockCheck } from './present.js'
import { admins, planners, shopApi, team } from './route-options.js'
import {
  ConnectionParams,
  ConnectionView,
  ConnectShopBody,
  OrdersQuery,
  OrderView,
  ScarcityCheckBody,
  ScarcityCheckView,
  StockQuery,
  VariantSearchQuery,
  VariantView,
} from './schemas.js'

/** The stock check reads the shop live: enough for a form checking as someone types, not for a loop. */
const STOCK_CHECK_RATE_LIMIT = { max: 60, timeWindow: '1 minute' }
const refusals = { ...errorResponses, 409: ErrorResponse, 422: ErrorResponse, 502: ErrorResponse }

const shopApiRoutes: FastifyPluginAsyncZod = async (app) => {
  const { connections, orders, stock, scarcity } = app.shop
  const publicUrl = app.config.publicUrl

  app.get(
    '/api/v1/shop/connections',
    {
      config: team,
      schema: {
        ...shopApi(
          'List shop connections',
          'With their health: last sync, last error, the rate-limit state last seen.',
        ),
        response: { 200: z.object({ connections: z.array(ConnectionView) }), ...errorResponses },
      },
    },
    async () => ({ connections: (await connections.list()).map((c) => presentConnection(c, publicUrl)) }),
  )

  app.post(
    '/api/v1/shop/connections',
    {
      config: admins,
      schema: {
        ...shopApi(
          'Connect a shop',
          'Shopify: shop domain, the app’s client id and secret (client-credentials grant) or an Admin API access token; ' +
            'WooCommerce: store address and a read-only REST API key/secret plus the webhook secret. The credentials are checked ' +
            'with one call, then stored sealed. 400 names the refused field; 409 when the shop is connected already.',
        ),
        body: ConnectShopBody,
        response: { 201: ConnectionView, ...refusals },
      },
    },
    async (request, reply) => {
      const connection = await connections.connect(request.actor, request.body)
      return reply.code(201).send(presentConnection(connection, publicUrl))
    },
  )

  app.get(
    '/api/v1/shop/connections/:connectionId',
    {
      config: team,
      schema: {
        ...shopApi('One connection and its health'),
        params: ConnectionParams,
        response: { 200: ConnectionView, ...errorResponses },
      },
    },
    async (request) => presentConnection(await connections.find(request.params.connectionId), publicUrl),
  )

  app.put(
    '/api/v1/shop/connections/:connectionId/credentials',
    {
      config: admins,
      schema: {
        ...shopApi(
          'Reconnect a shop with new credentials',
          'The same body as connecting, for the same shop (a revoked key, a new app secret). The new credentials are ' +
            'checked with one call before they replace the old ones; 400 names the refused field.',
        ),
        params: ConnectionParams,
        body: ConnectShopBody,
        response: { 200: ConnectionView, ...refusals },
      },
    },
    async (request) =>
      presentConnection(
        await connections.reconnect(request.actor, request.params.connectionId, request.body),
        publicUrl,
      ),
  )

  app.post(
    '/api/v1/shop/connections/:connectionId/check',
    {
      config: admins,
      schema: {
        ...shopApi('Check a connection now'),
        params: ConnectionParams,
        response: { 200: ConnectionView, ...errorResponses },
      },
    },
    async (request) => presentConnection(await connections.check(request.params.connectionId), publicUrl),
  )

  app.delete(
    '/api/v1/shop/connections/:connectionId',
    {
      config: admins,
      schema: {
        ...shopApi('Disconnect a shop'),
        params: ConnectionParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await connections.disconnect(request.actor, request.params.connectionId)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/v1/shop/connections/:connectionId/orders',
    {
      config: planners,
      schema: {
        ...shopApi(
          'Orders changed since a time',
          'Read live from the shop, oldest change first; `next` is the cursor for the following page (pass it as `after`). ' +
            '`attribution` carries the UTM parameters the platform recorded (Shopify: customer journey, last visit; ' +
            'WooCommerce: order attribution).',
        ),
        params: ConnectionParams,
        querystring: OrdersQuery,
        response: { 200: z.object({ orders: z.array(OrderView), next: z.string().nullable() }), ...refusals },
      },
    },
    async (request) => {
      const q = request.query
      const page = await orders.list(request.params.connectionId, {
        updatedSince: q.updatedSince ? new Date(q.updatedSince) : undefined,
        after: q.after ?? null,
        first: q.first,
      })
      return { orders: page.orders.map(presentOrder), next: page.next }
    },
  )

  app.get(
    '/api/v1/shop/connections/:connectionId/variants',
    {
      config: planners,
      schema: {
        ...shopApi('Search product variants', 'By title or SKU, with their stock now.'),
        params: ConnectionParams,
        querystring: VariantSearchQuery,
        response: { 200: z.object({ variants: z.array(VariantView) }), ...refusals },
      },
    },
    async (request) => ({ variants: await stock.search(request.params.connectionId, request.query.q) }),
  )

  app.post(
    '/api/v1/shop/stock-checks',
    {
      config: { ...planners, rateLimit: STOCK_CHECK_RATE_LIMIT },
      schema: {
        ...shopApi(
          'Check a promo’s scarcity claims against the stock now',
          'A dry run of the check a post or campaign gets when it is planned and again right before it goes out; ' +
            'nothing is saved. `text` is one text or several by name (`{"title": …, "rulesNl": …}`). Claims such as ' +
            '“nog maar 3”, “bijna uitverkocht”, “only 2 left” need the linked `product` to have at most that many in ' +
            'stock; “laatste kans” and countdowns need `offerEndsAt` after `at` (now unless given). `verdict` is ' +
            '`refused` with each claim, its reason and a message in the caller’s language; `preview` has {voorraad} ' +
            'filled in. At most 60 checks a minute per address (429 beyond).',
        ),
        body: ScarcityCheckBody,
        response: { 200: ScarcityCheckView, ...refusals, 429: ErrorResponse },
      },
    },
    async (request) => {
      const body = request.body
      const result = await scarcity.check({
        text: body.text,
        product: body.product ?? null,
        endsAt: body.offerEndsAt ? new Date(body.offerEndsAt) : null,
        at: body.at ? new Date(body.at) : new Date(),
      })
      return presentStockCheck(result, body.product ?? null, request.locale)
    },
  )

  app.get(
    '/api/v1/shop/connections/:connectionId/stock',
    {
      config: planners,
      schema: {
        ...shopApi('Stock of one variant now'),
        params: ConnectionParams,
        querystring: StockQuery,
        response: { 200: VariantView, ...refusals },
      },
    },
    async (request) =>
      stock.of({ connectionId: request.params.connectionId, variantId: request.query.variantId }),
  )
}

export default shopApiRoutes
