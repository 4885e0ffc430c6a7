// Shop webhooks in: verified over the raw body with the connection's secret, stored once by the
// platform's delivery id, queued for the worker. Forged or unknown ones are refused (401).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { Unauthorized } from '../../errors.js'
import { enqueue, type Queues } from '../../queues.js'
import type { Connections, ShopSettings } from './connections.js'
import type { DeliveryRepository } from './delivery-repository.js'
import { isWooPing, verifyShopifyWebhook, verifyWooWebhook } from './platforms/webhook-signatures.js'

/**
 * The topics Fanfare subscribes to and what each means for it, by a spelling both platforms' names
 * reduce to (Shopify's orders/create, which its library reports as ORDERS_CREATE; WooCommerce's order.created).
 */
const KIND_OF_TOPIC: Record<string, 'order' | 'stock'> = {
  orders_create: 'order',
  orders_updated: 'order',
  products_update: 'stock',
  inventory_levels_update: 'stock',
  order_created: 'order',
  order_updated: 'order',
  product_updated: 'stock',
}
const topicKey = (topic: string) => topic.toLowerCase().replace(/[/.]/g, '_')

/** Only the resource's id is kept; the body's personal data is not stored. */
const Resource = z.object({
  id: z.union([z.number(), z.string()]).optional(),
  inventory_item_id: z.number().optional(),
})

export type WebhookOutcome = { result: 'stored' | 'duplicate' | 'ping' | 'ignored' }

export function createShopWebhooks(deps: {
  connections: Connections
  deliveries: DeliveryRepository
  queues: Queues
  settings: ShopSettings
}) {
  const { connections, deliveries, queues, settings } = deps

  return {
    async receive(
      connectionId: string,
      raw: Buffer,
      http: { request: IncomingMessage; response: ServerResponse },
    ): Promise<WebhookOutcome> {
      const found = await connections.webhookSecret(connectionId)
      if (!found) throw new Unauthorized('shop.badSignature')
      const { connection, secret } = found
      const headers = http.request.headers
      if (connection.platform === 'woocommerce' && isWooPing(raw, headers['content-type']))
        return { result: 'ping' }
      const verified =
        connection.platform === 'shopify'
          ? await verifyShopifyWebhook(
              {
                clientId: connection.clientId ?? '',
                clientSecret: secret,
                apiVersion: settings.apiVersion,
                hostName: settings.hostName,
              },
              raw,
              http.request,
              http.response,
            )
          : verifyWooWebhook(secret, raw, headers)
      if (!verified) throw new Unauthorized('shop.badSignature')
      await connections.recordWebhook(connection.id)
      const kind = KIND_OF_TOPIC[topicKey(verified.topic)]
      if (!kind) return { result: 'ignored' }
      let resourceId: string | null = null
      try {
        const body = Resource.safeParse(JSON.parse(raw.toString('utf8')))
        if (body.success) resourceId = body.data.id !== undefined ? String(body.data.id) : null
      } catch {
        resourceId = null
      }
      const key = `${connection.id}:${verified.deliveryId}`
      const fresh = await deliveries.storeOnce({
        key,
        connectionId: connection.id,
        topic: verified.topic,
        kind,
        resourceId,
      })
      if (!fresh) return { result: 'duplicate' }
      await enqueue(queues, 'apply-shop-event', { key }, { jobId: `shop-${key}`, removeOnComplete: 100 })
      return { result: 'stored' }
    },
  }
}

export type ShopWebhooks = ReturnType<typeof createShopWebhooks>
