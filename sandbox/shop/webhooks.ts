// Signed webhooks from the sandbox shop, as each platform sends them:
// Shopify: X-Shopify-Topic, X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body with the app's
//   client secret), X-Shopify-Shop-Domain, X-Shopify-API-Version, X-Shopify-Webhook-Id, X-Shopify-Event-Id,
//   X-Shopify-Triggered-At (shopify.dev/docs/apps/build/webhooks/subscribe/https).
// WooCommerce: X-WC-Webhook-Source, -Topic, -Resource, -Event, -Signature (base64 HMAC-SHA256 with the
//   webhook's secret), -ID, -Delivery-ID; and on creation a form-encoded `webhook_id=N` ping without a
//   signature (woocommerce.github.io/woocommerce-rest-api-docs/#webhooks, WC_Webhook::deliver_ping).
import { createHmac, randomUUID } from 'node:crypto'
import type { Platform, ShopState, Subscription } from './state.js'

export type Delivery = {
  subscriptionId: number
  platform: Platform
  topic: string
  url: string
  status: number | null
  error: string | null
  body: string
  headers: Record<string, string>
}

export class ShopWebhooks {
  readonly log: Delivery[] = []
  private pending = new Set<Promise<void>>()

  constructor(
    private readonly state: ShopState,
    private readonly shopify: () => { domain: string; clientSecret: string; apiVersion: string },
    private readonly wooSource: () => string,
  ) {}

  /** Sends `payload` to every subscription of the topic (platform-specific topic names). */
  emit(platform: Platform, topic: string, payload: unknown): void {
    for (const s of this.state.subscriptions.filter((x) => x.platform === platform && x.topic === topic)) {
      this.send(s, JSON.stringify(payload), 'application/json')
    }
  }

  /** WooCommerce pings a new webhook's delivery URL with its id. */
  ping(subscription: Subscription): void {
    this.send(subscription, `webhook_id=${subscription.id}`, 'application/x-www-form-urlencoded', true)
  }

  private send(s: Subscription, body: string, contentType: string, ping = false): void {
    const sign = (secret: string) => createHmac('sha256', secret).update(body, 'utf8').digest('base64')
    const headers: Record<string, string> = {
      'content-type': contentType,
      'user-agent': 'Fanfare sandbox shop',
    }
    if (s.platform === 'shopify') {
      const shop = this.shopify()
      Object.assign(headers, {
        'x-shopify-topic': s.topic,
        'x-shopify-hmac-sha256': sign(shop.clientSecret),
        'x-shopify-shop-domain': shop.domain,
        'x-shopify-api-version': shop.apiVersion,
        'x-shopify-webhook-id': randomUUID(),
        'x-shopify-event-id': randomUUID(),
        'x-shopify-triggered-at': new Date().toISOString(),
      })
    } else if (!ping) {
      const [resource, event] = s.topic.split('.')
      Object.assign(headers, {
        'x-wc-webhook-source': this.wooSource(),
        'x-wc-webhook-topic': s.topic,
        'x-wc-webhook-resource': resource ?? '',
        'x-wc-webhook-event': event ?? '',
        'x-wc-webhook-signature': sign(s.secret),
        'x-wc-webhook-id': String(s.id),
        'x-wc-webhook-delivery-id': randomUUID(),
      })
    }
    const entry: Delivery = {
      subscriptionId: s.id,
      platform: s.platform,
      topic: ping ? 'ping' : s.topic,
      url: s.url,
      status: null,
      error: null,
      body,
      headers,
    }
    this.log.push(entry)
    const sent = fetch(s.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) })
      .then(async (response) => {
        entry.status = response.status
        await response.arrayBuffer()
      })
      .catch((err: Error) => {
        entry.error = err.message
      })
      .finally(() => this.pending.delete(sent))
    this.pending.add(sent)
  }

  async settle(): Promise<void> {
    await Promise.all([...this.pending])
  }
}
