// The only file touching tracked links and their click counters.
import { randomInt } from 'node:crypto'
import type { Connection } from 'mongoose'
import { initModels, isDuplicateKey, modelOn, withId } from '../../store.js'
import { LinkClickSchema, type TrackedLinkDoc, TrackedLinkSchema } from './model.js'

export type TrackedLink = Omit<TrackedLinkDoc, '_id'> & { id: string }
export type NewTrackedLink = Omit<TrackedLink, 'id' | 'code' | 'url' | 'utmContent' | 'createdAt'>

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

    /** One click: a single upsert with `$inc`, so concurrent clicks never lose a count. */
    async countClick(code: string, day: string, visitor: string, at: Date): Promise<void> {
      await clicks.collection.updateOne(
        { _id: `${code}|${day}|${visitor}` as never },
        { $inc: { n: 1 }, $setOnInsert: { code, day, first: at }, $set: { last: at } },
        { upsert: true },
      )
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
