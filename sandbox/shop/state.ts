// The sandbox shop's in-memory world: products with stock, customers, orders, webhook subscriptions.

export type UtmParameters = {
  source: string | null
  medium: string | null
  campaign: string | null
  content: string | null
  term: string | null
}

/** Where an order came from, as both platforms record it (Shopify's customer journey, WooCommerce's order attribution). */
export type Visit = {
  occurredAt: string
  landingPage: string | null
  referrerUrl: string | null
  source: string
  utm: UtmParameters
}

export type ShopProduct = {
  /** numeric id shared by both platforms' views of the demo shop */
  id: number
  title: string
  variants: ShopVariant[]
  updatedAt: string
}

export type ShopVariant = {
  id: number
  productId: number
  inventoryItemId: number
  title: string
  sku: string
  price: string
  stock: number
}

export type ShopCustomer = {
  id: number
  firstName: string
  lastName: string
  email: string
  createdAt: string
}

export const FINANCIAL_STATUSES = ['PENDING', 'PAID', 'REFUNDED', 'PARTIALLY_REFUNDED', 'VOIDED'] as const
export const FULFILLMENT_STATUSES = [
  'UNFULFILLED',
  'IN_PROGRESS',
  'PARTIALLY_FULFILLED',
  'FULFILLED',
] as const

export type ShopOrder = {
  id: number
  /** order number shown to the customer (Shopify name "#1001", WooCommerce number "1001") */
  number: number
  customerId: number | null
  email: string
  createdAt: string
  updatedAt: string
  cancelledAt: string | null
  financialStatus: (typeof FINANCIAL_STATUSES)[number]
  fulfillmentStatus: (typeof FULFILLMENT_STATUSES)[number]
  currency: string
  lines: { variantId: number; productId: number; title: string; quantity: number; price: string }[]
  firstVisit: Visit | null
  lastVisit: Visit | null
}

export type Platform = 'shopify' | 'woocommerce'

export type Subscription = {
  id: number
  platform: Platform
  topic: string
  url: string
  /** WooCommerce: the webhook's own secret; Shopify signs with the app's client secret */
  secret: string
}

export class ShopState {
  products: ShopProduct[] = []
  customers: ShopCustomer[] = []
  orders: ShopOrder[] = []
  subscriptions: Subscription[] = []
  private nextIds = { product: 1, variant: 1, customer: 1, order: 1, subscription: 1 }

  clear(): void {
    this.products = []
    this.customers = []
    this.orders = []
    this.subscriptions = []
    this.nextIds = { product: 7000001, variant: 8000001, customer: 6000001, order: 5000001, subscription: 1 }
  }

  nextId(kind: keyof ShopState['nextIds']): number {
    const id = this.nextIds[kind]
    this.nextIds[kind] += 1
    return id
  }

  nextOrderNumber(): number {
    return 1001 + this.orders.length
  }

  variant(id: number): ShopVariant | undefined {
    for (const product of this.products) {
      const found = product.variants.find((v) => v.id === id)
      if (found) return found
    }
    return undefined
  }

  productOf(variant: ShopVariant): ShopProduct {
    return this.products.find((p) => p.id === variant.productId) as ShopProduct
  }
}
