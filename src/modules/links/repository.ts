// The only file touching tracked links and their click counters.
import { randomInt } from 'node:crypto'
import type { Connection } from 'mongoose'
import { initModels, isDuplicateKey, modelOn, withId } from '../../store.js'
import { LinkClickSchema, type TrackedLinkDoc, TrackedLinkSchema } from './model.js'

export type TrackedLink = Omit<TrackedLinkDoc, '_id'> & { id: string }
export type NewTrackedLink = Omit<TrackedLink, 'id' | 'code' | 'url' | 'utmContent' | 'createdAt'>

/** `n` clicks on one link by one visitor on one day, from `first` to `last`. */
export type ClickCount = { code: string; day: string; visitor: string; n: number; first: Date; last: Date }

export type ClickTotals = { code: string; clicks: number; uniques: number }
export type ClickFilter = { codes?: string[]; from?: string; to?: string }

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'
/** 8 characters from 57: about 10^14 codes, drawn with the system's CSPRNG; a clash is retried. */
export const newCode = () => Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')

export async function createLinkRepository(connection: Connection) {
  const links = modelOn(connection, 'TrackedLink', TrackedLinkSchema)
  const clicks = modelOn(connection, 'LinkClick', LinkClickSchema)
  await initModels(links, clicks)

  const dayRange = (f: ClickFilter) => {
    const day: Record<string, string> = {}
    if (f.from) day.$gte = String(f.from)
    if (f.to) day.$lte = String(f.to)
    return Object.keys(day).length ? { day } : {}
  }
  const match = (f: ClickFilter) => ({
    ...(f.codes ? { code: { $in: f.codes.map(String) } } : {}),
    ...dayRange(f),
  })

  return {
    byCode: async (code: string): Promise<TrackedLink | null> => {
      const doc = await links.findOne({ code: String(code) }).lean<TrackedLinkDoc>()
      return doc ? withId(doc) : null
    },

    /**
     * The link for `key`, made once: concurrent callers get the same code (the unique key decides).
     * `build` gives the UTM content and address for a fresh code.
     */
    async getOrCreate(
      link: NewTrackedLink,
      build: (code: string) => { url: string; utmContent: string },
    ): Promise<TrackedLink> {
      for (let tries = 0; tries < 5; tries++) {
        const existing = await links.findOne({ key: String(link.key) }).lean<TrackedLinkDoc>()
        if (existing) return withId(existing)
        const code = newCode()
        try {
          const created = await links.create({ ...link, code, ...build(code) })
          return withId(created.toObject() as TrackedLinkDoc)
        } catch (err) {
          if (!isDuplicateKey(err)) throw err
        }
      }
      throw new Error('could not find a free link code')
    },

    /**
     * Gives a link made without a page (kits' personal links before they carried the kit's page) its
     * page, once; a link that has a page keeps it. Answers the link as stored.
     */
    async fillPage(id: string, pageId: string): Promise<TrackedLink | null> {
      const doc = await links
        .findOneAndUpdate(
          { _id: id, pageId: null },
          { $set: { pageId: String(pageId) } },
          { returnDocument: 'after' },
        )
        .lean<TrackedLinkDoc>()
      return doc ? withId(doc) : null
    },

    list: async (filter: { kind?: string; pageIds?: string[]; kitId?: string; personId?: string }) => {
      const q: Record<string, unknown> = {}
      if (filter.kind) q.kind = String(filter.kind)
      if (filter.pageIds) q.pageId = { $in: filter.pageIds.map(String) }
      if (filter.kitId) q.kitId = String(filter.kitId)
      if (filter.personId) q.personId = String(filter.personId)
      const docs = await links.find(q).sort({ createdAt: -1 }).limit(2000).lean<TrackedLinkDoc[]>()
      return docs.map(withId)
    },

    byCodes: async (codes: string[]): Promise<TrackedLink[]> => {
      const docs = await links.find({ code: { $in: codes.map(String) } }).lean<TrackedLinkDoc[]>()
      return docs.map(withId)
    },

    /**
     * Clicks gathered over a moment, one upsert with `$inc` per link, day and visitor, in one
     * unordered bulk write, so concurrent writers never lose a count. Resolves with the positions
     * of the counts that were not stored (to try again), empty when all were.
     */
    async countClicks(counts: ClickCount[]): Promise<number[]> {
      if (counts.length === 0) return []
      try {
        await clicks.collection.bulkWrite(
          counts.map((c) => ({
            updateOne: {
              filter: { _id: `${c.code}|${c.day}|${c.visitor}` as never },
              update: {
                $inc: { n: c.n },
                $setOnInsert: { code: c.code, day: c.day, first: c.first },
                $max: { last: c.last },
              },
              upsert: true,
            },
          })),
          { ordered: false },
        )
        return []
      } catch (err) {
        // The store says which writes it refused; the others are counted and must not be repeated.
        const refused = (err as { writeErrors?: unknown }).writeErrors
        if (Array.isArray(refused)) return refused.map((e: { index: number }) => e.index)
        throw err
      }
    },

    /** Clicks (every counted click) and uniques (visitors per day) per link. */
    async totals(filter: ClickFilter): Promise<ClickTotals[]> {
      const rows = await clicks.aggregate<{ _id: string; clicks: number; uniques: number }>([
        { $match: match(filter) },
        { $group: { _id: '$code', clicks: { $sum: '$n' }, uniques: { $sum: 1 } } },
      ])
      return rows.map((r) => ({ code: r._id, clicks: r.clicks, uniques: r.uniques }))
    },

    /** Clicks per UTC day. */
    async perDay(filter: ClickFilter): Promise<Array<{ day: string; clicks: number; uniques: number }>> {
      const rows = await clicks.aggregate<{ _id: string; clicks: number; uniques: number }>([
        { $match: match(filter) },
        { $group: { _id: '$day', clicks: { $sum: '$n' }, uniques: { $sum: 1 } } },
        { $sort: { _id: 1 } },
      ])
      return rows.map((r) => ({ day: r._id, clicks: r.clicks, uniques: r.uniques }))
    },
  }
}

export type LinkRepository = Awaited<ReturnType<typeof createLinkRepository>>
