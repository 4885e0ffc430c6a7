// The only place that touches customer links and order tags: ids only (commenter, customer, order).
import type { Connection } from 'mongoose'
import { initModels, modelOn, objectIdOrNull } from '../../store.js'
import { type CustomerLinkDoc, CustomerLinkSchema, type OrderTagDoc, OrderTagSchema } from './model.js'

export type CustomerLink = { connectionId: string; customerId: string; linkedBy: string; linkedAt: Date }
export type OrderTag = { connectionId: string; orderId: string; taggedBy: string; taggedAt: Date }

export async function createLinkRepository(connection: Connection) {
  const links = modelOn(connection, 'ShopCustomerLink', CustomerLinkSchema)
  const tags = modelOn(connection, 'ShopOrderTag', OrderTagSchema)
  await initModels(links, tags)

  return {
    async linksOf(facebookPageId: string, facebookUserId: string): Promise<CustomerLink[]> {
      const docs = await links
        .find({ facebookPageId: String(facebookPageId), facebookUserId: String(facebookUserId) })
        .lean<CustomerLinkDoc[]>()
      return docs.map((d) => ({
        connectionId: String(d.connectionId),
        customerId: d.customerId,
        linkedBy: d.linkedBy,
        linkedAt: d.linkedAt,
      }))
    },

    async link(
      who: { facebookPageId: string; facebookUserId: string },
      connectionId: string,
      customerId: string,
      by: string,
    ) {
      await links.updateOne(
        {
          facebookPageId: String(who.facebookPageId),
          facebookUserId: String(who.facebookUserId),
          connectionId: objectIdOrNull(connectionId),
        },
        { $set: { customerId: String(customerId), linkedBy: by, linkedAt: new Date() } },
        { upsert: true },
      )
    },

    async unlink(
      who: { facebookPageId: string; facebookUserId: string },
      connectionId: string,
    ): Promise<boolean> {
      const result = await links.deleteOne({
        facebookPageId: String(who.facebookPageId),
        facebookUserId: String(who.facebookUserId),
        connectionId: objectIdOrNull(connectionId),
      })
      return result.deletedCount === 1
    },

    async tagOf(facebookCommentId: string): Promise<OrderTag | null> {
      const d = await tags.findOne({ facebookCommentId: String(facebookCommentId) }).lean<OrderTagDoc>()
      return d
        ? {
            connectionId: String(d.connectionId),
            orderId: d.orderId,
            taggedBy: d.taggedBy,
            taggedAt: d.taggedAt,
          }
        : null
    },

    async tag(
      facebookCommentId: string,
      facebookUserId: string,
      connectionId: string,
      orderId: string,
      by: string,
    ) {
      await tags.updateOne(
        { facebookCommentId: String(facebookCommentId) },
        {
          $set: {
            facebookUserId: String(facebookUserId),
            connectionId: objectIdOrNull(connectionId),
            orderId: String(orderId),
            taggedBy: by,
            taggedAt: new Date(),
          },
        },
        { upsert: true },
      )
    },

    /** A fan's "delete my data": every link and tag of these Facebook ids. */
    async forget(facebookUserIds: string[]): Promise<number> {
      const ids = facebookUserIds.map(String)
      const [a, b] = await Promise.all([
        links.deleteMany({ facebookUserId: { $in: ids } }),
        tags.deleteMany({ facebookUserId: { $in: ids } }),
      ])
      return a.deletedCount + b.deletedCount
    },
  }
}

export type LinkRepository = Awaited<ReturnType<typeof createLinkRepository>>
