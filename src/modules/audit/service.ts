// Writes and reads the audit log. Secrets never enter it: token-like fields are dropped on the way in.
import type { AuditEntry, AuditQuery, AuditRepository } from './repository.js'

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

export type AuditFilter = AuditQuery
export type { AuditEntry }

const SECRET_KEY = /token|secret|password|hash/i

function withoutSecrets(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!value) return null
  return Object.fromEntries(Object.entries(value).filter(([key]) => !SECRET_KEY.test(key)))
}

export function createAuditLog(repo: AuditRepository) {
  return {
    async record(actor: Actor, entry: AuditRecord): Promise<void> {
      await repo.append({
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
    list: (filter: AuditFilter): Promise<AuditEntry[]> => repo.list(filter),

    actions: (): Promise<string[]> => repo.distinctActions(),
  }
}

export type AuditLog = ReturnType<typeof createAuditLog>
