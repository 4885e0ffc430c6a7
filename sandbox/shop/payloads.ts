// Webhook bodies: Shopify sends REST-shaped JSON (shopify.dev/docs/api/webhooks?reference=toml, topics
// orders/create, orders/updated, products/update, inventory_levels/update); WooCommerce sends the
// resource as its REST API returns it.
import { gid } from './shopify.js'
import type { ShopOrder, ShopProduct, ShopState, ShopVariant } from './state.js'
import { wooOrder, wooProduct } from './woocommerce.js'

export function shopifyOrderPayload(o: ShopOrder) {
  const total = o.lines.reduce((sum, l) => sum + Number(l.price) * l.quantity, 0)
  return {
    id: o.id,
    admin_graphql_api_id: gid('Order', o.id),
    name: `#${o.number}`,
    order_number: o.number,
    email: o.email,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    cancelled_at: o.cancelledAt,
    currency: o.currency,
    total_price: total.toFixed(2),
    financial_status: o.financialStatus.toLowerCase(),
    fulfillment_status:
      o.fulfillmentStatus === 'FULFILLED'
        ? 'fulfilled'
        : o.fulfillmentStatus === 'PARTIALLY_FULFILLED'
          ? 'partial'
          : null,
    customer: o.customerId ? { id: o.customerId, admin_graphql_api_id: gid('Customer', o.customerId) } : null,
    line_items: o.lines.map((l, i) => ({
      id: o.id * 10 + i,
      variant_id: l.variantId,
      product_id: l.productId,
      title: l.title,
      quantity: l.quantity,
      price: l.price,
    })),
  }
}

export function shopifyProductPayload(p: ShopProduct) {
  return {
    id: p.id,
    admin_graphql_api_id: gid('Product', p.id),
    title: p.title,
    updated_at: p.updatedAt,
    variants: p.variants.map((v) => ({
      id: v.id,
      admin_graphql_api_id: gid('ProductVariant', v.id),
      product_id: p.id,
      title: v.title,
      sku: v.sku,
      price: v.price,
      inventory_item_id: v.inventoryItemId,
      inventory_quantity: v.stock,
    })),
  }
}

export function shopifyInventoryPayload(v: ShopVariant, at: string) {
  return {
    inventory_item_id: v.inventoryItemId,
    location_id: 64_000_001,
    available: v.stock,
    updated_at: at,
    admin_graphql_api_id: `gid://shopify/InventoryLevel/64000001?inventory_item_id=${v.inventoryItemId}`,
  }
}

/** Tells both platforms' subscribers that a product's stock changed. */
export function stockChanged(
  state: ShopState,
  emit: (platform: 'shopify' | 'woocommerce', topic: string, payload: unknown) => void,
  variant: ShopVariant,
): void {
  const product = state.productOf(variant)
  product.updatedAt = new Date().toISOString()
  emit('shopify', 'inventory_levels/update', shopifyInventoryPayload(variant, product.updatedAt))
  emit('shopify', 'products/update', shopifyProductPayload(product))
  emit('woocommerce', 'product.updated', wooProduct(product))
}

export function orderChanged(
  state: ShopState,
  emit: (platform: 'shopify' | 'woocommerce', topic: string, payload: unknown) => void,
  order: ShopOrder,
  created: boolean,
): void {
  emit('shopify', created ? 'orders/create' : 'orders/updated', shopifyOrderPayload(order))
  emit('woocommerce', created ? 'order.created' : 'order.updated', wooOrder(state, order))
}
