// The only file touching kits and their share counters.
import type { Connection } from 'mongoose'
import { initModels, isDuplicateKey, modelOn, objectIdOrNull, withId } from '../../store.js'
import { type KitDoc, KitSchema, KitShareSchema, type KitStatus } from './model.js'

export type Kit = Omit<KitDoc, '_id'> & { id: string }
export type KitFields = Pick<
  Kit,
  | 'title'
  | 'textNl'
  | 'textEn'
  | 'link'
  | 'imageUrl'
  | 'disclosureHashtag'
  | 'disclosureNl'
  | 'disclosureEn'
  | 'sharesPerDay'
>
export type NewKit = KitFields & Pick<Kit, 'pageId' | 'slug' | 'createdBy'>

export async function createKitRepository(connection: Connection) {
  const kits = modelOn(connection, 'Kit', KitSchema)
  const shares = modelOn(connection, 'KitShare', KitShareSchema)
  await initModels(kits, shares)
  const shareId = (kitId: string, personId: string, day: string) => `${kitId}|${personId}|${day}`

  return {
    async create(kit: NewKit): Promise<Kit> {
      const doc = await kits.create(kit)
      return withId(doc.toObject() as KitDoc)
    },

    async find(id: string): Promise<Kit | null> {
      const _id = objectIdOrNull(id)
      if (!_id) return null
      const doc = await kits.findById(_id).lean<KitDoc>()
      return doc ? withId(doc) : null
    },

    /** Kits on these pages (every page when null), newest first. */
    async list(filter: { pageIds: string[] | null; status?: KitStatus }): Promise<Kit[]> {
      const q: Record<string, unknown> = {}
      if (filter.pageIds) q.pageId = { $in: filter.pageIds.map(String) }
      if (filter.status) q.status = String(filter.status)
      const docs = await kits.find(q).sort({ createdAt: -1 }).limit(500).lean<KitDoc[]>()
      return docs.map(withId)
    },

    /** Changes an active kit; null when it is archived or gone. */
    async update(id: string, set: KitFields): Promise<Kit | null> {
      const _id = objectIdOrNull(id)
      if (!_id) return null
      const doc = await kits
        .findOneAndUpdate({ _id, status: 'active' }, { $set: set }, { returnDocument: 'after' })
        .lean<KitDoc>()
      return doc ? withId(doc) : null
    },

    async archive(id: string): Promise<boolean> {
      const _id = objectIdOrNull(id)
      if (!_id) return false
      const res = await kits.updateOne(
        { _id, status: 'active' },
        { $set: { status: 'archived', archivedAt: new Date() } },
      )
      return res.modifiedCount === 1
    },

    /** Brings an archived kit back; false when it is active or gone. */
    async restore(id: string): Promise<boolean> {
      const _id = objectIdOrNull(id)
      if (!_id) return false
      const res = await kits.updateOne(
        { _id, status: 'archived' },
        { $set: { status: 'active', archivedAt: null } },
      )
      return res.modifiedCount === 1
    },

    /**
     * Counts one share intent unless the person reached `cap` today, in one conditional upsert: two
     * taps at once cannot both pass the cap (the second insert hits the unique id). True: counted.
     */
    async countShare(kitId: string, personId: string, day: string, cap: number): Promise<boolean> {
      try {
        const res = await shares.collection.updateOne(
          { _id: shareId(kitId, personId, day) as never, n: { $lt: cap } },
          { $inc: { n: 1 }, $setOnInsert: { kitId, personId, day } },
          { upsert: true },
        )
        return res.modifiedCount + res.upsertedCount === 1
      } catch (err) {
        if (isDuplicateKey(err)) return false
        throw err
      }
    },

    async sharesOn(kitId: string, personId: string, day: string): Promise<number> {
      const doc = await shares.findById(shareId(kitId, personId, day)).lean<{ n: number }>()
      return doc?.n ?? 0
    },

    /** Share intents per person on a kit, over all days. */
    async sharesPerPerson(kitId: string): Promise<Map<string, number>> {
      const rows = await shares.aggregate<{ _id: string; n: number }>([
        { $match: { kitId: String(kitId) } },
        { $group: { _id: '$personId', n: { $sum: '$n' } } },
      ])
      return new Map(rows.map((r) => [r._id, r.n]))
    },
  }
}

export type KitRepository = Awaited<ReturnType<typeof createKitRepository>>
