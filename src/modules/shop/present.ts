// View models of the shop module for pages and the JSON API: times as ISO strings, no secrets.
import type { ShopConnection } from './connection-repository.js'
import type { ShopOrder } from './platforms/types.js'

export const webhookPath = (connectionId: string) => `/webhooks/shop/${connectionId}`

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null)

export function presentConnection(c: ShopConnection, publicUrl: string) {
  const rate = c.rateLimit
  return {
    id: c.id,
    platform: c.platform,
    name: c.name,
    shopDomain: c.shopDomain,
    webhookUrl: `${publicUrl}${webhookPath(c.id)}`,
    lastSyncAt: iso(c.lastSyncAt),
    lastWebhookAt: iso(c.lastWebhookAt),
    lastError:
      c.lastError.at && c.lastError.kind
        ? { at: iso(c.lastError.at) as string, kind: c.lastError.kind, message: c.lastError.message ?? '' }
        : null,
    rateLimit: !rate
      ? null
      : rate.platform === 'shopify'
        ? { ...rate, at: iso(rate.at) as string }
        : { ...rate, throttledUntil: iso(rate.throttledUntil), at: iso(rate.at) as string },
  }
}

export function presentOrder(o: ShopOrder) {
  return { ...o, createdAt: o.createdAt.toISOString(), updatedAt: o.updatedAt.toISOString() }
}
