// The only place that touches connected pages: their settings, sealed tokens and token state.
import type { Connection } from 'mongoose'
import { initModels, modelOn, objectIdOrNull, withId } from '../../store.js'
import { type PageDoc, PageSchema } from './model.js'

/** A connected page as the rest of Fanfare sees it (`id` is Fanfare's, `facebookPageId` Facebook's). */
export type Page = Omit<PageDoc, '_id'> & { id: string }

export type PageSettings = Pick<
  PageDoc,
  | 'timeZone'
  | 'maxPostsPerDay'
  | 'maxPromoPostsPerWeek'
  | 'minNonPromoSharePercent'
  | 'minGapMinutes'
  | 'requireApproval'
  | 'quietHours'
>

export type PageConnection = Pick<
  PageDoc,
  'name' | 'category' | 'sealedPageToken' | 'tasks' | 'webhookSubscribed'
> & {
  connectedBy: string | null
}

const live = { disconnectedAt: null }

export async function createPageRepository(connection: Connection) {
  const pages = modelOn(connection, 'Page', PageSchema)
  await initModels(pages)
  const page = (doc: PageDoc | null): Page | null => (doc ? withId(doc) : null)

  return {
    async connected(id: string): Promise<Page | null> {
      const _id = objectIdOrNull(id)
      return _id ? page(await pages.findOne({ _id, ...live }).lean<PageDoc>()) : null
    },

    async connectedByFacebookId(facebookPageId: string): Promise<Page | null> {
      return page(await pages.findOne({ facebookPageId: String(facebookPageId), ...live }).lean<PageDoc>())
    },

    /** Also a disconnected page: a reconnect keeps its settings. */
    async anyByFacebookId(facebookPageId: string): Promise<Page | null> {
      return page(await pages.findOne({ facebookPageId: String(facebookPageId) }).lean<PageDoc>())
    },

    async listConnected(): Promise<Page[]> {
      const docs = await pages.find(live).sort({ name: 1 }).lean<PageDoc[]>()
      return docs.map(withId)
    },

    /** Connects or reconnects the page with a fresh token; its settings stay as they were. */
    async upsertConnection(facebookPageId: string, fields: PageConnection): Promise<Page> {
      const { connectedBy, ...rest } = fields
      const doc = await pages
        .findOneAndUpdate(
          { facebookPageId },
          {
            $set: {
              ...rest,
              tokenStatus: 'ok',
              tokenProblem: null,
              tokenProblemAt: null,
              disconnectedAt: null,
              connectedBy: connectedBy ?? undefined,
              connectedAt: new Date(),
            },
          },
          { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true },
        )
        .lean<PageDoc>()
      return page(doc) as Page
    },

    async updateSettings(id: string, settings: PageSettings): Promise<Page> {
      const doc = await pages
        .findByIdAndUpdate(id, { $set: settings }, { returnDocument: 'after', runValidators: true })
        .lean<PageDoc>()
      return page(doc) as Page
    },

    async disconnect(id: string): Promise<void> {
      await pages.updateOne({ _id: id }, { $set: { disconnectedAt: new Date() } })
    },

    /** Marks a working token broken; false when it was already marked (so it is reported once). */
    async markNeedsReconnect(id: string, problem: string): Promise<boolean> {
      const changed = await pages.updateOne(
        { _id: id, tokenStatus: 'ok' },
        { $set: { tokenStatus: 'needs_reconnect', tokenProblem: problem, tokenProblemAt: new Date() } },
      )
      return changed.modifiedCount > 0
    },
  }
}

export type PageRepository = Awaited<ReturnType<typeof createPageRepository>>
