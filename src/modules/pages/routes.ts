// Admins connect Facebook pages, set their time zone, posting cap and quiet hours; pages and JSON API.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { FormSpec } from '../../form-errors.js'
import { describePermissions } from '../../graph/index.js'
import { irreversible } from '../../irreversible.js'
import { ALL_ROLES } from '../../plugins/auth.js'
import { errorResponses, IdParams } from '../../schemas/common.js'
import type { Member } from '../team/service.js'
import type { Page as ConnectedPage } from './repository.js'
import { AvailablePage, ConnectBody, Page, PageSettingsBody } from './schemas.js'

const admin = { access: ['admin'] as const }
const api = (summary: string) => ({ tags: ['pages'], summary, security: [{ bearerAuth: [] }] })

export const presentPage = (p: ConnectedPage) => ({
  id: p.id,
  facebookPageId: p.facebookPageId,
  name: p.name,
  category: p.category ?? null,
  tokenStatus: p.tokenStatus as 'ok' | 'needs_reconnect',
  tokenProblem: p.tokenProblem ?? null,
  webhookSubscribed: Boolean(p.webhookSubscribed),
  timeZone: p.timeZone,
  maxPostsPerDay: p.maxPostsPerDay,
  maxPromoPostsPerWeek: p.maxPromoPostsPerWeek ?? 3,
  minNonPromoSharePercent: p.minNonPromoSharePercent ?? 50,
  minGapMinutes: p.minGapMinutes ?? 60,
  requireApproval: Boolean(p.requireApproval),
  quietHours: p.quietHours?.start ? { start: p.quietHours.start, end: p.quietHours.end as string } : null,
  connectedAt: p.connectedAt.toISOString(),
})

const SETTINGS_LABELS: Record<string, string> = {
  timeZone: 'pages.timeZone',
  maxPostsPerDay: 'pages.cap',
  maxPromoPostsPerWeek: 'pages.maxPromoPostsPerWeek',
  minNonPromoSharePercent: 'pages.minNonPromoSharePercent',
  minGapMinutes: 'pages.minGapMinutes',
  quietHoursStart: 'pages.from',
  quietHoursEnd: 'pages.until',
}

