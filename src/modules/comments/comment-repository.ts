// The only place that writes comments: each change is decided from the stored comment and written
// with one conditional update on the `rev` it was decided from; a concurrent writer means decide again.
import type { Connection, mongo } from 'mongoose'
import { Conflict } from '../../errors.js'
import { initModels, isDuplicateKey, modelOn, withId } from '../../store.js'
import { type CommentDoc, CommentSchema } from './model.js'

export type CommentAction = {
  at: Date
  kind: string
  by: { userId: string | null; name: string }
  text: string | null
}
export type Signal = { text: string; kind: string; weight: number }
/** What the barometer counted for a comment (see barometer.ts). */
export type Counted = {
  day: string
  week: string
  sentiment: string
  category: string | null
  words: string[]
}

/** A stored comment as the rest of the module sees it (`id` is the Facebook comment id). */
export type Comment = Omit<CommentDoc, '_id' | 'actions' | 'signals' | 'counted' | 'firstResponseBy'> & {
  id: string
  actions: CommentAction[]
  signals: Signal[]
  counted: Counted | null
  firstResponseBy: { userId: string | null; name: string | null } | null
}

/** The fields a change sets; a change that creates the comment also gives its identity. */
export type CommentFields = Partial<Omit<Comment, 'id' | 'rev' | 'createdAt' | 'updatedAt'>>

/** Decides a change from the comment as stored (null: not stored yet); null means nothing to write. */
export type Decide = (current: Comment | null) => CommentFields | null

export type Changed = { before: Comment | null; after: Comment | null }

/** One comment's changes, decided in this order (each from the comment as the earlier ones left it). */
export type Changes = { id: string; decides: Decide[] }
/**
 * What a comment's changes did: the writes that landed (one for all of them in the common case,
 * one per change when it had to retry), and per change whether it wrote anything.
 */
export type ChangedAll = { landed: Changed[]; wrote: boolean[] }

/** Conflicts after which a change gives up (each conflict means another write landed meanwhile). */
const MAX_ATTEMPTS = 50

export const toComment = (doc: CommentDoc): Comment => withId(doc) as unknown as Comment

