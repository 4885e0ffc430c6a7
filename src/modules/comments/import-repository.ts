// The only place that touches comment import runs (backfills through Graph) and their progress.
import type { Connection } from 'mongoose'
import { initModels, modelOn, objectIdOrNull, withId } from '../../store.js'
import { type CommentImportDoc, CommentImportSchema } from './model.js'

export type CommentImport = Omit<CommentImportDoc, '_id'> & { id: string }

export async function createImportRepository(connection: Connection) {
  const imports = modelOn(connection, 'CommentImport', CommentImportSchema)
  await initModels(imports)
  const run = (doc: CommentImportDoc | null) => (doc ? withId(doc) : null)

  return {
    async create(
      facebookPageId: string,
      reason: CommentImport['reason'],
      since: Date,
    ): Promise<CommentImport> {
      const created = await imports.create({ facebookPageId, reason, since })
      return withId(created.toObject() as CommentImportDoc)
    },

    /** Starts (or restarts, after a crash) a queued run; null when it does not exist or has finished. */
    async start(id: string): Promise<CommentImport | null> {
      const _id = objectIdOrNull(id)
      if (!_id) return null
      return run(
        await imports
          .findOneAndUpdate(
            { _id, state: { $in: ['queued', 'running'] } },
            { $set: { state: 'running', startedAt: new Date(), postsDone: 0, comments: 0 } },
            { returnDocument: 'after' },
          )
          .lean<CommentImportDoc>(),
      )
    },

    async progress(
      id: string,
      set: Partial<Pick<CommentImport, 'state' | 'posts' | 'error' | 'finishedAt'>>,
      inc: Partial<Record<'postsDone' | 'comments', number>> = {},
    ): Promise<CommentImport | null> {
      return run(
        await imports
          .findOneAndUpdate(
            { _id: objectIdOrNull(id) },
            { $set: set, ...(Object.keys(inc).length ? { $inc: inc } : {}) },
            { returnDocument: 'after' },
          )
          .lean<CommentImportDoc>(),
      )
    },

    async latest(limit: number): Promise<CommentImport[]> {
      const docs = await imports.find().sort({ createdAt: -1 }).limit(limit).lean<CommentImportDoc[]>()
      return docs.map(withId)
    },
  }
}

export type ImportRepository = Awaited<ReturnType<typeof createImportRepository>>
