// The inbox thread's shop actions (moderators): link the commenter to a customer, unlink, tag the
// complaint to an order, erase what Fanfare keeps of the commenter; forms post here and return to the
// thread. Page-scoped like the inbox.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { NotFound } from '../../errors.js'
import { irreversible } from '../../irreversible.js'
import { errorResponses } from '../../schemas/common.js'
import { CommentIdParams as CommentParams } from '../comments/schemas.js'
import { enforcePageScope } from '../pages/page-scope.js'
import { presentLink } from './present.js'
import { moderators, shopApi } from './route-options.js'
import { ConnectionParams, CustomerLinkView, LinkCustomerBody, TagOrderBody } from './schemas.js'

const shopCommentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { comments } = app
  const { customers } = app.shop
  enforcePageScope(app, { pageOf: comments.inbox.pageOf, notFound: 'comments.notFound' })

  async function commenter(id: string) {
    const { comment } = await comments.inbox.thread(id)
    if (!comment) throw new NotFound('comments.notFound')
    return {
      facebookCommentId: comment.facebookCommentId,
      facebookPageId: comment.facebookPageId,
      from: { id: comment.from?.id ?? null, name: comment.from?.name ?? null },
    }
  }
  const back = (id: string) => `/comments/${id}#shop`

  app.post(
    '/comments/:id/shop/link',
    { config: moderators, schema: { params: CommentParams, body: LinkCustomerBody } },
    async (request, reply) => {
      await customers.link(
        request.actor,
        await commenter(request.params.id),
        request.body.connectionId,
        request.body.customerId,
      )
      return reply.done(back(request.params.id), 'shop.linked')
    },
  )

  app.post(
    '/comments/:id/shop/unlink',
    { config: moderators, schema: { params: CommentParams, body: ConnectionParams } },
    async (request, reply) => {
      await customers.unlink(request.actor, await commenter(request.params.id), request.body.connectionId)
      return reply.done(back(request.params.id), 'shop.unlinked')
    },
  )

  app.post(
    '/comments/:id/shop/tag',
    { config: moderators, schema: { params: CommentParams, body: TagOrderBody } },
    async (request, reply) => {
      await customers.tagOrder(
        request.actor,
        await commenter(request.params.id),
        request.body.connectionId,
        request.body.orderId,
      )
      return reply.done(back(request.params.id), 'shop.tagged')
    },
  )

  app.post(
    '/comments/:id/shop/erase',
    {
      ...irreversible(app, {
        path: '/comments/:id/shop/erase',
        name: 'shop.eraseCommenter',
        config: moderators,
        params: CommentParams,
        cancelTo: (request) => back((request.params as { id: string }).id),
      }),
      schema: { params: CommentParams },
    },
    async (request, reply) => {
      const erased = await customers.erase(request.actor, await commenter(request.params.id))
      return reply.done(back(request.params.id), 'shop.erased', {
        links: erased.links,
        tags: erased.tags,
        entries: erased.entries,
      })
    },
  )

  app.put(
    '/api/v1/comments/:id/shop/customer',
    {
      config: moderators,
      schema: {
        ...shopApi(
          'Link the commenter to a shop customer',
          'Only the ids are stored; audited. Answers the link (its `id` is what `DELETE /api/v1/shop/customer-links/{id}` takes); ' +
            'linking again to another customer of the same shop replaces the link.',
        ),
        params: CommentParams,
        body: LinkCustomerBody,
        response: { 200: CustomerLinkView, ...errorResponses },
      },
    },
    async (request) =>
      presentLink(
        await customers.link(
          request.actor,
          await commenter(request.params.id),
          request.body.connectionId,
          request.body.customerId,
        ),
      ),
  )

  app.delete(
    '/api/v1/comments/:id/shop/commenter',
    {
      config: moderators,
      schema: {
        ...shopApi(
          'Erase the commenter’s shop data on this page',
          'Deletes, for the comment’s page and its author’s page-scoped id, every link to a shop customer and ' +
            'the order tags on their comments; the comments themselves stay (they are the page’s Facebook data). ' +
            'Irreversible; audited with the counts only.',
        ),
        params: CommentParams,
        response: {
          200: z.object({
            links: z.number().int(),
            orderTags: z.number().int(),
            contestEntries: z
              .number()
              .int()
              .describe('comment-to-enter entries pseudonymised (their refs stay)'),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const erased = await customers.erase(request.actor, await commenter(request.params.id))
      return { links: erased.links, orderTags: erased.tags, contestEntries: erased.entries }
    },
  )

  app.put(
    '/api/v1/comments/:id/shop/order',
    {
      config: moderators,
      schema: {
        ...shopApi(
          'Tag the complaint to an order',
          'The order is checked live; it must belong to the linked customer.',
        ),
        params: CommentParams,
        body: TagOrderBody,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await customers.tagOrder(
        request.actor,
        await commenter(request.params.id),
        request.body.connectionId,
        request.body.orderId,
      )
      return reply.code(204).send(null)
    },
  )
}

export default shopCommentRoutes
