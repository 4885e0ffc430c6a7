// The only place that writes comments: each change is decided from the stored comment and written
// with one conditional update on the `rev` it was decided from; a concurrent writer means decide again.
import type { Connection } from 'mongoose'
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

  return {
    find,

    /**
     * Applies `decide` to the stored comment until its write lands on the revision it read. So a
     * webhook edit, a moderator's action and a backfill on one comment all keep their effect.
     */
    async change(id: string, decide: Decide): Promise<Changed> {
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
    },
  }
}

export type CommentRepository = Awaited<ReturnType<typeof createCommentRepository>>
