// The only place that stores and reads posts' content, plan and status (publishing state: claims.ts).
import type { Connection } from 'mongoose'
import { initModels, modelOn, objectIdOrNull, withId } from '../../store.js'
import { PLANNED_STATUSES, type PostDoc, PostSchema, type PostStatus } from './model.js'

/** Who approved, rejected or overrode, as a string id (stored as an ObjectId). */
type ById<T> = T extends { by: unknown } ? Omit<T, 'by'> & { by: string } : T

/** A post as the rest of Fanfare sees it: string ids, no mongoose. */
export type Post = Omit<
  PostDoc,
  '_id' | 'pageId' | 'authorId' | 'createdAt' | 'updatedAt' | 'approval' | 'rejection' | 'override'
> & {
  id: string
  pageId: string
  authorId: string
  approval?: ById<PostDoc['approval']>
  rejection?: ById<PostDoc['rejection']>
  override?: ById<PostDoc['override']>
}

/** What a new post is made of; everything else starts at its default. */
export type NewPost = Pick<
  Post,
  'pageId' | 'facebookPageId' | 'message' | 'link' | 'imageUrl' | 'label' | 'status' | 'scheduledAt'
> &
  Partial<Pick<Post, 'product' | 'offerEndsAt'>> &
  Partial<Pick<Post, 'series' | 'importId' | 'override'>> & { authorId: string; authorName: string }

/** Fields a change may set (never the ids or the version, which `changeIf` bumps). */
export type PostChange = Partial<Omit<Post, 'id' | 'pageId' | 'authorId' | 'version'>>

export type PostFilter = {
  pageId?: string
  /** Only posts of these pages (the member's page scope). */
  pageIds?: string[]
  status?: PostStatus
  authorId?: string
  from?: Date
  to?: Date
}

/** Just enough of a post to put it in the page's plan. */
export type PostTiming = Pick<Post, 'id' | 'message' | 'label' | 'scheduledAt' | 'publishedAt' | 'series'>

/** Just enough of a post to put it on the queue. */
export type PostDue = Pick<Post, 'id' | 'scheduledAt'>

const withById = <T extends { by: unknown }>(review: T | null | undefined) =>
  review ? { ...review, by: String(review.by) } : review

export function toPost(doc: PostDoc): Post {
  const {
    pageId,
    authorId,
    createdAt: _c,
    updatedAt: _u,
    approval,
    rejection,
    override,
    ...rest
  } = withId(doc)
  return {
    ...rest,
    pageId: String(pageId),
    authorId: String(authorId),
    approval: withById(approval),
    rejection: withById(rejection),
    override: withById(override),
  } as Post
}

