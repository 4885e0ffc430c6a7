// The home page and the language switch.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { LOCALES } from '../../i18n/index.js'
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S } from '../../plugins/views.js'

const LocaleForm = z.object({
  locale: z.enum(LOCALES),
  returnTo: z
    .string()
    .regex(/^\/(?!\/)/, 'must be a path on this site')
    .optional(),
})

const homeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/', { config: { access: 'public' } }, async (_request, reply) => {
    return reply.page('home')
  })

  app.post(
    '/locale',
    { config: { access: 'public' }, schema: { body: LocaleForm } },
    async (request, reply) => {
      request.session.set('locale', request.body.locale)
      // Remembered beyond the session (fans rarely log in): a plain preference, nothing secret.
      reply.setCookie(LOCALE_COOKIE, request.body.locale, {
        path: '/',
        maxAge: LOCALE_COOKIE_MAX_AGE_S,
        sameSite: 'lax',
        httpOnly: true,
        secure: app.config.publicUrl.startsWith('https://'),
      })
      // A member's choice follows them to their next login.
      if (request.user) await app.team.setLocale(request.user, request.body.locale)
      return reply.redirect(request.body.returnTo ?? '/', 303)
    },
  )
}

export default homeRoutes
