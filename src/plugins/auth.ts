// Who is asking: a session from Facebook Login or a personal API token. Every route declares its roles.
import type { FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { Forbidden, Unauthorized } from '../errors.js'
import type { Actor } from '../modules/audit/service.js'
import { createSessionRegistry, type SessionRegistry } from '../modules/auth/sessions.js'
import type { Role } from '../modules/team/model.js'
import type { Member } from '../modules/team/service.js'
import { bearerToken } from './security.js'

/** 'public' for anyone; otherwise the roles allowed (a signed-in user with another role gets 403). */
export type Access = 'public' | readonly Role[]

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
    /**
     * false on public routes that never look at who is asking (the `/r/:code` redirect): no
     * session check against the team and Redis, `request.user` stays null.
     */
    identify?: boolean
  }
  interface FastifyInstance {
    sessions: SessionRegistry
  }
  interface FastifyRequest {
    user: Member | null
    authVia: 'browser' | 'api' | null
    /** The signed-in user as recorded in the audit log. Only valid on routes with roles. */
    actor: Actor
  }
}

declare module '@fastify/secure-session' {
  interface SessionData {
    userId: string
    /** This session's id and the member's session generation when it was opened (see sessions.ts). */
    sid: string
    generation: number
    inviteToken: string
  }
}

/**
 * The team's roles. Ambassadors are not among them on purpose: they see only kits, so a route open
 * to "everyone on the team" stays closed to them; the few they need name them (EVERY_ROLE).
 */
export const ALL_ROLES = ['admin', 'marketer', 'moderator'] as const satisfies readonly Role[]
/** Every signed-in person, ambassadors included: logging out, permissions, who am I. */
export const EVERY_ROLE = [...ALL_ROLES, 'ambassador'] as const satisfies readonly Role[]

/** Routes registered inside a module must say who may use them; forgetting is a start-up error. */
export function requireAccessDeclaration(route: RouteOptions): void {
  const access = (route.config as { access?: Access } | undefined)?.access
  if (access === undefined) {
    throw new Error(`${route.method} ${route.url} declares no access: add config.access ('public' or roles)`)
  }
}

export default fp(
  async (app) => {
    const sessions = createSessionRegistry(app.redis, app.config.QUEUE_PREFIX)
    app.decorate('sessions', sessions)
    app.decorateRequest('user', null)
    app.decorateRequest('authVia', null)
    app.decorateRequest('actor', {
      getter(this: FastifyRequest): Actor {
        if (!this.user) throw new Unauthorized('unauthorized')
        return { userId: this.user.id, name: this.user.name, via: this.authVia ?? 'browser' }
      },
    })

    app.addHook('onRequest', async (request) => {
      if (request.routeOptions.config.identify === false && request.routeOptions.config.access === 'public')
        return
      const token = bearerToken(request)
      if (token) {
        request.user = await app.tokens.authenticate(token)
        request.authVia = request.user ? 'api' : null
        // A wrong token is an error even on a public route: the caller meant to authenticate.
        if (!request.user) throw new Unauthorized('badToken')
      } else {
        const userId = request.session.get('userId')
        if (userId) {
          const member = await app.team.findActive(userId)
          const claims = { sid: request.session.get('sid'), generation: request.session.get('generation') }
          let valid: boolean | 'unknown' = false
          try {
            valid = member ? await sessions.isValid(claims, member.sessionGeneration ?? 0) : false
          } catch (err) {
            // Redis is away: anonymous for now, but the session is not destroyed for a blip.
            request.log.warn({ err: (err as Error).message }, 'could not check the session')
            valid = 'unknown'
          }
          if (valid === true) {
            request.user = member
            request.authVia = 'browser'
          } else if (valid === false) request.session.delete()
        }
      }
      const access = request.routeOptions.config.access
      if (!access || access === 'public') return
      if (!request.user) throw new Unauthorized('unauthorized')
      if (!access.includes(request.user.role as Role)) throw new Forbidden('forbidden')
    })

    app.addPageContext((request) => {
      const user = request.user
      if (!user) return {}
      const role = user.role as Role
      // The daily work first, in the order a day goes (the inbox leads for those who answer fans);
      // set-up and admin pages behind "More", so the menu stays one line on a phone.
      const items = [
        { href: '/', label: 'nav.home', roles: ALL_ROLES, group: 'main' },
        {
          href: '/comments',
          label: 'nav.inbox',
          roles: ['admin', 'moderator'],
          badge: 'inbox',
          group: 'main',
        },
        { href: '/posts', label: 'nav.posts', roles: ['admin', 'marketer'], group: 'main' },
        { href: '/campaigns', label: 'nav.campaigns', roles: ['admin', 'marketer'], group: 'main' },
        { href: '/goals', label: 'nav.goals', roles: ['admin', 'marketer'], group: 'main' },
        { href: '/kits', label: 'nav.kits', roles: ['admin', 'marketer', 'ambassador'], group: 'main' },
        { href: '/barometer', label: 'nav.barometer', roles: ALL_ROLES, group: 'main' },
        { href: '/pages', label: 'nav.pages', roles: ['admin'], group: 'more' },
        { href: '/shop', label: 'nav.shop', roles: ['admin'], group: 'more' },
        { href: '/team', label: 'nav.team', roles: ['admin'], group: 'more' },
        { href: '/audit', label: 'nav.audit', roles: ['admin'], group: 'more' },
        { href: '/tokens', label: 'nav.tokens', roles: ALL_ROLES, group: 'more' },
        { href: '/admin/queues', label: 'nav.queues', roles: ['admin'], group: 'more' },
      ]
      const path = request.url.split('?')[0] ?? '/'
      const visible = items
        .filter((i) => (i.roles as readonly string[]).includes(role))
        .map((i) => ({
          href: i.href,
          label: i.label,
          group: i.group,
          // A count another plugin provides under `badges` (the inbox's unread comments).
          badge: 'badge' in i ? i.badge : null,
          active: i.href === '/' ? path === '/' : path.startsWith(i.href),
        }))
      const more = visible.filter((i) => i.group === 'more')
      return {
        user: { name: user.name, role, roleLabel: `roles.${role}` },
        nav: {
          main: visible.filter((i) => i.group === 'main'),
          more,
          moreActive: more.some((i) => i.active),
        },
      }
    })
  },
  { name: 'auth', dependencies: ['security', 'views', 'team', 'tokens'] },
)
