// The only place that touches stored campaigns and the per-page campaign settings.
import { type Connection, type mongo, Types } from 'mongoose'
import { initModels, isDuplicateKey, modelOn, objectIdOrNull } from '../../store.js'
import { type CampaignDoc, CampaignPageSettingsSchema, CampaignSchema } from './model.js'

/** A campaign as the rest of Fanfare sees it: ids as strings, the sealed seed never included. */
export type Campaign = Omit<CampaignDoc, '_id' | 'pageId' | 'createdBy' | 'sealedSeed'> & {
  id: string
  pageId: string
  createdBy: string | null
}

/** The stored fields a marketer's form decides (see campaign-fields.ts). */
export type CampaignFields = Omit<
  CampaignDoc,
  | '_id'
  | 'pageId'
  | 'createdBy'
  | 'slug'
  | 'phase'
  | 'seedCommitment'
  | 'sealedSeed'
  | 'revealedSeed'
  | 'drawnAt'
  | 'drawnEntryCount'
  | 'winners'
  | 'warnings'
  | 'live'
  | 'openedAt'
  | 'held'
  | 'comment'
  | 'createdAt'
  | 'updatedAt'
> & { pageId: string; comment: { postId: string | null; keyword: string | null; topLevelOnly: boolean } }

export type Warning = { code: string; params?: Record<string, unknown> }

type StoredCampaign = Omit<CampaignDoc, 'sealedSeed'>

const campaignOf = (doc: StoredCampaign): Campaign => {
  const { _id, pageId, createdBy, __v: _v, ...rest } = doc as StoredCampaign & { __v?: unknown }
  return {
    ...rest,
    id: String(_id),
    pageId: String(pageId),
    createdBy: createdBy ? String(createdBy) : null,
  } as Campaign
}

