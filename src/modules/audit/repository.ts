// The only place that touches the audit collection: append entries, read them back newest first.
import { type Connection, type QueryFilter, Types } from 'mongoose'
import { initModels, modelOn, withId } from '../../store.js'
import { type AuditEntryDoc, AuditEntrySchema } from './model.js'

export type AuditEntry = Omit<AuditEntryDoc, '_id'> & { id: string }

/** An entry to append; the actor's id as the rest of Fanfare spells it. */
export type NewAuditEntry = Omit<AuditEntryDoc, '_id' | 'actor'> & {
  actor: { userId: string | null; name: string; via: 'browser' | 'api' | 'system' }
}

export type AuditQuery = {
  action?: string
  actorId?: string
  targetType?: string
  targetId?: string
  pageId?: string
  from?: Date
  to?: Date
  before?: Date
  limit: number
}

export async function createAuditRepository(connection: Connection) {
  const entries = modelOn(connection, 'AuditEntry', AuditEntrySchema)
  await initModels(entries)
  return {
    async append(entry: NewAuditEntry): Promise<void> {
      const { userId } = entry.actor
      await entries.create({
        ...entry,
        actor: { ...entry.actor, userId: userId ? new Types.ObjectId(userId) : null },
      })
    },

    async list(filter: AuditQuery): Promise<AuditEntry[]> {
      const query: QueryFilter<AuditEntryDoc> = {}
      // Every value becomes a plain string or Date here, never an operator object from input.
      if (filter.action) query.action = String(filter.action)
      if (filter.actorId) query['actor.userId'] = String(filter.actorId)
      if (filter.targetType) query['target.type'] = String(filter.targetType)
      if (filter.targetId) query['target.id'] = String(filter.targetId)
      if (filter.pageId) query.pageId = String(filter.pageId)
      const at: Record<string, Date> = {}
      if (filter.from) at.$gte = filter.from
      if (filter.to) at.$lte = filter.to
      if (filter.before) at.$lt = filter.before
      if (Object.keys(at).length) query.at = at
      const docs = await entries
        .find(query)
        .sort({ at: -1, _id: -1 })
        .limit(filter.limit)
        .lean<AuditEntryDoc[]>()
      return docs.map(withId)
    },

    async distinctActions(): Promise<string[]> {
      const rows = await entries.aggregate<{ _id: string }>([
        { $group: { _id: '$action' } },
        { $sort: { _id: 1 } },
      ])
      return rows.map((r) => r._id)
    },
  }
}

export type AuditRepository = Awaited<ReturnType<typeof createAuditRepository>>
