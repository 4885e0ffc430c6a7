// Team login with Facebook (OAuth 2.0 code flow with state and PKCE), logout, and "who am I".
import oauth2, { type OAuth2Namespace } from '@fastify/oauth2'
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { DomainError } from '../../errors.js'
import { facebookLoginOptions, LOGIN_RATE_LIMIT, LoginCallbackQuery } from '../../graph/facebook-login.js'
import { describePermissions, type PermissionReport } from '../../graph/index.js'
import { irreversible } from '../../irreversible.js'
import { EVERY_ROLE } from '../../plugins/auth.js'
import { errorResponses } from '../../schemas/common.js'
import { presentMember } from '../team/present.js'
import { Member } from '../team/schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    facebookLogin: OAuth2Namespace
  }
}

/** What the team login asks for: listing and managing pages, posting, moderating, webhooks. */
export const TEAM_SCOPES = [
  'public_profile',
  'pages_show_list',
  'pages_read_engagement',
  'pages_manage_posts',
  'pages_manage_engagement',
  'pages_read_user_content',
  'pages_manage_metadata',
]

const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config } = app
  await app.register(
    oauth2,
    facebookLoginOptions(config, {
      name: 'facebookLogin',
      scope: TEAM_SCOPES,
      callbackPath: '/auth/facebook/callback',
    }),
  )

  const failed = (reply: FastifyReply, reason: 'declined' | 'state' | 'exchange' | DomainError) => {
    const key = reason instanceof DomainError ? reason.code : `login_${reason}`
    const status = reason instanceof DomainError ? reason.statusCode : reason === 'declined' ? 200 : 400
    return reply
      .code(status)
      .page('auth/login-failed', { title: 'auth.failedTitle', message: `errors.${key}` })
  }

  app.get(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: LOGIN_RATE_LIMIT },
      schema: { querystring: z.object({ rerequest: z.enum(['1']).optional() }) },
    },
    async (request, reply) => {
      const url = new URL(await app.facebookLogin.generateAuthorizationUri(request, reply))
      // Facebook asks again for permissions a person declined only when told to (auth_type=rerequest).
      if (request.query.rerequest) url.searchParams.set('auth_type', 'rerequest')
      return reply.redirect(url.toString())
    },
  )

  app.get(
    '/auth/facebook/callback',
    {
      config: { access: 'public', rateLimit: LOGIN_RATE_LIMIT },
      schema: { querystring: LoginCallbackQuery },
    },
    async (request, reply) => {
      if (request.query.error) {
        request.log.info({ reason: request.query.error_reason }, 'login declined in the Facebook dialog')
        return failed(reply, 'declined')
      }
      let accessToken: string
      try {
        const { token } = await app.facebookLogin.getAccessTokenFromAuthorizationCodeFlow(request, reply)
        accessToken = token.access_token
      } catch (err) {
        const state = (err as Error).message === 'Invalid state'
        request.log.warn(
          { err: (err as Error).message },
          state ? 'login state mismatch' : 'code exchange failed',
        )
        return failed(reply, state ? 'state' : 'exchange')
      }
      try {
        const me = await app.graph.getMe(accessToken)
        const longLived = await app.graph.exchangeForLongLivedUserToken(accessToken)
        const inviteToken = request.session.get('inviteToken')
        const user = await app.team.signIn(
          {
            facebookUserId: me.id,
            name: me.name ?? me.id,
            userToken: longLived.accessToken,
            userTokenExpiresAt: longLived.expiresIn
              ? new Date(Date.now() + longLived.expiresIn * 1000)
              : null,
          },
          inviteToken,
        )
        request.session.set('inviteToken', undefined)
        // The person's Facebook role on each connected page decides the pages they work on.
        await app.pages.refreshMembership(user).catch((err: Error) => {
          request.log.warn({ err: err.message }, 'could not read the pages of the member')
        })
        const claims = app.sessions.open(user.sessionGeneration ?? 0)
        request.session.set('userId', user.id)
        request.session.set('sid', claims.sid)
        request.session.set('generation', claims.generation)
        if (user.locale) request.session.set('locale', user.locale)
        const returnTo = request.session.get('returnTo')
        request.session.set('returnTo', undefined)
        // An admin without a connected page starts by connecting one; everyone else on their home.
        const firstSetUp = user.role === 'admin' && (await app.pages.list()).length === 0
        const next = returnTo ?? (firstSetUp ? '/pages' : '/')
        // Someone who unticked a permission in the dialog is told which one and what it costs.
        const missing = await missingPermissions(accessToken, request.log)
        if (missing.length > 0) {
          request.session.set('missingPermissions', missing)
          request.session.set('returnTo', next)
          return reply.redirect('/auth/permissions', 303)
        }
        request.session.set('missingPermissions', undefined)
        return reply.redirect(next, 303)
      } catch (err) {
        if (err instanceof DomainError) return failed(reply, err)
        request.log.error({ err }, 'login failed after the code exchange')
        return failed(reply, 'exchange')
      }
    },
  )

  app.get('/auth/permissions', { config: { access: EVERY_ROLE } }, async (request, reply) => {
    const missing = request.session.get('missingPermissions') ?? []
    const continueTo = request.session.get('returnTo') ?? '/'
    request.session.set('returnTo', undefined)
    if (missing.length === 0) return reply.redirect(continueTo, 303)
    return reply.page('auth/permissions', { title: 'auth.permissionsTitle', missing, continueTo })
  })

  /** What /me/permissions says is missing; a failing read hides nothing the person could fix. */
  async function missingPermissions(
    userToken: string,
    log: { warn(obj: object, msg: string): void },
  ): Promise<PermissionReport['missing']> {
    try {
      return describePermissions(await app.graph.listPermissions(userToken)).missing
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'could not read /me/permissions')
      return []
    }
  }

  // Ends this session for every copy of its cookie, not only in this browser.
  app.post('/auth/logout', { config: { access: 'public' } }, async (request, reply) => {
    const sid = request.session.get('sid')
    if (sid) await app.sessions.revoke(sid)
    request.session.delete()
    return reply.redirect('/', 303)
  })

  const logoutEverywhere = irreversible(app, {
    path: '/auth/logout-everywhere',
    name: 'auth.logoutEverywhere',
    config: { access: EVERY_ROLE },
    cancelTo: () => '/tokens',
  })
  app.post('/auth/logout-everywhere', logoutEverywhere, async (request, reply) => {
    await app.team.endSessions(request.actor, request.user as NonNullable<typeof request.user>)
    request.session.delete()
    return reply.redirect('/', 303)
  })

  app.get(
    '/api/v1/me',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['team'],
        summary: 'The member this token or session belongs to',
        security: [{ bearerAuth: [] }],
        response: { 200: Member, ...errorResponses },
      },
    },
    async (request) => presentMember(request.user as NonNullable<typeof request.user>),
  )
}

export default authRoutes

declare module '@fastify/secure-session' {
  interface SessionData {
    returnTo: string
    missingPermissions: PermissionReport['missing']
  }
}
