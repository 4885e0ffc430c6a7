// The audit log for admins: a filterable page and a JSON API.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorResponses, ObjectIdParam, OptionalDate, OptionalText } from '../../schemas/common.js'
import { actionLabel, auditLine } from './present.js'
import type { AuditEntry as StoredEntry } from './repository.js'

const admin = { access: ['admin'] as const }

const AuditQuery = z.object({
  action: OptionalText(100),
  actorId: z.preprocess((v) => (v === '' ? undefined : v), ObjectIdParam.optional()),
  targetType: OptionalText(50),
  targetId: OptionalText(100),
  pageId: OptionalText(50),
  from: OptionalDate,
  to: OptionalDate,
  before: OptionalDate.describe('Paging: entries older than this instant'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({
    userId: z.string().nullable(),
    name: z.string(),
    via: z.enum(['browser', 'api', 'system']),
  }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string(), label: z.string().nullable() }),
  pageId: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  reason: z.string().nullable(),
})

const present = (e: StoredEntry) => ({
  id: e.id,
  at: e.at.toISOString(),
  actor: {
    userId: e.actor?.userId ? String(e.actor.userId) : null,
    name: e.actor?.name ?? '',
    via: e.actor?.via ?? 'system',
  },
  action: e.action,
  target: { type: e.target?.type ?? '', id: e.target?.id ?? '', label: e.target?.label ?? null },
  pageId: e.pageId ?? null,
  before: (e.before as Record<string, unknown> | null) ?? null,
  after: (e.after as Record<string, unknown> | null) ?? null,
  reason: e.reason ?? null,
})

const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { audit, team } = app

  app.get('/audit', { config: admin, schema: { querystring: AuditQuery } }, async (request, reply) => {
    const [entries, actions, members, pageList] = await Promise.all([
      audit.list(request.query),
      audit.actions(),
      team.list(),
      app.pages.list(),
    ])
    const shown = entries.map(present)
    const last = shown.at(-1)
    // Ids in the changes (pages, members) are shown by name.
    const names = new Map<string, string>([
      ...pageList.map((p) => [p.id, p.name] as [string, string]),
      ...members.map((m) => [m.id, m.name] as [string, string]),
    ])
    const ctx = { locale: request.locale, zone: pageList[0]?.timeZone, names }
    return reply.page('audit/index', {
      title: 'nav.audit',
      entries: entries.map((e) => auditLine(e, ctx)),
      actions: actions.map((a) => ({ value: a, label: actionLabel(a, request.locale) })),
      members: members.map((m) => ({ id: m.id, name: m.name })),
      filter: {
        ...request.query,
        from: request.query.from?.toISOString().slice(0, 10),
        to: request.query.to?.toISOString().slice(0, 10),
      },
      older: shown.length === request.query.limit && last ? last.at : null,
    })
  })

  app.get(
    '/api/v1/audit',
    {
      config: admin,
      schema: {
        tags: ['audit'],
        summary: 'Read the audit log, newest first',
        security: [{ bearerAuth: [] }],
        querystring: AuditQuery,
        response: { 200: z.object({ entries: z.array(AuditEntry) }), ...errorResponses },
      },
    },
    async (request) => ({ entries: (await audit.list(request.query)).map(present) }),
  )
}

export default auditRoutes
