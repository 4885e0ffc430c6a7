// View models of the shop module for pages and the JSON API: times as ISO strings, no secrets.
import type { ShopConnection } from './connection-repository.js'
import type { Commenter, ShopPanel } from './customers.js'
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

/** The comment as the shop panel needs it. */
export const commenterOf = (c: {
  facebookCommentId: string
  facebookPageId: string
  from?: { id?: string | null; name?: string | null } | null
}): Commenter => ({
  facebookCommentId: c.facebookCommentId,
  facebookPageId: c.facebookPageId,
  from: { id: c.from?.id ?? null, name: c.from?.name ?? null },
})

const day = (d: Date) => d.toISOString().slice(0, 10)

/** What views/partials/shop-customer.hbs shows: the template only loops and branches. */
export function presentShopPanel(panel: ShopPanel) {
  const tagged = panel.tag
  const order = (o: ShopOrder, connectionId: string) => ({
    id: o.id,
    number: o.number,
    day: day(o.createdAt),
    status: o.status,
    fulfilment: o.fulfilment,
    platformStatus: o.platformStatus,
    total: `${o.total.currency} ${o.total.amount}`,
    items: o.lines.map((l) => `${l.quantity}× ${l.title}`).join(', '),
    tagged: tagged?.connectionId === connectionId && tagged.orderId === o.id,
  })
  return {
    any: panel.connections.length > 0,
    connections: panel.connections.map((c) => ({
      ...c,
      orders: c.orders.map((o) => order(o, c.id)),
      hasResults: (c.results?.length ?? 0) > 0,
      noResults: c.results !== null && c.results.length === 0,
    })),
    tag: tagged
      ? { orderId: tagged.orderId, order: tagged.order ? order(tagged.order, tagged.connectionId) : null }
      : null,
  }
}