const pageRoutes: FastifyPluginAsyncZod = async (app) => {
  const { pages } = app
  const me = (user: Member | null) => user as Member

  app.get('/pages', { config: admin }, async (_request, reply) => {
    const list = await pages.list()
    return reply.page('pages/index', { title: 'nav.pages', pages: list.map(presentPage) })
  })

  app.get('/pages/connect', { config: admin }, async (request, reply) => {
    const available = await pages.available(me(request.user))
    // Reconnecting: a permission taken back on Facebook since the login shows up here.
    const userToken = app.team.userToken(me(request.user))
    const missingPermissions = userToken
      ? await app.graph
          .listPermissions(userToken)
          .then((list) => describePermissions(list).missing)
          .catch(() => [])
      : []
    return reply.page('pages/connect', { title: 'pages.connectTitle', available, missingPermissions })
  })

  app.post('/pages/connect', { config: admin, schema: { body: ConnectBody } }, async (request, reply) => {
    const connected = await pages.connect(request.actor, me(request.user), request.body.facebookPageIds)
    return reply.done('/pages', 'pages.connected', { count: connected.length })
  })

  app.get('/pages/:id', { config: admin, schema: { params: IdParams } }, async (request, reply) => {
    const page = await pages.find(request.params.id)
    return reply.page('pages/settings', { title: page.name, page: presentPage(page) })
  })

  // A refused settings form shows the admin's own input over the stored settings.
  const settingsForm: FormSpec = {
    labels: SETTINGS_LABELS,
    async render(request, input) {
      const page = presentPage(await pages.find((request.params as { id: string }).id))
      const typed = {
        ...page,
        ...Object.fromEntries(Object.keys(SETTINGS_LABELS).map((k) => [k, input[k]])),
        requireApproval: input.requireApproval === 'on',
        quietHours: { start: input.quietHoursStart, end: input.quietHoursEnd },
      }
      return { template: 'pages/settings', model: { title: page.name, page: typed } }
    },
  }

  app.post(
    '/pages/:id/settings',
    { config: { ...admin, form: settingsForm }, schema: { params: IdParams, body: PageSettingsBody } },
    async (request, reply) => {
      await pages.updateSettings(request.actor, request.params.id, request.body)
      return reply.done(`/pages/${request.params.id}`, 'pages.saved')
    },
  )

  app.post('/pages/:id/check', { config: admin, schema: { params: IdParams } }, async (request, reply) => {
    const page = await pages.checkToken(request.params.id)
    const ok = page.tokenStatus === 'ok'
    return reply.done(
      `/pages/${request.params.id}`,
      ok ? 'pages.tokenOk' : 'pages.tokenBroken',
      {},
      ok ? 'good' : 'bad',
    )
  })

  app.post(
    '/pages/:id/disconnect',
    {
      ...irreversible(app, {
        path: '/pages/:id/disconnect',
        name: 'pages.disconnect',
        config: admin,
        params: IdParams,
        cancelTo: (request) => `/pages/${(request.params as { id: string }).id}/settings`,
      }),
      schema: { params: IdParams },
    },
    async (request, reply) => {
      await pages.disconnect(request.actor, request.params.id)
      return reply.done('/pages', 'pages.disconnected')
    },
  )

  // --- JSON API ---
  app.get(
    '/api/v1/pages',
    {
      config: { access: ALL_ROLES },
      schema: {
        ...api('List connected pages'),
        response: { 200: z.object({ pages: z.array(Page) }), ...errorResponses },
      },
    },
    async () => ({ pages: (await pages.list()).map(presentPage) }),
  )

  app.get(
    '/api/v1/pages/available',
    {
      config: admin,
      schema: {
        ...api('Pages you manage on Facebook, to connect'),
        response: { 200: z.object({ pages: z.array(AvailablePage) }), ...errorResponses },
      },
    },
    async (request) => ({ pages: await pages.available(me(request.user)) }),
  )

  app.post(
    '/api/v1/pages',
    {
      config: admin,
      schema: {
        ...api('Connect or reconnect pages you manage'),
        body: ConnectBody,
        response: { 201: z.object({ pages: z.array(Page) }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const connected = await pages.connect(request.actor, me(request.user), request.body.facebookPageIds)
      reply.code(201)
      return { pages: connected.map(presentPage) }
    },
  )

  app.get(
    '/api/v1/pages/:id',
    {
      config: { access: ALL_ROLES },
      schema: { ...api('One connected page'), params: IdParams, response: { 200: Page, ...errorResponses } },
    },
    async (request) => presentPage(await pages.find(request.params.id)),
  )

  app.patch(
    '/api/v1/pages/:id',
    {
      config: admin,
      schema: {
        ...api('Change a page’s time zone, posting cap and quiet hours'),
        params: IdParams,
        body: PageSettingsBody,
        response: { 200: Page, ...errorResponses },
      },
    },
    async (request) =>
      presentPage(await pages.updateSettings(request.actor, request.params.id, request.body)),
  )

  app.post(
    '/api/v1/pages/:id/check',
    {
      config: admin,
      schema: {
        ...api('Check that the page token still works'),
        params: IdParams,
        response: { 200: Page, ...errorResponses },
      },
    },
    async (request) => presentPage(await pages.checkToken(request.params.id)),
  )

  app.delete(
    '/api/v1/pages/:id',
    {
      config: admin,
      schema: {
        ...api('Disconnect a page'),
        params: IdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await pages.disconnect(request.actor, request.params.id)
      return reply.code(204).send(null)
    },
  )
}

export default pageRoutes