export async function createCommentRepository(connection: Connection) {
  const comments = modelOn(connection, 'Comment', CommentSchema)
  await initModels(comments)

  async function find(id: string): Promise<Comment | null> {
    const doc = await comments.findOne({ _id: String(id) }).lean<CommentDoc>()
    return doc ? toComment(doc) : null
  }

  /** Writes `fields` if the comment is still at `rev`; null when another write came first. */
  async function writeAt(current: Comment, fields: CommentFields): Promise<Comment | null> {
    // Documents written before `rev` existed have none: rev 0 matches them too.
    const rev = current.rev ? current.rev : { $in: [0, null] }
    const doc = await comments
      .findOneAndUpdate(
        { _id: current.id, rev },
        { $set: fields, $inc: { rev: 1 } },
        { returnDocument: 'after', runValidators: true },
      )
      .lean<CommentDoc>()
    return doc ? toComment(doc) : null
  }

  /** Creates the comment; null when it appeared meanwhile. */
  async function insert(id: string, fields: CommentFields): Promise<Comment | null> {
    try {
      const created = await comments.create({ ...fields, _id: id, facebookCommentId: id, rev: 1 })
      return toComment(created.toObject() as CommentDoc)
    } catch (err) {
      if (isDuplicateKey(err)) return null
      throw err
    }
  }

  /** A new comment as `create` would store it: the schema's defaults under the decided fields. */
  const defaults = (() => {
    const { _id, facebookCommentId, facebookPageId, postId, createdAt, updatedAt, ...rest } = new comments({
      _id: 'x',
      facebookCommentId: 'x',
      facebookPageId: 'x',
      postId: 'x',
    }).toObject() as CommentDoc & { createdAt?: Date; updatedAt?: Date }
    return rest
  })()
  // A copy of the defaults whose objects and arrays are its own (the defaults are shared).
  const newComment = (id: string, fields: CommentFields): Comment =>
    ({
      ...defaults,
      from: { ...defaults.from },
      firstResponseBy: { ...defaults.firstResponseBy },
      signals: [],
      actions: [],
      ...fields,
      id,
      facebookCommentId: id,
      rev: 0,
    }) as unknown as Comment
  // Straight through the driver: the documents are built here from typed fields and the schema's
  // defaults, and mongoose's per-document casting was most of the worker's time per comment.
  const raw = comments.collection as unknown as mongo.Collection<CommentDoc>

  /** Applies one comment's changes through `change`, one conditional write per change. */
  async function changeEach({ id, decides }: Changes): Promise<ChangedAll> {
    const result: ChangedAll = { landed: [], wrote: [] }
    for (const decide of decides) {
      const changed = await change(id, decide)
      const wrote = changed.before !== changed.after
      result.wrote.push(wrote)
      if (wrote) result.landed.push(changed)
    }
    return result
  }

  /** The fields without undefined ones (mongoose leaves those out of a `$set`; the driver would store null). */
  const defined = (fields: CommentFields) =>
    Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as CommentFields

  /**
   * Applies `decide` to the stored comment until its write lands on the revision it read. So a
   * webhook edit, a moderator's action and a backfill on one comment all keep their effect.
   */
  async function change(id: string, decide: Decide): Promise<Changed> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await find(id)
      const fields = decide(current)
      if (!fields) return { before: current, after: current }
      const after = current ? await writeAt(current, fields) : await insert(id, fields)
      if (after) return { before: current, after }
      // Many writers on one comment: give the others a moment before reading again.
      if (attempt > 3) await new Promise((resolve) => setTimeout(resolve, Math.random() * attempt))
    }
    throw new Conflict('comments.busy')
  }

  return {
    find,
    change,

    /**
     * `change` for many comments at once (a webhook delivery's): one read of them all, each
     * comment's changes decided in order on it, and one bulk write holding one conditional write
     * per comment (an insert for a new one, else an update on the `rev` it was read at). A comment
     * whose write lost to another writer goes through `change` again, change by change.
     *
     * The update is an upsert on `{ _id, rev }`: when another write moved `rev`, it tries to insert
     * that `_id` and fails with a duplicate key at its own index in the bulk's errors, so each
     * comment's write is known to have landed or not (a plain update only reports a total of
     * matches for the whole bulk). Comments are never deleted, so the upsert never creates one.
     */
    async changeAll(list: Changes[]): Promise<ChangedAll[]> {
      if (list.length === 0) return []
      const found = new Map<string, Comment>()
      for (const doc of await raw.find({ _id: { $in: list.map((c) => c.id) } }).toArray())
        found.set(doc._id, toComment(doc as CommentDoc))
      const now = new Date()
      const planned = list.map(({ id, decides }) => {
        const before = found.get(id) ?? null
        let state = before
        let fields: CommentFields | null = null
        const wrote = decides.map((decide) => {
          const next = decide(state)
          if (!next) return false
          fields = { ...fields, ...next }
          state = { ...(state ?? newComment(id, {})), ...next }
          return true
        })
        return { id, before, state, fields: fields as CommentFields | null, wrote }
      })
      const writes = planned.filter((p) => p.fields)
      const ops = writes.map(({ id, before, fields }) => {
        const set = defined(fields as CommentFields)
        if (!before) {
          const { id: _, ...doc } = newComment(id, set)
          // What the schema requires and a change creating a comment always gives.
          if (!doc.facebookPageId || !doc.postId)
            throw new Error(`comment ${id} created without its page or post`)
          return {
            insertOne: {
              document: { ...doc, _id: id, rev: 1, createdAt: now, updatedAt: now } as unknown as CommentDoc,
            },
          }
        }
        // Documents written before `rev` existed have none: rev 0 matches them too.
        const rev = before.rev ? before.rev : { $in: [0, null] }
        return {
          updateOne: {
            filter: { _id: id, rev } as mongo.Filter<CommentDoc>,
            update: { $set: { ...set, updatedAt: now }, $inc: { rev: 1 } } as mongo.UpdateFilter<CommentDoc>,
            upsert: true,
          },
        }
      })
      const lost = new Set<string>()
      if (ops.length > 0) {
        try {
          await raw.bulkWrite(ops, { ordered: false })
        } catch (err) {
          const failed = (err as { writeErrors?: { index: number; code?: number }[] }).writeErrors
          if (!failed?.length || failed.some((e) => e.code !== 11000)) throw err
          for (const e of failed) lost.add((writes[e.index] as (typeof writes)[number]).id)
        }
      }
      return Promise.all(
        planned.map(async (p, i): Promise<ChangedAll> => {
          if (lost.has(p.id)) return changeEach(list[i] as Changes)
          if (!p.fields) return { landed: [], wrote: p.wrote }
          const after = { ...(p.state as Comment), rev: (p.before?.rev ?? 0) + 1, updatedAt: now }
          return { landed: [{ before: p.before, after }], wrote: p.wrote }
        }),
      )
    },
  }
}

export type CommentRepository = Awaited<ReturnType<typeof createCommentRepository>>
