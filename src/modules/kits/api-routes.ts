// JSON API of kits: marketers and admins manage them and read every person's figures; an
// ambassador reads the active kits of their pages, their own link, their own figures, and records
// a share intent.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ErrorResponse, errorResponses, IdParams } from '../../schemas/common.js'
import { enforcePageScope } from '../pages/page-scope.js'
import type { Member } from '../team/service.js'
import { presentKit, presentShareState } from './present.js'
import {
  Kit,
  KitBody,
  KitEditBody,
  KitFigures,
  KitList,
  KitListQuery,
  MyKitLink,
  ShareIntent,
} from './schemas.js'

const marketers = { access: ['admin', 'marketer'] as const }
const readers = { access: ['admin', 'marketer', 'ambassador'] as const }
const ambassadors = { access: ['ambassador'] as const }
const api = (summary: string) => ({ tags: ['kits'], summary, security: [{ bearerAuth: [] }] })
const refusals = { ...errorResponses, 422: ErrorResponse }

const isAmbassador = (user: Member | null) => user?.role === 'ambassador'

const kitApiRoutes: FastifyPluginAsyncZod = async (app) => {
  const { kits } = app
  enforcePageScope(app, { pageOf: (id) => kits.pageOf(id), notFound: 'kits.notFound' })
  const shopOf = async (pageId: string) => (await app.pages.find(pageId)).name
  /** An ambassador sees a kit only while it is active. */
  const kitFor = (user: Member | null, id: string) =>
    isAmbassador(user) ? kits.findActive(id) : kits.find(id)

  app.get(
    '/api/v1/kits',
    {
      config: readers,
      schema: {
        ...api('Kits on your pages (an ambassador gets the active ones)'),
        querystring: KitListQuery,
        response: { 200: KitList, ...errorResponses },
      },
    },
    async (request) => {
      const scope = request.pageScope
      const status = isAmbassador(request.user) ? 'active' : request.query.status
      const list = await kits.list(scope.all ? null : scope.ids, status)
      const names = new Map(scope.pages.map((p) => [p.id, p.name]))
      return { kits: list.map((k) => presentKit(k, names.get(k.pageId) ?? '')) }
    },
  )

  app.post(
    '/api/v1/kits',
    {
      config: marketers,
      schema: { ...api('Make a kit for a page'), body: KitBody, response: { 201: Kit, ...errorResponses } },
    },
    async (request, reply) => {
      const kit = await kits.create(request.actor, request.body)
      reply.code(201)
      return presentKit(kit, await shopOf(kit.pageId))
    },
  )

  app.get(
    '/api/v1/kits/:id',
    {
      config: readers,
      schema: { ...api('One kit'), params: IdParams, response: { 200: Kit, ...errorResponses } },
    },
    async (request) => {
      const kit = await kitFor(request.user, request.params.id)
      return presentKit(kit, await shopOf(kit.pageId))
    },
  )

  app.patch(
    '/api/v1/kits/:id',
    {
      config: marketers,
      schema: {
        ...api('Edit an active kit (its page stays)'),
        params: IdParams,
        body: KitEditBody,
        response: { 200: Kit, ...errorResponses },
      },
    },
    async (request) => {
      const kit = await kits.update(request.actor, request.params.id, request.body)
      return presentKit(kit, await shopOf(kit.pageId))
    },
  )

  app.post(
    '/api/v1/kits/:id/archive',
    {
      config: marketers,
      schema: {
        ...api('Archive a kit: ambassadors no longer see it; its figures stay'),
        params: IdParams,
        response: { 200: Kit, ...errorResponses },
      },
    },
    async (request) => {
      await kits.archive(request.actor, request.params.id)
      const kit = await kits.find(request.params.id)
      return presentKit(kit, await shopOf(kit.pageId))
    },
  )

  app.post(
    '/api/v1/kits/:id/restore',
    {
      config: marketers,
      schema: {
        ...api('Restore an archived kit: its ambassadors see it again, with the same links'),
        params: IdParams,
        response: { 200: Kit, ...errorResponses },
      },
    },
    async (request) => {
      await kits.restore(request.actor, request.params.id)
      const kit = await kits.find(request.params.id)
      return presentKit(kit, await shopOf(kit.pageId))
    },
  )

  app.get(
    '/api/v1/kits/:id/figures',
    {
      config: readers,
      schema: {
        ...api('Clicks, orders and share intents per person (an ambassador: their own)'),
        params: IdParams,
        response: { 200: KitFigures, ...errorResponses },
      },
    },
    async (request) => {
      const user = request.user as Member
      const kit = await kitFor(user, request.params.id)
      return kits.figures(kit.id, isAmbassador(user) ? user.id : undefined)
    },
  )

  app.get(
    '/api/v1/kits/:id/link',
    {
      config: ambassadors,
      schema: {
        ...api('Your own tracked link to the kit and whether you can share now'),
        params: IdParams,
        response: { 200: MyKitLink, ...errorResponses },
      },
    },
    async (request) => {
      const user = request.user as Member
      const kit = await kits.findActive(request.params.id)
      const [link, share] = await Promise.all([kits.linkFor(kit, user.id), kits.shareState(kit, user.id)])
      return {
        kitId: kit.id,
        code: link.code,
        shortUrl: app.links.tracking.shortUrl(link),
        share: presentShareState(share),
      }
    },
  )

  app.post(
    '/api/v1/kits/:id/shares',
    {
      config: ambassadors,
      schema: {
        ...api('Record a share intent and get the Share Dialog (refused in quiet hours or over the cap)'),
        params: IdParams,
        response: { 201: ShareIntent, ...refusals },
      },
    },
    async (request, reply) => {
      const user = request.user as Member
      const shared = await kits.share(user.id, request.params.id)
      reply.code(201)
      return {
        kitId: shared.kit.id,
        shortUrl: shared.shortUrl,
        dialogUrl: shared.dialogUrl,
        share: presentShareState(shared.share),
      }
    },
  )
}

export default kitApiRoutes
