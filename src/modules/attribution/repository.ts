// The only file touching attributed orders.
import type { Connection } from 'mongoose'
import { initModels, modelOn } from '../../store.js'
import type { AttributedOrder } from './attribute.js'
import { AttributedOrderSchema } from './model.js'

export type OrderTotals = { key: string | null; orders: number; revenueCents: number }
export type OrderFilter = {
  from?: Date
  to?: Date
  /** only orders through Fanfare's links (else every order from Facebook) */
  tracked?: boolean
  pageIds?: string[]
  kitId?: string
  personId?: string
}
const GROUPS = ['code', 'postId', 'campaignId', 'postLabel', 'week', 'kitId', 'personId', 'kind'] as const
export type OrderGroup = (typeof GROUPS)[number]

export async function createAttributionRepository(connection: Connection) {
  const orders = modelOn(connection, 'AttributedOrder', AttributedOrderSchema)
  await initModels(orders)

  const match = (f: OrderFilter) => {
    const q: Record<string, unknown> = { counts: true }
    const at: Record<string, Date> = {}
    if (f.from) at.$gte = f.from
    if (f.to) at.$lt = f.to
    if (Object.keys(at).length) q.placedAt = at
    if (f.tracked) q.code = { $ne: null }
    if (f.pageIds) q.pageId = { $in: f.pageIds.map(String) }
    if (f.kitId) q.kitId = String(f.kitId)
    if (f.personId) q.personId = String(f.personId)
    return q
  }

  return {
    async save(order: AttributedOrder): Promise<void> {
      await orders.updateOne(
        { _id: `${order.connectionId}|${order.orderId}` },
        { $set: order },
        { upsert: true },
      )
    },

    async totals(filter: OrderFilter, by: OrderGroup): Promise<OrderTotals[]> {
      const field = GROUPS.includes(by) ? by : 'code'
      const rows = await orders.aggregate<{ _id: string | null; orders: number; revenueCents: number }>([
        { $match: match(filter) },
        { $group: { _id: `$${field}`, orders: { $sum: 1 }, revenueCents: { $sum: '$totalCents' } } },
        { $sort: { revenueCents: -1 } },
      ])
      return rows.map((r) => ({ key: r._id, orders: r.orders, revenueCents: r.revenueCents }))
    },

    async sum(filter: OrderFilter): Promise<{ orders: number; revenueCents: number }> {
      const [row] = await orders.aggregate<{ orders: number; revenueCents: number }>([
        { $match: match(filter) },
        { $group: { _id: null, orders: { $sum: 1 }, revenueCents: { $sum: '$totalCents' } } },
      ])
      return { orders: row?.orders ?? 0, revenueCents: row?.revenueCents ?? 0 }
    },
  }
}

export type AttributionRepository = Awaited<ReturnType<typeof createAttributionRepository>>
