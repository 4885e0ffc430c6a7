// The only place that touches customer links and order tags: ids only (commenter, customer, order).
import type { Connection } from 'mongoose'
import { initModels, modelOn, objectIdOrNull } from '../../store.js'
import { type CustomerLinkDoc, CustomerLinkSchema, type OrderTagDoc, OrderTagSchema } from './model.js'

export type CustomerLink = { connectionId: string; customerId: string; linkedBy: string; linkedAt: Date }
export type OrderTag = { connectionId: string; orderId: string; taggedBy: string; taggedAt: Date }

/** A link as the JSON API lists it: which commenter on which page, which customer of which shop. */
export type StoredLink = CustomerLink & { id: string; facebookPageId: string; facebookUserId: string }

export type LinkFilter = {
  /** null: every page (an admin); else only these Facebook pages. */
  facebookPageIds: string[] | null
  facebookPageId?: string
  facebookUserId?: string
  connectionId?: string
  /** The last link id of the previous page. */
  after?: string
  limit: number
}

const stored = (d: CustomerLinkDoc): StoredLink => ({
  id: String(d._id),
  facebookPageId: d.facebookPageId,
  facebookUserId: d.facebookUserId,
  connectionId: String(d.connectionId),
  customerId: d.customerId,
  linkedBy: d.linkedBy,
  linkedAt: d.linkedAt,
})

export async function createLinkRepository(connection: Connection) {
  const links = modelOn(connection, 'ShopCustomerLink', CustomerLinkSchema)
  const tags = modelOn(connection, 'ShopOrderTag', OrderTagSchema)
  await initModels(links, tags)

  /** The tags of one commenter on one page (a tag made before tags carried their page has none). */
  const tagsOf = (facebookPageId: string, facebookUserId: string) => ({
    facebookUserId: String(facebookUserId),
    facebookPageId: { $in: [String(facebookPageId), null] },
  })

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

    /** Oldest first, paged by id; the filter's values are compared as strings, never as operators. */
    async list(filter: LinkFilter): Promise<StoredLink[]> {
      const where: Record<string, unknown> = {}
      if (filter.facebookPageIds) where.facebookPageId = { $in: filter.facebookPageIds.map(String) }
      if (filter.facebookPageId) {
        const page = String(filter.facebookPageId)
        if (filter.facebookPageIds && !filter.facebookPageIds.includes(page)) return []
        where.facebookPageId = page
      }
      if (filter.facebookUserId) where.facebookUserId = String(filter.facebookUserId)
      if (filter.connectionId) where.connectionId = objectIdOrNull(filter.connectionId)
      if (filter.after) where._id = { $gt: objectIdOrNull(filter.after) }
      const docs = await links.find(where).sort({ _id: 1 }).limit(filter.limit).lean<CustomerLinkDoc[]>()
      return docs.map(stored)
    },

    async find(id: string): Promise<StoredLink | null> {
      const d = await links.findById(objectIdOrNull(id)).lean<CustomerLinkDoc>()
      return d ? stored(d) : null
    },

    async removeById(id: string): Promise<StoredLink | null> {
      const d = await links.findOneAndDelete({ _id: objectIdOrNull(id) }).lean<CustomerLinkDoc>()
      return d ? stored(d) : null
    },

    async link(
      who: { facebookPageId: string; facebookUserId: string },
      connectionId: string,
      customerId: string,
      by: string,
    ): Promise<StoredLink> {
      const d = await links
        .findOneAndUpdate(
          {
            facebookPageId: String(who.facebookPageId),
            facebookUserId: String(who.facebookUserId),
            connectionId: objectIdOrNull(connectionId),
          },
          { $set: { customerId: String(customerId), linkedBy: by, linkedAt: new Date() } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<CustomerLinkDoc>()
      return stored(d as CustomerLinkDoc)
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
      comment: { facebookCommentId: string; facebookPageId: string; facebookUserId: string },
      connectionId: string,
      orderId: string,
      by: string,
    ) {
      await tags.updateOne(
        { facebookCommentId: String(comment.facebookCommentId) },
        {
          $set: {
            facebookPageId: String(comment.facebookPageId),
            facebookUserId: String(comment.facebookUserId),
            connectionId: objectIdOrNull(connectionId),
            orderId: String(orderId),
            taggedBy: by,
            taggedAt: new Date(),
          },
        },
        { upsert: true },
      )
    },

    /** How many links and order tags Fanfare keeps of this commenter on this page (any shop, removed ones too). */
    async countOf(facebookPageId: string, facebookUserId: string): Promise<{ links: number; tags: number }> {
      const [l, t] = await Promise.all([
        links.countDocuments({
          facebookPageId: String(facebookPageId),
          facebookUserId: String(facebookUserId),
        }),
        tags.countDocuments(tagsOf(facebookPageId, facebookUserId)),
      ])
      return { links: l, tags: t }
    },

    /** Erases a commenter of one page: their links to customers and the order tags on their comments. */
    async erase(facebookPageId: string, facebookUserId: string): Promise<{ links: number; tags: number }> {
      const [l, t] = await Promise.all([
        links.deleteMany({ facebookPageId: String(facebookPageId), facebookUserId: String(facebookUserId) }),
        tags.deleteMany(tagsOf(facebookPageId, facebookUserId)),
      ])
      return { links: l.deletedCount, tags: t.deletedCount }
    },
  }
}

export type LinkRepository = Awaited<ReturnType<typeof createLinkRepository>>
