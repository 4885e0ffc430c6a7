// Writes and reads the audit log. Secrets never enter it: token-like fields are dropped on the way in.
import type { QueryFilter } from 'mongoose'
import type { Models } from '../../models.js'
import type { AuditEntryDoc } from './model.js'

export type Actor = { userId: string | null; name: string; via: 'browser' | 'api' | 'system' }
export const SYSTEM_ACTOR: Actor = { userId: null, name: 'Fanfare', via: 'system' }

export type AuditRecord = {
  action: string
  target: { type: string; id: string; label?: string }
  pageId?: string | null
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
  reason?: string | null
}

export type AuditFilter = {
  action?: string
  actorId?: string
  targetType?: string
  targetId?: string
  pageId?: string
  from?: Date
  to?: Date
  limit: number
  before?: Date
}

const SECRET_KEY = /token|secret|password|hash/i

function withoutSecrets(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!value) return null
  return Object.fromEntries(Object.entries(value).filter(([key]) => !SECRET_KEY.test(key)))
}

export function createAuditLog(models: Models) {
  return {
    async record(actor: Actor, entry: AuditRecord): Promise<void> {
      await models.audit.create({
        at: new Date(),
        actor,
        action: entry.action,
        target: entry.target,
        pageId: entry.pageId ?? null,
        before: withoutSecrets(entry.before),
        after: withoutSecrets(entry.after),
        reason: entry.reason ?? null,
      })
    },

    /** Newest first; `before` pages backwards through time. */
    async list(filter: AuditFilter): Promise<AuditEntryDoc[]> {
      const query: QueryFilter<AuditEntryDoc> = {}
      // Every value is a plain string or Date from a validated schema, never an operator object.
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
      return models.audit.find(query).sort({ at: -1, _id: -1 }).limit(filter.limit).lean<AuditEntryDoc[]>()
    },

    async actions(): Promise<string[]> {
      const rows = await models.audit.aggregate<{ _id: string }>([
        { $group: { _id: '$action' } },
        { $sort: { _id: 1 } },
      ])
      return rows.map((r) => r._id)
    },
  }
}

export type AuditLog = ReturnType<typeof createAuditLog>
