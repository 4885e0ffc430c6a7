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
import { registerFormHelpers } from './form-helpers.js'

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
/** Other plugins add to what every page gets (e.g. the signed-in user, the inbox's unread count). */
export type PageContextProvider = (request: FastifyRequest) => PageContext | Promise<PageContext>

/** An indented partial must not indent a kept textarea's lines (which would change the input). */
const COMPILE = { preventIndent: true }

function registerPartials(hbs: typeof Handlebars) {
  const dir = join(viewsDir, 'partials')
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
    // Compiled once here: a partial registered as text is compiled again at every render.
    hbs.registerPartial(
      file.replace(/\.hbs$/, ''),
      hbs.compile(readFileSync(join(dir, file), 'utf8'), COMPILE),
    )
  }
}

/** Texts without parameters, looked up once per language: a page shows dozens of them. */
const fixedTexts = new Map<string, string>()
function fixedText(locale: Locale, key: string): string {
  const id = `${locale}\u0000${key}`
  let text = fixedTexts.get(id)
  if (text === undefined) {
    text = translate(locale, key)
    fixedTexts.set(id, text)
  }
  return text
}

function registerHelpers(hbs: typeof Handlebars) {
  // {{t "key" name=value}} or {{t key paramsObject}}: the string in the page's language, escaped by Handlebars.
  hbs.registerHelper('t', (key: string, ...args: unknown[]) => {
    const options = args.pop() as Handlebars.HelperOptions
    const params = args[0] as Record<string, unknown> | undefined
    const locale = (options.data?.root?.locale as Locale | undefined) ?? 'en'
    if (!params && Object.keys(options.hash).length === 0) return fixedText(locale, key)
    return translate(locale, key, { ...params, ...options.hash })
  })
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b)
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''))
  hbs.registerHelper('json', (value: unknown) => JSON.stringify(value))
  // {{confirmAttrs "campaigns.draw"}} on an irreversible action's form: the texts of its dialog
  // (views/assets/confirm.js), the same as its confirm page without JavaScript (src/irreversible.ts).
  hbs.registerHelper('confirmAttrs', (name: string, options: Handlebars.HelperOptions) => {
    const locale = (options.data?.root?.locale as Locale | undefined) ?? 'en'
    const attr = (key: string, text: string) => `data-confirm-${key}="${hbs.escapeExpression(text)}"`
    return new hbs.SafeString(
      [
        `data-confirm="${hbs.escapeExpression(name)}"`,
        attr('question', translate(locale, `confirm.${name}.question`)),
        attr('consequence', translate(locale, `confirm.${name}.consequence`)),
        attr('button', translate(locale, `confirm.${name}.button`)),
        attr('cancel', translate(locale, 'confirm.cancel')),
        attr('undo', translate(locale, 'confirm.cannotUndo')),
      ].join(' '),
    )
  })
}

/**
 * The cookie that remembers a chosen language for a year, for fans too: the session cookie lasts a
 * week and is not needed to read a campaign page.
 */
export const LOCALE_COOKIE = 'fanfare_locale'
export const LOCALE_COOKIE_MAX_AGE_S = 365 * 24 * 3600

/** The language for this request: the user's choice, else the browser's preference, else the default. */
export function negotiateLocale(request: FastifyRequest, fallback: Locale): Locale {
  const chosen = request.session?.get('locale')
  if (isLocale(chosen)) return chosen
  const remembered = request.cookies?.[LOCALE_COOKIE]
  if (isLocale(remembered)) return remembered
  const accepted = request.languages([...LOCALES])
  return isLocale(accepted) ? accepted : fallback
}

export default fp(
  async (app) => {
    const hbs = Handlebars.create()
    registerPartials(hbs)
    registerHelpers(hbs)
    registerFormHelpers(hbs)
    await app.register(accepts)
    await app.register(view, {
      engine: { handlebars: hbs },
      root: viewsDir,
      layout: 'layouts/main.hbs',
      viewExt: 'hbs',
      options: { compileOptions: COMPILE },
      production: app.config.NODE_ENV === 'production',
    })
    await app.register(fastifyStatic, {
      root: join(viewsDir, 'assets'),
      prefix: '/assets/',
      maxAge: app.config.NODE_ENV === 'production' ? '1d' : 0,
    })
    // Browsers ask for /favicon.ico on every site whatever the page links; pages link icon.svg too.
    app.get('/favicon.ico', { config: { access: 'public' } }, (_request, reply) =>
      reply.header('cache-control', 'public, max-age=604800').sendFile('favicon.ico'),
    )

    // Chart.js's UMD build (dist/chart.umd.js), served from node_modules as it ships, for the barometer,
    // campaign results and goals; only that file.
    await app.register(fastifyStatic, {
      root: dirname(createRequire(import.meta.url).resolve('chart.js')),
      prefix: '/assets/vendor/chart.js/',
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
      for (const provide of providers) Object.assign(common, await provide(request))
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
