// Reading orders from the connected shops into the attribution: each changed order the shop's
// webhook announces, and (the job) every order changed in the last days, a page at a time.
import type { FastifyBaseLogger } from 'fastify'
import type { ShopModule } from '../shop/index.js'
import type { Attribution } from './service.js'

const PAGE_SIZE = 100
const MAX_PAGES = 50

export function createOrderSync(deps: {
  shop: ShopModule
  attribution: Attribution
  log: FastifyBaseLogger
}) {
  const { shop, attribution, log } = deps

  /** Every order changed since `since` in one shop; answers how many came from Facebook. */
  async function syncConnection(
    connectionId: string,
    since: Date,
  ): Promise<{ read: number; fromFacebook: number }> {
    let after: string | null = null
    let read = 0
    let fromFacebook = 0
    for (let page = 0; page < MAX_PAGES; page++) {
      const batch = await shop.orders.list(connectionId, { updatedSince: since, after, first: PAGE_SIZE })
      for (const order of batch.orders) {
        read++
        if ((await attribution.record(connectionId, order)) !== 'ignored') fromFacebook++
      }
      if (!batch.next) break
      after = batch.next
    }
    return { read, fromFacebook }
  }

  return {
    syncConnection,

    async syncAll(days = 2): Promise<{ shops: number; read: number; fromFacebook: number }> {
      const since = new Date(Date.now() - days * 86_400_000)
      let read = 0
      let fromFacebook = 0
      const connections = await shop.connections.list()
      for (const c of connections) {
        try {
          const done = await syncConnection(c.id, since)
          read += done.read
          fromFacebook += done.fromFacebook
        } catch (err) {
          log.warn(
            { err: (err as Error).message, connectionId: c.id },
            'orders could not be read for attribution',
          )
        }
      }
      return { shops: connections.length, read, fromFacebook }
    },

    /** The shop's webhook said an order changed: read it and attribute it. */
    listen(): void {
      shop.orders.onChanged(async (event) => {
        const order = await shop.orders.find(event.connectionId, event.orderId)
        if (order) await attribution.record(event.connectionId, order)
      })
    },
  }
}

export type OrderSync = ReturnType<typeof createOrderSync>
