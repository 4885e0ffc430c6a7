// The home page (what needs doing, per role; a welcome for visitors) and the language switch.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { LOCALES } from '../../i18n/index.js'
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S } from '../../plugins/views.js'
import type { Role } from '../team/model.js'
import { createDashboard } from './dashboard.js'
import { homeView } from './present.js'

const LocaleForm = z.object({
  locale: z.enum(LOCALES),
  returnTo: z
    .string()
    .regex(/^\/(?!\/)/, 'must be a path on this site')
    .optional(),
})

const homeRoutes: FastifyPluginAsyncZod = async (app) => {
  const dashboardFor = createDashboard(app)

  app.get('/', { config: { access: 'public' } }, async (request, reply) => {
    const user = request.user
    if (!user) return reply.page('home')
    // Ambassadors see only kits: their home is the list of their kits.
    if (user.role === 'ambassador') return reply.redirect('/kits', 303)
    const scope = await app.pages.scopeFor(user)
    const [dashboard, sections] = await Promise.all([
      dashboardFor(user, scope),
      app.home.sections.for(request, user.role as Role),
    ])
    return reply.page('home', homeView(dashboard, request.locale, sections))
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
