// JSON API of customer links (moderators and admins, page-scoped): list them, ids only, and remove
// one. A link is made from its comment (`PUT /api/v1/comments/{id}/shop/customer`, comment-routes.ts),
// because the comment is what proves the commenter wrote on that page.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorResponses, IdParams } from '../../schemas/common.js'
import { enforcePageScope } from '../pages/page-scope.js'
import { presentLink } from './present.js'
import { moderators, shopApi } from './route-options.js'
import { CustomerLinksQuery, CustomerLinkView } from './schemas.js'

const customerLinkRoutes: FastifyPluginAsyncZod = async (app) => {
  const { customers } = app.shop
  enforcePageScope(app, { pageOf: customers.pageOfLink, notFound: 'shop.customerLinkNotFound' })

  app.get(
    '/api/v1/shop/customer-links',
    {
      config: moderators,
      schema: {
        ...shopApi(
          'List customer links',
          'Which commenter (page-scoped id, per Facebook page) is linked to which shop customer, by whom and when: ' +
            'ids only, names and e-mail addresses stay in the shop. Only the pages you work on; `page` of another ' +
            'page is 404. Oldest first; pass `next` as `after` for the following page. Links are made from their ' +
            'comment: `PUT /api/v1/comments/{id}/shop/customer`.',
        ),
        querystring: CustomerLinksQuery,
        response: {
          200: z.object({ links: z.array(CustomerLinkView), next: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query
      const scope = request.pageScope
      const list = await customers.listLinks({
        facebookPageIds: scope.all ? null : scope.facebookPageIds,
        facebookPageId: q.page,
        facebookUserId: q.commenter,
        connectionId: q.connectionId,
        after: q.after,
        limit: q.limit,
      })
      const next = list.length === q.limit ? (list.at(-1)?.id ?? null) : null
      return { links: list.map(presentLink), next }
    },
  )

  app.delete(
    '/api/v1/shop/customer-links/:id',
    {
      config: moderators,
      schema: {
        ...shopApi(
          'Remove a customer link',
          'The commenter is no longer linked to that customer; order tags on their comments stay (erase the ' +
            'commenter in the inbox thread to remove those too). Audited. 404 for a link of another page.',
        ),
        params: IdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await customers.removeLink(request.actor, request.params.id)
      return reply.code(204).send(null)
    },
  )
}

export default customerLinkRoutes
