// Handlebars views with a layout and partials, static assets, and the request's language.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import accepts from '@fastify/accepts'
import fastifyStatic from '@fastify/static'
import view from '@fastify/view'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import Handlebars from 'handlebars'
import { isLocale, LOCALES, type Locale, translate } from '../i18n/index.js'
import { viewsDir } from '../paths.js'

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale
  }
  interface FastifyReply {
    /** Renders a page inside the layout with what every page needs (language, user, CSRF token). */
    page(template: string, model?: Record<string, unknown>): Promise<FastifyReply>
    /** Redirects after a form post, with a message for the next page (an i18n key). */
    done(to: string, message: string, params?: Record<string, unknown>, kind?: 'good' | 'bad'): FastifyReply
  }
}

export type PageContext = Record<string, unknown>
/** Other plugins add to what every page gets (e.g. the signed-in user). */
export type PageContextProvider = (request: FastifyRequest) => PageContext

function registerPartials(hbs: typeof Handlebars) {
  const dir = join(viewsDir, 'partials')
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(join(dir, file), 'utf8'))
  }
}

function registerHelpers(hbs: typeof Handlebars) {
  // {{t "key" name=value}} or {{t key paramsObject}}: the string in the page's language, escaped by Handlebars.
  hbs.registerHelper('t', (key: string, ...args: unknown[]) => {
    const options = args.pop() as Handlebars.HelperOptions
    const params = (args[0] as Record<string, unknown> | undefined) ?? {}
    const locale = (options.data?.root?.locale as Locale | undefined) ?? 'en'
    return translate(locale, key, { ...params, ...options.hash })
  })
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b)
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''))
  hbs.registerHelper('json', (value: unknown) => JSON.stringify(value))
}

/** The language for this request: the user's choice, else the browser's preference, else the default. */
export function negotiateLocale(request: FastifyRequest, fallback: Locale): Locale {
  const chosen = request.session?.get('locale')
  if (isLocale(chosen)) return chosen
  const accepted = request.languages([...LOCALES])
  return isLocale(accepted) ? accepted : fallback
}

export default fp(
  async (app) => {
    const hbs = Handlebars.create()
    registerPartials(hbs)
    registerHelpers(hbs)
    await app.register(accepts)
    await app.register(view, {
      engine: { handlebars: hbs },
      root: viewsDir,
      layout: 'layouts/main.hbs',
      viewExt: 'hbs',
      production: app.config.NODE_ENV === 'production',
    })
    await app.register(fastifyStatic, {
      root: join(viewsDir, 'assets'),
      prefix: '/assets/',
      maxAge: app.config.NODE_ENV === 'production' ? '1d' : 0,
    })
    // Chart.js v4 (MIT) for the goals dashboard, served from node_modules: only its UMD build.
    await app.register(fastifyStatic, {
      // chart.js exports no subpaths: its main entry lives in dist/, beside the UMD build.
      root: dirname(createRequire(import.meta.url).resolve('chart.js')),
      prefix: '/assets/vendor/chartjs/',
      allowedPath: (path) => path === '/chart.umd.js',
      decorateReply: false,
      maxAge: app.config.NODE_ENV === 'production' ? '1d' : 0,
    })

    const providers: PageContextProvider[] = []
    app.decorate('addPageContext', (provider: PageContextProvider) => {
      providers.push(provider)
    })
    app.decorateRequest('locale', 'en')
    app.addHook('onRequest', async (request) => {
      request.locale = negotiateLocale(request, app.config.DEFAULT_LOCALE)
    })
    app.decorateReply('page', async function (this: FastifyReply, template: string, model: PageContext = {}) {
      const request = this.request
      const common: PageContext = {
        locale: request.locale,
        locales: LOCALES,
        csrfToken: this.generateCsrf(),
        // Never echo a login callback's code and state back into the page.
        currentPath: request.url.startsWith('/auth/') ? '/' : request.url,
      }
      for (const provide of providers) Object.assign(common, provide(request))
      const flash = request.session.get('flash')
      if (flash) {
        common.flash = flash
        request.session.set('flash', undefined)
      }
      this.type('text/html; charset=utf-8')
      return this.view(template, { ...common, ...model })
    })
    app.decorateReply(
      'done',
      function (this: FastifyReply, to: string, message: string, params = {}, kind: 'good' | 'bad' = 'good') {
        this.request.session.set('flash', { message, params, kind })
        return this.redirect(to, 303)
      },
    )
  },
  { name: 'views', dependencies: ['security'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    addPageContext(provider: PageContextProvider): void
  }
}

declare module '@fastify/secure-session' {
  interface SessionData {
    locale: Locale
    flash: { message: string; params: Record<string, unknown>; kind: 'good' | 'bad' }
  }
}
