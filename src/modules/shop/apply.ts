// Applying a stored shop webhook in the worker, and the periodic reconcile for what a webhook missed:
// both re-read the stock of the watched variants (a sold-out one holds its promos) and announce orders.

import type { ConnectionRepository } from './connection-repository.js'
import type { DeliveryRepository } from './delivery-repository.js'
import type { Orders } from './orders.js'
import type { Stock } from './stock.js'

export function createApply(deps: {
  deliveries: DeliveryRepository
  stock: Stock
  orders: Orders
  connections: ConnectionRepository
}) {
  const { deliveries, stock, orders, connections } = deps
  return {
    async applyDelivery(key: string): Promise<'applied' | 'already' | 'missing'> {
      const delivery = await deliveries.find(key)
      if (!delivery) return 'missing'
      if (delivery.appliedAt) return 'already'
      if (delivery.kind === 'order' && delivery.resourceId) {
        await orders.announce({
          connectionId: delivery.connectionId,
          orderId: delivery.resourceId,
          topic: delivery.topic,
        })
      }
      // An order takes stock too; a product or inventory change is about stock only.
      await stock.refresh(delivery.connectionId)
      await deliveries.markApplied(key)
      return 'applied'
    },

    async reconcile(): Promise<{ connections: number; variants: number }> {
      let variants = 0
      const all = await connections.list()
      for (const connection of all) variants += await stock.refresh(connection.id)
      return { connections: all.length, variants }
    },
  }
}

export type ShopApply = ReturnType<typeof createApply>
