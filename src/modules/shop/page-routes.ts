// The shop page for admins: each connection with its health, forms to connect Shopify or WooCommerce
// (the one form pattern; secrets are never shown again, not even on a refused form), reconnect with
// new credentials, check now, and remove (irreversible, asks first).
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { FormSpec } from '../../form-errors.js'
import { irreversible } from '../../irreversible.js'
import type { ShopConnection } from './connection-repository.js'
import { presentHealth } from './health.js'
import { webhookPath } from './present.js'
import { admins } from './route-options.js'
import { ConnectionParams, ConnectShopBody } from './schemas.js'

const PlatformParams = z.object({ platform: z.enum(['shopify', 'woocommerce']) })

/** Fields a refused form may show again: never a secret, key or token. */
const SHOWN_AGAIN = ['platform', 'name', 'shopDomain', 'clientId', 'baseUrl'] as const

const CONNECT_LABELS: Record<string, string> = {
  platform: 'shopPage.platformLabel',
  name: 'shopPage.name',
  shopDomain: 'shopPage.shopDomain',
  clientId: 'shopPage.clientId',
  clientSecret: 'shopPage.clientSecret',
  accessToken: 'shopPage.accessToken',
  baseUrl: 'shopPage.baseUrl',
  consumerKey: 'shopPage.consumerKey',
  consumerSecret: 'shopPage.consumerSecret',
  webhookSecret: 'shopPage.webhookSecret',
}

const safeValues = (input: Record<string, unknown>) =>
  Object.fromEntries(SHOWN_AGAIN.filter((k) => typeof input[k] === 'string').map((k) => [k, input[k]]))

const platformOf = (value: unknown): 'shopify' | 'woocommerce' =>
  value === 'woocommerce' ? 'woocommerce' : 'shopify'

const shopPageRoutes: FastifyPluginAsyncZod = async (app) => {
  const { connections } = app.shop
  const publicUrl = app.config.publicUrl
  const zoneOf = async () => (await app.pages.list())[0]?.timeZone

  /** The connect (or reconnect) form of one platform. */
  const connectModel = (
    platform: 'shopify' | 'woocommerce',
    values: Record<string, unknown>,
    reconnect: ShopConnection | null,
  ) => ({
    title: reconnect ? 'shopPage.reconnectTitle' : `shopPage.connectTitle.${platform}`,
    platform,
    shopify: platform === 'shopify',
    action: reconnect ? `/shop/${reconnect.id}/reconnect` : '/shop/connect',
    reconnect: reconnect
      ? { id: reconnect.id, name: reconnect.name, shopDomain: reconnect.shopDomain }
      : null,
    values: { ...safeValues(values), platform },
  })

  app.get('/shop', { config: admins }, async (request, reply) => {
    const zone = await zoneOf()
    const list = await connections.list()
    return reply.page('shop/index', {
      title: 'nav.shop',
      connections: list.map((c) => ({
        ...presentHealth(c, { locale: request.locale, zone }),
        webhookUrl: `${publicUrl}${webhookPath(c.id)}`,
      })),
    })
  })

  app.get(
    '/shop/connect/:platform',
    { config: admins, schema: { params: PlatformParams } },
    async (request, reply) => reply.page('shop/connect', connectModel(request.params.platform, {}, null)),
  )

  const connectForm: FormSpec = {
    labels: CONNECT_LABELS,
    render: async (_request, input) => ({
      template: 'shop/connect',
      model: connectModel(platformOf(input.platform), input, null),
    }),
  }
  app.post(
    '/shop/connect',
    { config: { ...admins, form: connectForm }, schema: { body: ConnectShopBody } },
    async (request, reply) => {
      const connection = await connections.connect(request.actor, request.body)
      return reply.done('/shop', 'shopPage.connected', { name: connection.name })
    },
  )

  const reconnecting = async (request: FastifyRequest) =>
    connections.find((request.params as { connectionId: string }).connectionId)

  app.get(
    '/shop/:connectionId/reconnect',
    { config: admins, schema: { params: ConnectionParams } },
    async (request, reply) => {
      const connection = await reconnecting(request)
      const values = {
        name: connection.name,
        shopDomain: connection.shopDomain,
        clientId: connection.clientId ?? '',
        baseUrl: connection.baseUrl ?? '',
      }
      return reply.page('shop/connect', connectModel(connection.platform, values, connection))
    },
  )

  const reconnectForm: FormSpec = {
    labels: CONNECT_LABELS,
    render: async (request, input) => {
      const connection = await reconnecting(request)
      return { template: 'shop/connect', model: connectModel(connection.platform, input, connection) }
    },
  }
  app.post(
    '/shop/:connectionId/reconnect',
    {
      config: { ...admins, form: reconnectForm },
      schema: { params: ConnectionParams, body: ConnectShopBody },
    },
    async (request, reply) => {
      const connection = await connections.reconnect(request.actor, request.params.connectionId, request.body)
      return reply.done('/shop', 'shopPage.reconnected', { name: connection.name })
    },
  )

  app.post(
    '/shop/:connectionId/check',
    { config: admins, schema: { params: ConnectionParams } },
    async (request, reply) => {
      const checked = await connections.check(request.params.connectionId)
      return checked.lastError.kind
        ? reply.done('/shop', 'shopPage.checkFailed', { name: checked.name }, 'bad')
        : reply.done('/shop', 'shopPage.checked', { name: checked.name })
    },
  )

  app.post(
    '/shop/:connectionId/remove',
    {
      ...irreversible(app, {
        path: '/shop/:connectionId/remove',
        name: 'shop.remove',
        config: admins,
        params: ConnectionParams,
        cancelTo: () => '/shop',
      }),
      schema: { params: ConnectionParams },
    },
    async (request, reply) => {
      const connection = await connections.find(request.params.connectionId)
      await connections.disconnect(request.actor, connection.id)
      return reply.done('/shop', 'shopPage.removed', { name: connection.name })
    },
  )
}

export default shopPageRoutes
