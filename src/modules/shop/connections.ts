// Connecting shops: credentials checked against the platform, then stored sealed; a client per
// connection whose every call records the connection's health (last sync, last error, rate limit).
import { Conflict, InvalidInput, NotFound } from '../../errors.js'
import type { SecretBox } from '../../security/secret-box.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { ConnectionRepository, ShopConnection } from './connection-repository.js'
import { ShopError } from './platforms/errors.js'
import { createShopifyClient } from './platforms/shopify.js'
import { routeShopTo } from './platforms/shopify-api.js'
import type { ShopClient } from './platforms/types.js'
import { createWooClient } from './platforms/woocommerce.js'
import type { ConnectShopBody } from './schemas.js'

type Secrets =
  | { platform: 'shopify'; clientSecret: string; accessToken?: string }
  | { platform: 'woocommerce'; consumerKey: string; consumerSecret: string; webhookSecret: string }

export type ShopSettings = {
  apiVersion: string
  /** this install's host, which @shopify/shopify-api wants to know */
  hostName: string
  timeoutMs: number
  /** the sandbox shop: Shopify Admin calls go here instead of https://{shop} */
  shopifyAdminUrl?: string
}

export function createConnections(deps: {
  repo: ConnectionRepository
  audit: AuditLog
  credentials: SecretBox
  settings: ShopSettings
}) {
  const { repo, audit, credentials, settings } = deps
  const clients = new Map<string, { client: ShopClient; sealed: string }>()

  function clientOf(
    connection: Pick<ShopConnection, 'platform' | 'shopDomain' | 'baseUrl' | 'clientId'>,
    secrets: Secrets,
  ): ShopClient {
    if (secrets.platform === 'shopify') {
      if (settings.shopifyAdminUrl) routeShopTo(connection.shopDomain, settings.shopifyAdminUrl)
      return createShopifyClient({
        shopDomain: connection.shopDomain,
        clientId: connection.clientId ?? '',
        clientSecret: secrets.clientSecret,
        accessToken: secrets.accessToken,
        apiVersion: settings.apiVersion,
        hostName: settings.hostName,
      })
    }
    return createWooClient(
      {
        baseUrl: connection.baseUrl ?? '',
        consumerKey: secrets.consumerKey,
        consumerSecret: secrets.consumerSecret,
      },
      { timeoutMs: settings.timeoutMs },
    )
  }

  function secretsOf(body: ConnectShopBody): Secrets {
    return body.platform === 'shopify'
      ? {
          platform: 'shopify',
          clientSecret: body.clientSecret,
          ...(body.accessToken ? { accessToken: body.accessToken } : {}),
        }
      : {
          platform: 'woocommerce',
          consumerKey: body.consumerKey,
          consumerSecret: body.consumerSecret,
          webhookSecret: body.webhookSecret,
        }
  }

  async function secretsFor(id: string): Promise<{ secrets: Secrets; sealed: string }> {
    const sealed = await repo.sealedCredentials(id)
    if (!sealed) throw new NotFound('shop.connectionNotFound')
    return { secrets: JSON.parse(credentials.open(sealed)) as Secrets, sealed }
  }

  async function find(id: string): Promise<ShopConnection> {
    const connection = await repo.find(id)
    if (!connection) throw new NotFound('shop.connectionNotFound')
    return connection
  }

  /** A client for the connection (cached while its credentials stay the same). */
  async function client(connection: ShopConnection): Promise<ShopClient> {
    const { secrets, sealed } = await secretsFor(connection.id)
    const cached = clients.get(connection.id)
    if (cached && cached.sealed === sealed) return cached.client
    const fresh = clientOf(connection, secrets)
    clients.set(connection.id, { client: fresh, sealed })
    return fresh
  }

  /** Runs one or more calls on the connection's shop and records how it went. */
  async function call<T>(
    connectionId: string,
    run: (client: ShopClient, connection: ShopConnection) => Promise<T>,
  ): Promise<T> {
    const connection = await find(connectionId)
    const shop = await client(connection)
    try {
      const result = await run(shop, connection)
      await repo.recordHealth(connection.id, { ok: true, rateLimit: shop.rateLimit() })
      return result
    } catch (err) {
      if (err instanceof ShopError) {
        await repo.recordHealth(connection.id, {
          ok: false,
          error: { kind: err.kind, message: err.message },
          rateLimit: shop.rateLimit(),
        })
      }
      throw err
    }
  }

  /** The connection's fields and secrets from a form or API body, proven with one call to the shop. */
  async function checked(body: ConnectShopBody) {
    const shopDomain = body.platform === 'shopify' ? body.shopDomain : new URL(body.baseUrl).host
    const fields = {
      platform: body.platform,
      name: body.name,
      shopDomain,
      baseUrl: body.platform === 'woocommerce' ? body.baseUrl.replace(/\/$/, '') : null,
      clientId: body.platform === 'shopify' ? body.clientId : null,
    }
    const secrets = secretsOf(body)
    const probe = clientOf(fields, secrets)
    try {
      await probe.shopName()
    } catch (err) {
      if (!(err instanceof ShopError)) throw err
      const field =
        body.platform === 'shopify'
          ? err.kind === 'auth'
            ? 'clientSecret'
            : 'shopDomain'
          : err.kind === 'auth'
            ? 'consumerKey'
            : 'baseUrl'
      throw new InvalidInput(field, err.kind === 'auth' ? 'shop.credentialsRefused' : 'shop.unreachable', {
        message: err.message,
      })
    }
    return { fields, secrets, probe }
  }

  return {
    find,
    list: () => repo.list(),
    call,

    /** Checks the credentials with one call to the shop, then stores them sealed. Admins only (routes). */
    async connect(actor: Actor, body: ConnectShopBody): Promise<ShopConnection> {
      const { fields, secrets, probe } = await checked(body)
      const connection = await repo.connect({
        ...fields,
        sealedCredentials: credentials.seal(JSON.stringify(secrets)),
        connectedBy: actor.userId,
      })
      if (!connection) throw new Conflict('shop.alreadyConnected', { shop: fields.shopDomain })
      await repo.recordHealth(connection.id, { ok: true, rateLimit: probe.rateLimit() })
      await audit.record(actor, {
        action: 'shop.connect',
        target: { type: 'shop', id: connection.id, label: connection.name },
        after: { platform: connection.platform, shopDomain: fields.shopDomain },
      })
      return (await repo.find(connection.id)) as ShopConnection
    },

    /** New credentials for the same shop (a revoked key, a new app secret): checked first, then sealed. */
    async reconnect(actor: Actor, id: string, body: ConnectShopBody): Promise<ShopConnection> {
      const connection = await find(id)
      const { fields, secrets, probe } = await checked(body)
      if (fields.platform !== connection.platform || fields.shopDomain !== connection.shopDomain) {
        const field = body.platform === 'shopify' ? 'shopDomain' : 'baseUrl'
        throw new InvalidInput(field, 'shop.reconnectOtherShop', { shop: connection.shopDomain })
      }
      const replaced = await repo.replaceCredentials(id, {
        name: fields.name,
        clientId: fields.clientId,
        baseUrl: fields.baseUrl,
        sealedCredentials: credentials.seal(JSON.stringify(secrets)),
      })
      if (!replaced) throw new NotFound('shop.connectionNotFound')
      clients.delete(id)
      await repo.recordHealth(id, { ok: true, rateLimit: probe.rateLimit() })
      await audit.record(actor, {
        action: 'shop.reconnect',
        target: { type: 'shop', id, label: fields.name },
        before: { name: connection.name },
        after: { name: fields.name, platform: connection.platform, shopDomain: connection.shopDomain },
      })
      return find(id)
    },

    async disconnect(actor: Actor, id: string): Promise<void> {
      const connection = await find(id)
      if (!(await repo.disconnect(id))) throw new NotFound('shop.connectionNotFound')
      clients.delete(id)
      await audit.record(actor, {
        action: 'shop.disconnect',
        target: { type: 'shop', id, label: connection.name },
        before: { platform: connection.platform, shopDomain: connection.shopDomain },
      })
    },

    /** Checks the connection now (the health view's button). */
    async check(id: string): Promise<ShopConnection> {
      await call(id, (shop) => shop.shopName()).catch((err) => {
        if (!(err instanceof ShopError)) throw err
      })
      return find(id)
    },

    /** The secret a webhook from this connection is signed with. */
    async webhookSecret(id: string): Promise<{ connection: ShopConnection; secret: string } | null> {
      const connection = await repo.find(id)
      if (!connection) return null
      const { secrets } = await secretsFor(id)
      return {
        connection,
        secret: secrets.platform === 'shopify' ? secrets.clientSecret : secrets.webhookSecret,
      }
    },

    recordWebhook: (id: string) => repo.recordWebhook(id),

    /** Whether an admin removed this shop's connection (one record per shop: removed or live). */
    wasRemoved: (platform: ShopConnection['platform'], shopDomain: string) =>
      repo.wasRemoved(platform, shopDomain),
  }
}

export type Connections = ReturnType<typeof createConnections>
