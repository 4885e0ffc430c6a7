// Reading a connected shop's orders live (nothing of them is stored), and telling listeners when the
// shop says an order was created or changed (its webhook, applied by the worker).
import type { Connections } from './connections.js'
import type { OrdersPage, ShopOrder } from './platforms/types.js'

export type OrderChanged = { connectionId: string; orderId: string; topic: string }

export function createOrders(deps: { connections: Connections }) {
  const { connections } = deps
  const listeners: ((event: OrderChanged) => Promise<void> | void)[] = []

  return {
    /** Orders changed since `updatedSince` (oldest first), a page at a time: pass `next` as `after`. */
    list: (
      connectionId: string,
      query: { updatedSince?: Date; after?: string | null; first?: number } = {},
    ): Promise<OrdersPage> => connections.call(connectionId, (shop) => shop.orders(query)),

    find: (connectionId: string, orderId: string): Promise<ShopOrder | null> =>
      connections.call(connectionId, (shop) => shop.order(orderId)),

    byNumber: (connectionId: string, number: string): Promise<ShopOrder | null> =>
      connections.call(connectionId, (shop) => shop.orderByNumber(number.replace(/^#/, '').trim())),

    ofCustomer: (connectionId: string, customerId: string, limit = 5): Promise<ShopOrder[]> =>
      connections.call(connectionId, (shop) => shop.ordersOf(customerId, limit)),

    /** Called for every order webhook the worker applies (e.g. goals attribute it). */
    onChanged(listener: (event: OrderChanged) => Promise<void> | void): void {
      listeners.push(listener)
    },

    async announce(event: OrderChanged): Promise<void> {
      for (const listener of listeners) await listener(event)
    },
  }
}

export type Orders = ReturnType<typeof createOrders>
