// Verifying shop webhooks over the raw bytes. Shopify through @shopify/shopify-api's own validator
// (X-Shopify-Hmac-Sha256 and the required X-Shopify-* headers); WooCommerce has no library, so its
// X-WC-Webhook-Signature (base64 HMAC-SHA256 of the body with the webhook's secret) is checked here.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { shopifyFor } from './shopify-api.js'

export type VerifiedWebhook = { topic: string; deliveryId: string }

export async function verifyShopifyWebhook(
  app: { clientId: string; clientSecret: string; apiVersion: string; hostName: string },
  raw: Buffer,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<VerifiedWebhook | null> {
  const result = await (await shopifyFor(app)).webhooks.validate({
    rawBody: raw.toString('utf8'),
    rawRequest: request,
    rawResponse: response,
  })
  if (!result.valid || !('webhookId' in result)) return null
  return { topic: result.topic, deliveryId: result.webhookId }
}

export function verifyWooWebhook(
  secret: string,
  raw: Buffer,
  headers: Record<string, string | string[] | undefined>,
): VerifiedWebhook | null {
  const header = (name: string) => {
    const v = headers[name]
    return Array.isArray(v) ? v[0] : v
  }
  const given = Buffer.from(header('x-wc-webhook-signature') ?? '')
  const expected = Buffer.from(createHmac('sha256', secret).update(raw).digest('base64'))
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  const topic = header('x-wc-webhook-topic')
  const deliveryId = header('x-wc-webhook-delivery-id')
  if (!topic || !deliveryId) return null
  return { topic, deliveryId }
}

/** WooCommerce's ping when a webhook is created: a form body `webhook_id=N`, unsigned. */
export const isWooPing = (raw: Buffer, contentType: string | undefined) =>
  (contentType ?? '').startsWith('application/x-www-form-urlencoded') &&
  /^webhook_id=\d+$/.test(raw.toString('utf8'))
