// A connection's health as the shop page shows it: one state (working, failing, throttled, never
// checked), the last sync and error in the person's zone and language, and the rate-limit state in
// the platform's own terms (Shopify's cost bucket, a WooCommerce host's throttling).
import type { Locale } from '../../i18n/index.js'
import { humanTime } from '../../i18n/time.js'
import type { ShopConnection } from './connection-repository.js'

export type HealthState = 'ok' | 'failing' | 'throttled' | 'unchecked'

/** Below this share of Shopify's bucket, calls start to wait: the page says the shop is throttling. */
const LOW_BUCKET = 0.1

export function healthStateOf(c: ShopConnection, now = new Date()): HealthState {
  if (c.lastError.kind) return c.lastError.kind === 'rate_limit' ? 'throttled' : 'failing'
  const rate = c.rateLimit
  if (rate?.platform === 'shopify' && rate.currentlyAvailable < rate.maximumAvailable * LOW_BUCKET)
    return 'throttled'
  if (rate?.platform === 'woocommerce' && rate.throttledUntil && new Date(rate.throttledUntil) > now)
    return 'throttled'
  return c.lastSyncAt ? 'ok' : 'unchecked'
}

export function presentHealth(c: ShopConnection, ctx: { locale: Locale; zone?: string | null }) {
  const at = (d: Date | null | undefined) => humanTime(d ?? null, ctx)
  const rate = c.rateLimit
  const number = (n: number) => new Intl.NumberFormat(ctx.locale).format(Math.round(n))
  return {
    id: c.id,
    name: c.name,
    platform: c.platform,
    platformLabel: `shopPage.platform.${c.platform}`,
    shopDomain: c.shopDomain,
    state: healthStateOf(c),
    lastSync: at(c.lastSyncAt),
    lastWebhook: at(c.lastWebhookAt),
    lastError: c.lastError.kind
      ? {
          at: at(c.lastError.at),
          kind: `shopPage.errorKind.${c.lastError.kind}`,
          message: c.lastError.message,
        }
      : null,
    bucket:
      rate?.platform === 'shopify'
        ? {
            available: number(rate.currentlyAvailable),
            maximum: number(rate.maximumAvailable),
            restore: number(rate.restoreRate),
            percent: Math.round((100 * rate.currentlyAvailable) / Math.max(1, rate.maximumAvailable)),
            at: at(rate.at),
          }
        : null,
    hostThrottle:
      rate?.platform === 'woocommerce'
        ? {
            until:
              rate.throttledUntil && new Date(rate.throttledUntil) > new Date()
                ? at(rate.throttledUntil)
                : null,
            at: at(rate.at),
          }
        : null,
  }
}