export async function createCampaignRepository(connection: Connection) {
  const campaigns = modelOn(connection, 'Campaign', CampaignSchema)
  const pageSettings = modelOn(connection, 'CampaignPageSettings', CampaignPageSettingsSchema)
  await initModels(campaigns, pageSettings)
  const one = (doc: StoredCampaign | null) => (doc ? campaignOf(doc) : null)
  const many = (docs: StoredCampaign[]) => docs.map(campaignOf)
  const byId = (id: string) => ({ _id: objectIdOrNull(id) ?? new Types.ObjectId() })
  /** Reads by slug under way (see findBySlug). */
  const readingSlug = new Map<string, Promise<StoredCampaign | null>>()

  return {
    async find(id: string): Promise<Campaign | null> {
      if (!objectIdOrNull(id)) return null
      return one(await campaigns.findById(id).lean<StoredCampaign>())
    },

    /**
     * The campaign at this slug, for the fan pages. Reads of one slug that overlap share one query:
     * a burst of fans entering reads the campaign once per round trip instead of once per fan. A
     * request that joins a read already under way sees the campaign as that read found it, at most
     * one round trip earlier than its own read would have: no older than an entry's own read of the
     * campaign before its insert already is. Nothing is kept once the read has answered.
     */
    findBySlug(slug: string): Promise<Campaign | null> {
      const key = String(slug)
      let read = readingSlug.get(key)
      if (!read) {
        // Straight through the driver, as `.lean()` would return it: on every fan's entry path.
        read = (campaigns.collection as unknown as mongo.Collection<StoredCampaign>)
          .findOne({ slug: key }, { projection: { sealedSeed: 0 } })
          .finally(() => readingSlug.delete(key))
        readingSlug.set(key, read)
      }
      return read.then(one)
    },

    /** The latest campaigns, of the given pages only when `pageIds` is set (a member's page scope). */
    async latest(limit = 500, pageIds: string[] | null = null): Promise<Campaign[]> {
      const filter = pageIds ? { pageId: { $in: pageIds.map((id) => objectIdOrNull(String(id))) } } : {}
      return many(await campaigns.find(filter).sort({ opensAt: -1 }).limit(limit).lean<StoredCampaign[]>())
    },

    /** Slugs of the given campaigns (a fan's data lists where they entered). */
    async slugsOf(ids: string[]): Promise<Map<string, string>> {
      const docs = await campaigns
        .find({ _id: { $in: ids.map((id) => objectIdOrNull(id)).filter(Boolean) } })
        .select({ slug: 1 })
        .lean<{ _id: Types.ObjectId; slug: string }[]>()
      return new Map(docs.map((d) => [String(d._id), d.slug]))
    },

    /** Prize values of a page's contests and quizzes opening in [from, to), for the Dutch code's yearly cap. */
    async prizeValuesOfGames(
      pageId: string,
      from: Date,
      to: Date,
      exceptId?: string,
    ): Promise<{ prizeValueEuro: number }[]> {
      return campaigns
        .find({
          pageId: objectIdOrNull(pageId),
          kind: { $in: ['contest', 'quiz'] },
          opensAt: { $gte: from, $lt: to },
          ...(exceptId ? { _id: { $ne: objectIdOrNull(exceptId) } } : {}),
        })
        .select({ prizeValueEuro: 1, _id: 0 })
        .lean<{ prizeValueEuro: number }[]>()
    },

    /** Inserts a draft; 'slugTaken' when the unique slug index refuses it. */
    async insert(
      fields: CampaignFields & {
        slug: string
        seedCommitment: string
        sealedSeed: string
        warnings: Warning[]
        createdBy: string | null
      },
    ): Promise<Campaign | 'slugTaken'> {
      try {
        const doc = await campaigns.create({
          ...fields,
          pageId: new Types.ObjectId(fields.pageId),
          createdBy: fields.createdBy ? new Types.ObjectId(fields.createdBy) : null,
        })
        const { sealedSeed: _sealed, ...stored } = doc.toObject() as CampaignDoc
        return campaignOf(stored)
      } catch (err) {
        if (isDuplicateKey(err)) return 'slugTaken'
        throw err
      }
    },

    /** Changes the terms while not yet drawn; 'slugTaken' when another campaign has the new slug. */
    async updateTerms(
      id: string,
      fields: CampaignFields & { slug?: string; warnings: Warning[] },
    ): Promise<'updated' | 'slugTaken'> {
      try {
        await campaigns.updateOne(
          { ...byId(id), phase: { $in: ['draft', 'published'] } },
          { $set: { ...fields, pageId: new Types.ObjectId(fields.pageId) } },
        )
        return 'updated'
      } catch (err) {
        if (isDuplicateKey(err)) return 'slugTaken'
        throw err
      }
    },

    /** Moves the phase on only from the expected one: of two simultaneous moves, one wins. */
    async movePhase(
      id: string,
      from: 'draft' | 'published',
      to: 'published' | 'drawn',
      set: Record<string, unknown> = {},
    ): Promise<boolean> {
      const changed = await campaigns.updateOne({ ...byId(id), phase: from }, { $set: { ...set, phase: to } })
      return changed.modifiedCount > 0
    },

    /** The texts fans read (see opening.ts), while still published; `openedAt` once it has opened. */
    async setLive(
      id: string,
      live: NonNullable<CampaignDoc['live']>,
      openedAt: Date | null,
    ): Promise<boolean> {
      const changed = await campaigns.updateOne(
        { ...byId(id), phase: 'published' },
        { $set: { live, openedAt, held: null } },
      )
      return changed.modifiedCount > 0
    },

    /** Back to draft with the reason, when the opening check finds a claim no longer true. */
    async hold(id: string, held: { kind: string; message: string; params: Record<string, unknown> }) {
      const changed = await campaigns.updateOne(
        { ...byId(id), phase: 'published' },
        { $set: { phase: 'draft', live: null, openedAt: null, held: { ...held, at: new Date() } } },
      )
      return changed.modifiedCount > 0
    },

    /** Published campaigns past their opening time whose opening check has not run yet. */
    async dueToOpen(now = new Date()): Promise<string[]> {
      const docs = await campaigns
        .find({ phase: 'published', openedAt: null, opensAt: { $lte: now }, closesAt: { $gt: now } })
        .select({ _id: 1 })
        .limit(500)
        .lean<{ _id: Types.ObjectId }[]>()
      return docs.map((d) => String(d._id))
    },

    async setClosesAt(id: string, closesAt: Date): Promise<void> {
      await campaigns.updateOne({ ...byId(id), phase: 'published' }, { $set: { closesAt } })
    },

    async setWinners(id: string, winners: string[]): Promise<void> {
      await campaigns.updateOne({ ...byId(id), phase: 'drawn' }, { $set: { winners } })
    },

    /** Deletes a draft; false when it was no longer a draft. */
    async deleteDraft(id: string): Promise<boolean> {
      const removed = await campaigns.deleteOne({ ...byId(id), phase: 'draft' })
      return removed.deletedCount > 0
    },

    /** The sealed seed, read only by the draw. */
    async sealedSeedOf(id: string): Promise<string | null> {
      const doc = await campaigns.findOne(byId(id)).select('+sealedSeed').lean<{ sealedSeed: string }>()
      return doc?.sealedSeed ?? null
    },

    /** Comment campaigns still taking or settling entries: published, opened, not drawn. */
    async collectingByComment(now = new Date()): Promise<Campaign[]> {
      return many(
        await campaigns
          .find({ entryMethod: 'comment', phase: 'published', opensAt: { $lte: now } })
          .lean<StoredCampaign[]>(),
      )
    },

    /** The published comment campaigns on any of these posts, in one read. */
    async publishedByCommentOnPosts(postIds: string[]): Promise<Campaign[]> {
      return many(
        await campaigns
          .find({
            entryMethod: 'comment',
            phase: 'published',
            'comment.postId': { $in: postIds.map(String) },
          })
          .lean<StoredCampaign[]>(),
      )
    },

    async markCollected(id: string, at = new Date()): Promise<void> {
      await campaigns.updateOne(byId(id), { $set: { 'comment.lastCollectedAt': at } })
    },

    /** Campaigns whose entrants are due for pseudonymisation: drawn, or polls closed, before `before`. */
    async idsPastRetention(before: Date): Promise<string[]> {
      const docs = await campaigns
        .find({
          $or: [
            { phase: 'drawn', drawnAt: { $lt: before } },
            { kind: 'poll', phase: 'published', closesAt: { $lt: before } },
          ],
        })
        .select({ _id: 1 })
        .lean<{ _id: Types.ObjectId }[]>()
      return docs.map((d) => String(d._id))
    },

    async isDutchShop(pageId: string): Promise<boolean> {
      const settings = await pageSettings
        .findOne({ pageId: objectIdOrNull(pageId) })
        .lean<{ dutchShop: boolean }>()
      return Boolean(settings?.dutchShop)
    },

    async setDutchShop(pageId: string, dutchShop: boolean): Promise<void> {
      await pageSettings.updateOne(
        { pageId: new Types.ObjectId(pageId) },
        { $set: { dutchShop } },
        { upsert: true },
      )
    },
  }
}

export type CampaignRepository = Awaited<ReturnType<typeof createCampaignRepository>>
