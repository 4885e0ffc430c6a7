// Processors of the shop's jobs: apply one stored webhook delivery; reconcile every shop's watched stock.
import type { ShopModule } from '../src/modules/shop/index.js'

export const applyShopEvent = (data: { key: string }, deps: { shop: ShopModule }) =>
  deps.shop.events.applyDelivery(data.key)

export const reconcileShop = (deps: { shop: ShopModule }) => deps.shop.events.reconcile()