export async function createPostRepository(connection: Connection) {
  const posts = modelOn(connection, 'Post', PostSchema)
  await initModels(posts)
  const timing = { message: 1, label: 1, scheduledAt: 1, publishedAt: 1, series: 1 }
  const timings = (docs: PostDoc[]) => docs.map((d) => toPost(d) as unknown as PostTiming)
  const dues = (docs: PostDoc[]): PostDue[] =>
    docs.map((d) => ({ id: String(d._id), scheduledAt: d.scheduledAt }))

  function filterOf(f: PostFilter): Record<string, unknown> {
    // Every value comes from a validated schema as a plain string or Date, never an operator object.
    const filter: Record<string, unknown> = {}
    if (f.pageId) filter.pageId = objectIdOrNull(f.pageId)
    else if (f.pageIds) filter.pageId = { $in: f.pageIds.map((id) => objectIdOrNull(String(id))) }
    if (f.status) filter.status = String(f.status)
    if (f.authorId) filter.authorId = objectIdOrNull(f.authorId)
    if (f.from || f.to) {
      filter.scheduledAt = { ...(f.from ? { $gte: f.from } : {}), ...(f.to ? { $lte: f.to } : {}) }
    }
    return filter
  }

  return {
    async find(id: string): Promise<Post | null> {
      const _id = objectIdOrNull(id)
      const doc = _id ? await posts.findById(_id).lean<PostDoc>() : null
      return doc ? toPost(doc) : null
    },

    async insert(drafts: NewPost[]): Promise<Post[]> {
      const docs = await posts.insertMany(drafts)
      return docs.map((d) => toPost(d.toObject() as PostDoc))
    },

    /** All rows of an import or none: a failed insert takes the rows that did land away again. */
    async insertImport(importId: string, drafts: NewPost[]): Promise<Post[]> {
      try {
        const docs = await posts.insertMany(drafts.map((d) => ({ ...d, importId })))
        return docs.map((d) => toPost(d.toObject() as PostDoc))
      } catch (err) {
        await posts.deleteMany({ importId })
        throw err
      }
    },

    /**
     * Changes a post only while its status is one of `status` (and its version is `version`, when
     * given), so two people's changes cannot overwrite each other; null when it changed meanwhile.
     */
    async changeIf(
      id: string,
      where: { status: readonly PostStatus[]; version?: number },
      change: PostChange,
      opts: { bumpVersion?: boolean } = {},
    ): Promise<Post | null> {
      const _id = objectIdOrNull(id)
      if (!_id) return null
      const doc = await posts
        .findOneAndUpdate(
          {
            _id,
            status: { $in: [...where.status] },
            ...(where.version === undefined ? {} : { version: where.version }),
          },
          { $set: change, ...(opts.bumpVersion === false ? {} : { $inc: { version: 1 } }) },
          { returnDocument: 'after' },
        )
        .lean<PostDoc>()
      return doc ? toPost(doc) : null
    },

    async list(filter: PostFilter, page: number, limit: number): Promise<{ posts: Post[]; total: number }> {
      const query = filterOf(filter)
      const [docs, total] = await Promise.all([
        posts
          .find(query)
          .sort({ scheduledAt: -1, _id: -1 })
          .skip((page - 1) * limit)
          .limit(limit)
          .lean<PostDoc[]>(),
        posts.countDocuments(query),
      ])
      return { posts: docs.map(toPost), total }
    },

    /** The next posts due from `from` on these pages (scheduled, awaiting approval or held), earliest first. */
    async upcoming(pageIds: string[], from: Date, limit: number): Promise<Post[]> {
      const docs = await posts
        .find({
          pageId: { $in: pageIds.map((id) => objectIdOrNull(String(id))) },
          status: { $in: ['scheduled', 'awaiting_approval', 'held'] },
          scheduledAt: { $gte: from },
        })
        .sort({ scheduledAt: 1, _id: 1 })
        .limit(limit)
        .lean<PostDoc[]>()
      return docs.map(toPost)
    },

    /** The page's posts due in [from, to), cancelled ones left out, earliest first. */
    async dueBetween(pageId: string, from: Date, to: Date): Promise<Post[]> {
      const docs = await posts
        .find({ pageId, status: { $ne: 'cancelled' }, scheduledAt: { $gte: from, $lt: to } })
        .sort({ scheduledAt: 1 })
        .lean<PostDoc[]>()
      return docs.map(toPost)
    },

    /** The page's posts that take a slot in its plan, due or published in [from, to]. */
    async plannedBetween(pageId: string, from: Date, to: Date): Promise<PostTiming[]> {
      const docs = await posts
        .find(
          {
            pageId,
            status: { $in: [...PLANNED_STATUSES] },
            $or: [{ scheduledAt: { $gte: from, $lte: to } }, { publishedAt: { $gte: from, $lte: to } }],
          },
          timing,
        )
        .lean<PostDoc[]>()
      return timings(docs)
    },

    /** Held posts of the page waiting for its reconnection (not those held for their product's stock). */
    async heldIds(pageId: string): Promise<string[]> {
      const docs = await posts
        .find({ pageId, status: 'held', 'failure.kind': { $nin: ['sold_out', 'scarcity'] } }, { _id: 1 })
        .lean<PostDoc[]>()
      return docs.map((d) => String(d._id))
    },

    /** Posts still to go out that promote this product variant. */
    async plannedFor(product: string): Promise<Post[]> {
      const docs = await posts
        .find({ product: String(product), status: { $in: ['scheduled', 'awaiting_approval'] } })
        .lean<PostDoc[]>()
      return docs.map(toPost)
    },

    /** Posts held because their product sold out or their claim stopped being true, newest first. */
    async heldForStock(pageIds: string[] | null, limit: number): Promise<Post[]> {
      const filter: Record<string, unknown> = {
        status: 'held',
        'failure.kind': { $in: ['sold_out', 'scarcity'] },
      }
      if (pageIds) filter.pageId = { $in: pageIds.map((id) => objectIdOrNull(String(id))) }
      const docs = await posts.find(filter).sort({ scheduledAt: 1 }).limit(limit).lean<PostDoc[]>()
      return docs.map(toPost)
    },

    async pageIdsWithHeld(): Promise<string[]> {
      return (await posts.distinct('pageId', { status: 'held' })).map(String)
    },

    /** Scheduled posts due by `until`, earliest first (the reconciler's look at what must go out). */
    async scheduledBy(until: Date, limit: number): Promise<PostDue[]> {
      const docs = await posts
        .find({ status: 'scheduled', scheduledAt: { $lte: until } }, { scheduledAt: 1 })
        .sort({ scheduledAt: 1 })
        .limit(limit)
        .lean<PostDoc[]>()
      return dues(docs)
    },

    /** Posts a worker holds past its lease: it died, and the post needs a job to be claimed again. */
    async leaseExpired(now: Date, limit: number): Promise<PostDue[]> {
      const docs = await posts
        .find({ status: 'publishing', 'lease.until': { $lt: now } }, { scheduledAt: 1 })
        .limit(limit)
        .lean<PostDoc[]>()
      return dues(docs)
    },
  }
}

export type PostRepository = Awaited<ReturnType<typeof createPostRepository>>
