// Team pages and JSON API: members, roles, invitations (admins only), and the invite landing page.
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { FormSpec } from '../../form-errors.js'
import { humanTime } from '../../i18n/time.js'
import { irreversible } from '../../irreversible.js'
import { errorResponses, IdParams } from '../../schemas/common.js'
import type { Actor } from '../audit/service.js'
import { presentInvite, presentMember } from './present.js'
import { InviteBody, InviteCreated, InviteList, MemberList, PagesBody, RoleBody } from './schemas.js'

const admin = { access: ['admin'] as const }

/**
 * The invite form: a checkbox per connected page, ticked as the admin sent it (a refused form keeps
 * the input); a fresh form ticks the only page when there is just one, as there is nothing to choose.
 */
function inviteFormModel(pages: Array<{ id: string; name: string }>, input?: Record<string, unknown>) {
  const sent = input ? [input.pageIds ?? []].flat().map(String) : pages.length === 1 ? [pages[0]?.id] : []
  const ticked = new Set(sent)
  return { pages: pages.map((p) => ({ id: p.id, name: p.name, checked: ticked.has(p.id) })) }
}
const api = (summary: string) => ({ tags: ['team'], summary, security: [{ bearerAuth: [] }] })

const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  const { team } = app
  const inviteUrl = (token: string) => `${app.config.publicUrl}/invite/${token}`

  // --- pages ---
  // The team page (also behind a refused invite or role change, with the person's input kept).
  const teamModel = async (request: FastifyRequest, inviteInput?: Record<string, unknown>) => {
    const [members, invites, pageList] = await Promise.all([
      team.list(),
      team.listOpenInvites(),
      app.pages.list(),
    ])
    // The shop's time: its first page's zone.
    const zone = pageList[0]?.timeZone
    const pageNames = new Map(pageList.map((p) => [p.id, p.name]))
    return {
      inviteForm: inviteFormModel(pageList, inviteInput),
      title: 'nav.team',
      members: members.map((m) => ({
        ...presentMember(m),
        lastLogin: humanTime(m.lastLoginAt, { locale: request.locale, zone }),
        isAdmin: m.role === 'admin',
        pages: pageList.map((p) => ({ id: p.id, name: p.name, assigned: (m.pageIds ?? []).includes(p.id) })),
      })),
      invites: invites.map((i) => ({
        ...presentInvite(i),
        everyPage: i.role === 'admin',
        pageNames: (i.pageIds ?? []).flatMap((id) => pageNames.get(id) ?? []).join(', '),
        expires: humanTime(i.expiresAt, { locale: request.locale, zone }),
      })),
    }
  }
  app.get('/team', { config: admin }, async (request, reply) => {
    return reply.page('team/index', await teamModel(request))
  })

  const inviteForm: FormSpec = {
    labels: { role: 'team.role', note: 'team.note', pageIds: 'team.invitePages' },
    render: async (request, input) => ({
      template: 'team/index',
      model: { ...(await teamModel(request, input)), inviteRefused: true },
    }),
  }
  const connectedIds = async () => (await app.pages.list()).map((p) => p.id)
  // One form per member: the refused one shows its error, the others their stored role.
  const roleForm: FormSpec = {
    labels: { role: 'team.role' },
    render: async (request) => ({
      template: 'team/index',
      model: { ...(await teamModel(request)), roleRefusedFor: (request.params as { id?: string }).id },
    }),
  }

  app.post(
    '/team/invites',
    { config: { ...admin, form: inviteForm }, schema: { body: InviteBody } },
    async (request, reply) => {
      const pageList = await app.pages.list()
      const { token, invite } = await team.invite(
        request.actor,
        request.body,
        pageList.map((p) => p.id),
      )
      const expires = humanTime(invite.expiresAt, { locale: request.locale, zone: pageList[0]?.timeZone })
      const chosen = new Set(invite.pageIds ?? [])
      return reply.page('team/invite-created', {
        url: inviteUrl(token),
        invite: { ...presentInvite(invite), expiresAt: expires?.text ?? '' },
        pageNames: pageList.flatMap((p) => (chosen.has(p.id) ? [p.name] : [])).join(', '),
      })
    },
  )

  app.post(
    '/team/invites/:id/revoke',
    {
      ...irreversible(app, {
        path: '/team/invites/:id/revoke',
        name: 'team.revokeInvite',
        config: admin,
        params: IdParams,
        cancelTo: () => '/team',
      }),
      schema: { params: IdParams },
    },
    async (request, reply) => {
      await team.revokeInvite(request.actor, request.params.id)
      return reply.done('/team', 'team.inviteRevoked')
    },
  )

  app.post(
    '/team/:id/role',
    { config: { ...admin, form: roleForm }, schema: { params: IdParams, body: RoleBody } },
    async (request, reply) => {
      const user = await team.changeRole(request.actor, request.params.id, request.body.role)
      return reply.done('/team', 'team.roleChanged', { name: user.name })
    },
  )

  const assignPages = async (actor: Actor, userId: string, pageIds: string[]) =>
    team.assignPages(
      actor,
      userId,
      pageIds,
      (await app.pages.list()).map((p) => p.id),
    )

  app.post(
    '/team/:id/pages',
    { config: admin, schema: { params: IdParams, body: PagesBody } },
    async (request, reply) => {
      const user = await assignPages(request.actor, request.params.id, request.body.pageIds)
      return reply.done('/team', 'team.pagesChanged', { name: user.name })
    },
  )

  app.post(
    '/team/:id/remove',
    {
      ...irreversible(app, {
        path: '/team/:id/remove',
        name: 'team.remove',
        config: admin,
        params: IdParams,
        cancelTo: () => '/team',
      }),
      schema: { params: IdParams },
    },
    async (request, reply) => {
      await team.remove(request.actor, request.params.id)
      return reply.done('/team', 'team.removed')
    },
  )

  // The invite link: remember it in the session, then log in with Facebook to accept it.
  app.get(
    '/invite/:token',
    { config: { access: 'public' }, schema: { params: z.object({ token: z.string().min(10).max(100) }) } },
    async (request, reply) => {
      const invite = await team.findUsableInvite(request.params.token)
      if (!invite) return reply.code(410).page('team/invite-invalid')
      request.session.set('inviteToken', request.params.token)
      return reply.page('team/invite', { role: `roles.${invite.role}` })
    },
  )

  // --- JSON API ---
  app.get(
    '/api/v1/team',
    { config: admin, schema: { ...api('List the team'), response: { 200: MemberList, ...errorResponses } } },
    async () => ({ members: (await team.list()).map(presentMember) }),
  )

  app.get(
    '/api/v1/invites',
    {
      config: admin,
      schema: { ...api('List open invitations'), response: { 200: InviteList, ...errorResponses } },
    },
    async () => ({ invites: (await team.listOpenInvites()).map(presentInvite) }),
  )

  app.post(
    '/api/v1/invites',
    {
      config: admin,
      schema: {
        ...api('Invite someone with a role'),
        body: InviteBody,
        response: { 201: InviteCreated, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { token, invite } = await team.invite(request.actor, request.body, await connectedIds())
      reply.code(201)
      return { ...presentInvite(invite), url: inviteUrl(token) }
    },
  )

  app.delete(
    '/api/v1/invites/:id',
    {
      config: admin,
      schema: {
        ...api('Revoke an invitation'),
        params: IdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await team.revokeInvite(request.actor, request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.patch(
    '/api/v1/team/:id',
    {
      config: admin,
      schema: {
        ...api('Change a member’s role'),
        params: IdParams,
        body: RoleBody,
        response: { 200: MemberList.shape.members.element, ...errorResponses },
      },
    },
    async (request) =>
      presentMember(await team.changeRole(request.actor, request.params.id, request.body.role)),
  )

  app.put(
    '/api/v1/team/:id/pages',
    {
      config: admin,
      schema: {
        ...api('Choose the pages a member works on (admins work on every page)'),
        params: IdParams,
        body: PagesBody,
        response: { 200: MemberList.shape.members.element, ...errorResponses },
      },
    },
    async (request) =>
      presentMember(await assignPages(request.actor, request.params.id, request.body.pageIds)),
  )

  app.delete(
    '/api/v1/team/:id',
    {
      config: admin,
      schema: { ...api('Remove a member'), params: IdParams, response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      await team.remove(request.actor, request.params.id)
      return reply.code(204).send(null)
    },
  )
}

export default teamRoutes
