// View models of the shop module for pages and the JSON API: times as ISO strings, no secrets.
import type { z } from 'zod'
import { type Locale, translate } from '../../i18n/index.js'
import type { ShopConnection } from './connection-repository.js'
import type { Commenter, ShopPanel } from './customers.js'
import type { ShopOrder } from './platforms/types.js'
import type { Scarcity } from './scarcity.js'
import type { ScarcityCheckView } from './schemas.js'

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
  // Erasing is offered for a known commenter while a shop is connected or something is kept of them
  // (links stay when their shop's connection is removed).
  const kept = panel.kept
  const anyKept = kept ? kept.links + kept.tags + kept.entries > 0 : false
  const erase = kept && (panel.connections.length > 0 || anyKept) ? { ...kept, any: anyKept } : null
  return {
    any: panel.connections.length > 0,
    shown: panel.connections.length > 0 || erase !== null,
    erase,
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

/** A customer link as the JSON API shows it: ids and who linked when, no personal data. */
export const presentLink = (l: import('./link-repository.js').StoredLink) => ({
  id: l.id,
  facebookPageId: l.facebookPageId,
  commenterId: l.facebookUserId,
  connectionId: l.connectionId,
  customerId: l.customerId,
  linkedBy: l.linkedBy,
  linkedAt: l.linkedAt.toISOString(),
})

/** The compose form's product choice: per shop its variants with their stock, the linked one selected. */
export function presentProductChoice(
  catalog: import('./stock.js').Catalog,
  selected: string | null | undefined,
  extra: { value: string; title: string; stock: number | null } | null = null,
) {
  const option = (
    connectionId: string,
    v: { id: string; title: string; sku: string | null; stock: number | null },
  ) => {
    const value = `${connectionId}:${v.id}`
    return {
      value,
      title: v.title,
      sku: v.sku,
      stock: v.stock,
      tracked: v.stock !== null,
      selected: value === selected,
    }
  }
  const groups = catalog.map((c) => ({
    connectionId: c.connectionId,
    name: c.name,
    error: c.error,
    options: c.variants.map((v) => option(c.connectionId, v)),
  }))
  const listed = groups.some((g) => g.options.some((o) => o.selected))
  // A post linked to a variant beyond the first ones listed keeps it (read on its own).
  const kept =
    !listed && extra ? { ...extra, sku: null, tracked: extra.stock !== null, selected: true } : null
  return { any: catalog.length > 0, groups, kept }
}

/** The stock check's answer: the verdict, each claim, each refusal in the caller's language, the preview. */
export function presentStockCheck(
  result: Awaited<ReturnType<Scarcity['check']>>,
  product: string | null,
  locale: Locale,
): z.infer<typeof ScarcityCheckView> {
  return {
    verdict: result.reasons.length ? 'refused' : 'ok',
    product:
      result.linked && product
        ? { ref: product, title: result.linked.title, stock: result.linked.level }
        : null,
    claims: result.claims.map((c) => ({ claim: c.phrase, kind: c.kind, field: c.path })),
    refused: result.reasons.map((r) => ({
      claim: r.claim,
      reason: r.reason,
      field: r.path,
      message: translate(locale, `errors.${r.code}`, r.params ?? {}),
    })),
    preview: result.preview,
  }
}
