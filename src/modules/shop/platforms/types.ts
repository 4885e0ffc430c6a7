// What Fanfare reads from a shop, the same for every platform: customers, orders (with their UTM
// attribution), stock of product variants, and the platform's rate-limit state.

export const PLATFORMS = ['shopify', 'woocommerce'] as const
export type Platform = (typeof PLATFORMS)[number]

/** Personal data: fetched live for a moderator, never stored by Fanfare (only `id` is). */
export type ShopCustomer = { id: string; name: string; email: string | null; orderCount: number | null }

export type OrderStatus = 'pending' | 'paid' | 'refunded' | 'cancelled' | 'other'
export type FulfilmentStatus = 'unfulfilled' | 'in_progress' | 'partial' | 'fulfilled' | 'none'

/** Where the order came from: Shopify's customer journey (last visit), WooCommerce's order attribution. */
export type OrderAttribution = {
  source: string | null
  medium: string | null
  campaign: string | null
  content: string | null
  term: string | null
  landingPage: string | null
  referrer: string | null
}

export type ShopOrder = {
  /** the platform's own id (Shopify gid, WooCommerce numeric id as text) */
  id: string
  /** the number the customer sees ("1001") */
  number: string
  createdAt: Date
  updatedAt: Date
  status: OrderStatus
  fulfilment: FulfilmentStatus
  /** the platform's own words for status and fulfilment, shown beside ours */
  platformStatus: string
  total: { amount: string; currency: string }
  customerId: string | null
  lines: { variantId: string | null; title: string; quantity: number }[]
  attribution: OrderAttribution | null
}

export type OrdersPage = { orders: ShopOrder[]; next: string | null }

/** A sellable product variant (WooCommerce: a simple product or a variation) and its stock. */
export type VariantStock = {
  id: string
  title: string
  sku: string | null
  /** null when the shop does not track stock for it */
  stock: number | null
}

export type RateLimitState =
  | {
      platform: 'shopify'
      maximumAvailable: number
      currentlyAvailable: number
      restoreRate: number
      at: Date
    }
  | { platform: 'woocommerce'; throttledUntil: Date | null; at: Date }

export interface ShopClient {
  readonly platform: Platform
  /** Name of the shop, which proves the credentials work. */
  shopName(): Promise<string>
  searchCustomers(query: { email?: string; text?: string }): Promise<ShopCustomer[]>
  customer(id: string): Promise<ShopCustomer | null>
  /** A customer's latest orders, newest first. */
  ordersOf(customerId: string, limit: number): Promise<ShopOrder[]>
  orderByNumber(number: string): Promise<ShopOrder | null>
  order(id: string): Promise<ShopOrder | null>
  /** Every order changed since `updatedSince`, oldest change first, a page at a time. */
  orders(query: { updatedSince?: Date; after?: string | null; first?: number }): Promise<OrdersPage>
  stock(variantIds: string[]): Promise<VariantStock[]>
  searchVariants(text: string): Promise<VariantStock[]>
  /** What the last answer said about the rate limit. */
  rateLimit(): RateLimitState | null
}
