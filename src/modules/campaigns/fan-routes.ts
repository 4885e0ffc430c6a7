// Fan login with Facebook (public_profile only): its own OAuth client flow, callback and cookies,
// separate from the team login. Only the app-scoped id and name are kept, in the session. Also the
// fan's own data: download it, delete it.
import oauth2, { type OAuth2Namespace } from '@fastify/oauth2'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { facebookLoginOptions, LOGIN_RATE_LIMIT, LoginCallbackQuery } from '../../graph/facebook-login.js'
import { translate } from '../../i18n/index.js'
import { irreversible } from '../../irreversible.js'
import { SlugParams } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    fanLogin: OAuth2Namespace
  }
}

declare module '@fastify/secure-session' {
  interface SessionData {
    /** A fan logged in for campaigns: app-scoped id and name. Not a team member. */
    fan: { id: string; name: string }
    fanReturnTo: string
  }
}

export const FAN_SCOPES = ['public_profile']
export const FAN_CALLBACK_PATH = '/fan/facebook/callback'

export async function registerFanLogin(app: FastifyInstance): Promise<void> {
  const { config } = app
  // Own cookie names, so a fan login in one tab never trips over a team login in another.
  await app.register(
    oauth2,
    facebookLoginOptions(config, {
      name: 'fanLogin',
      scope: FAN_SCOPES,
      callbackPath: FAN_CALLBACK_PATH,
      cookiePrefix: 'fanfare-fan',
    }),
  )
}

const open = { access: 'public' as const }
/** Deleting data is rare; a handful a minute per address is plenty. */
const deleteLimit = { max: 10, timeWindow: '1 minute' }

const ReturnTo = z.object({
  returnTo: z
    .string()
    .regex(/^\/c\/[a-z0-9-]+$/)
    .optional(),
})

const fanRoutes: FastifyPluginAsyncZod = async (app) => {
  const { queries, privacy } = app.campaigns
  await registerFanLogin(app)

  app.get(
    '/c/:slug/login',
    { config: { ...open, rateLimit: LOGIN_RATE_LIMIT }, schema: { params: SlugParams } },
    async (request, reply) => {
      const campaign = await queries.findBySlug(request.params.slug)
      request.session.set('fanReturnTo', `/c/${campaign.slug}`)
      return reply.redirect(await app.fanLogin.generateAuthorizationUri(request, reply))
    },
  )

  app.get(
    FAN_CALLBACK_PATH,
    {
      config: { ...open, rateLimit: LOGIN_RATE_LIMIT },
      schema: { querystring: LoginCallbackQuery },
    },
    async (request, reply) => {
      const back = request.session.get('fanReturnTo') ?? '/'
      request.session.set('fanReturnTo', undefined)
      if (request.query.error) return reply.done(back, 'campaigns.fanLoginDeclined', {}, 'bad')
      try {
        const { token } = await app.fanLogin.getAccessTokenFromAuthorizationCodeFlow(request, reply)
        // Only the app-scoped id and the name; the token is not kept.
        const me = await app.graph.getMe(token.access_token, 'id,name')
        request.session.set('fan', { id: me.id, name: me.name ?? '' })
        return reply.done(back, 'campaigns.fanLoggedIn', { name: me.name ?? '' })
      } catch (err) {
        request.log.warn({ err: (err as Error).message }, 'fan login failed')
        return reply.done(back, 'campaigns.fanLoginFailed', {}, 'bad')
      }
    },
  )

  app.post(
    '/fan/logout',
    {
      config: open,
      schema: {
        body: z.object({
          returnTo: z
            .string()
            .regex(/^\/c\/[a-z0-9-]+$/)
            .optional(),
        }),
      },
    },
    async (request, reply) => {
      request.session.set('fan', undefined)
      return reply.done(request.body.returnTo ?? '/', 'campaigns.fanLoggedOut')
    },
  )

  // A fan's own data: download as JSON, or delete (keeping only the pseudonymous entry numbers).
  app.get('/fan/my-data.json', { config: open }, async (request, reply) => {
    const fan = request.session.get('fan')
    if (!fan) return reply.code(401).send({ error: 'log in first' })
    reply.header('content-disposition', 'attachment; filename="my-fanfare-data.json"')
    reply.header('cache-control', 'no-store')
    return privacy.dataOf(fan.id)
  })

  /** The fan layout for the confirm page, with the campaign the fan came from (if any). */
  const fanConfirmModel = async (request: FastifyRequest) => {
    const returnTo = ReturnTo.safeParse(request.query).data?.returnTo
    const slug = returnTo?.slice('/c/'.length)
    const campaign = slug ? await queries.findBySlug(slug).catch(() => null) : null
    const page = campaign ? await app.pages.find(campaign.pageId).catch(() => null) : null
    return {
      publicLayout: true,
      title: translate(request.locale, 'confirm.fan.deleteMyData.question'),
      campaign: { slug: campaign?.slug ?? '', pageName: page?.name ?? '' },
    }
  }
  app.post(
    '/fan/delete-my-data',
    {
      ...irreversible(app, {
        path: '/fan/delete-my-data',
        name: 'fan.deleteMyData',
        config: { ...open, rateLimit: deleteLimit },
        carry: ['returnTo'],
        cancelTo: (request) => ReturnTo.safeParse(request.query).data?.returnTo ?? '/',
        model: fanConfirmModel,
      }),
      schema: { body: ReturnTo },
    },
    async (request, reply) => {
      const fan = request.session.get('fan')
      // The shop's customer links are keyed by the commenter's page-scoped id, and Fanfare knows no
      // fan's page-scoped id from their login (app-scoped only): the page's moderators erase those on
      // request, in the inbox thread (README, The shop).
      if (fan) await privacy.deleteDataOf(fan.id)
      request.session.set('fan', undefined)
      return reply.done(request.body.returnTo ?? '/', 'campaigns.dataDeleted')
    },
  )
}

export default fanRoutes
