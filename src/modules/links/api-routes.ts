// JSON API of tracked links: every link with its clicks, page-scoped.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { errorResponses } from '../../schemas/common.js'
import { enforcePageScope } from '../pages/page-scope.js'
import type { LinkWithClicks } from './report.js'
import { LinkList, LinksQuery } from './schemas.js'

const marketers = { access: ['admin', 'marketer'] as const }

const apiRoutes: FastifyPluginAsyncZod = async (app) => {
  enforcePageScope(app)
  const view = (l: LinkWithClicks) => ({
    code: l.code,
    shortUrl: app.links.tracking.shortUrl(l),
    target: l.target,
    url: l.url,
    kind: l.kind,
    medium: l.medium,
    utmCampaign: l.utmCampaign,
    utmContent: l.utmContent,
    pageId: l.pageId ?? null,
    postId: l.postId ?? null,
    campaignId: l.campaignId ?? null,
    kitId: l.kitId ?? null,
    personId: l.personId ?? null,
    clicks: l.clicks,
    uniques: l.uniques,
  })

  app.get(
    '/api/v1/links',
    {
      config: marketers,
      schema: {
        tags: ['links'],
        summary: 'Tracked links with their clicks (UTC days, inclusive); kits’ links are shop-wide',
        security: [{ bearerAuth: [] }],
        querystring: LinksQuery,
        response: { 200: LinkList, ...errorResponses },
      },
    },
    async (request) => {
      const scope = request.pageScope
      const { kind, from, to } = request.query
      const [paged, kits] = await Promise.all([
        kind === 'kit'
          ? []
          : app.links.report.links({ kind, pageIds: scope.all ? undefined : scope.ids }, { from, to }),
        kind === 'kit' || (!kind && !scope.all) ? app.links.report.links({ kind: 'kit' }, { from, to }) : [],
      ])
      const seen = new Set<string>()
      const links = [...paged, ...kits].filter((l) => !seen.has(l.code) && seen.add(l.code))
      return { links: links.map(view) }
    },
  )
}

export default apiRoutes
