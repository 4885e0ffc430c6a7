// Deciding what an order is attributed to: its UTM parameters (Shopify's customer journey,
// WooCommerce's order attribution) lead to the tracked link in utm_content, and that link knows
// the post, campaign, kit and person. Orders from Facebook without Fanfare's code count for the
// page's Facebook revenue only.
import { DateTime } from 'luxon'
import type { TrackedLink } from '../links/repository.js'
import { codeOfUtmContent, UTM_SOURCE } from '../links/utm.js'

export type OrderForAttribution = {
  id: string
  number: string
  createdAt: Date
  status: string
  total: { amount: string; currency: string }
  attribution: {
    source: string | null
    medium: string | null
    campaign: string | null
    content: string | null
  } | null
}

export type AttributedOrder = {
  connectionId: string
  orderId: string
  number: string
  placedAt: Date
  week: string
  totalCents: number
  currency: string
  counts: boolean
  utmSource: string | null
  utmMedium: string | null
  utmCampaign: string | null
  utmContent: string | null
  code: string | null
  kind: string | null
  pageId: string | null
  postId: string | null
  postLabel: string | null
  campaignId: string | null
  kitId: string | null
  personId: string | null
}

/** Whether the order came from Facebook at all (Fanfare's links or any other facebook UTM). */
export const fromFacebook = (order: OrderForAttribution): boolean =>
  (order.attribution?.source ?? '').toLowerCase() === UTM_SOURCE

/** The code of Fanfare's tracked link in the order's UTM, if any. */
export const codeOf = (order: OrderForAttribution): string | null =>
  fromFacebook(order) ? codeOfUtmContent(order.attribution?.content) : null

/** "12.34" → 1234, without floating-point rounding. */
export function toCents(amount: string): number {
  const [whole = '0', fraction = ''] = amount.trim().split('.')
  const sign = whole.startsWith('-') ? -1 : 1
  return (
    sign *
    (Math.abs(Number.parseInt(whole, 10) || 0) * 100 + Number.parseInt(`${fraction}00`.slice(0, 2), 10))
  )
}

export const isoWeek = (at: Date): string => DateTime.fromJSDate(at, { zone: 'utc' }).toFormat("kkkk-'W'WW")

export function attribute(
  connectionId: string,
  order: OrderForAttribution,
  link: TrackedLink | null,
): AttributedOrder {
  const utm = order.attribution
  // A link is trusted only when the order's campaign matches it, so a hand-made utm_content
  // cannot claim another post's revenue by accident.
  const linked = link && (!utm?.campaign || utm.campaign === link.utmCampaign) ? link : null
  return {
    connectionId,
    orderId: order.id,
    number: order.number,
    placedAt: order.createdAt,
    week: isoWeek(order.createdAt),
    totalCents: toCents(order.total.amount),
    currency: order.total.currency,
    counts: !['refunded', 'cancelled'].includes(order.status),
    utmSource: utm?.source ?? null,
    utmMedium: utm?.medium ?? null,
    utmCampaign: utm?.campaign ?? null,
    utmContent: utm?.content ?? null,
    code: linked?.code ?? null,
    kind: linked?.kind ?? null,
    pageId: linked?.pageId ?? null,
    postId: linked?.postId ?? null,
    postLabel: linked?.postLabel ?? null,
    campaignId: linked?.campaignId ?? null,
    kitId: linked?.kitId ?? null,
    personId: linked?.personId ?? null,
  }
}
