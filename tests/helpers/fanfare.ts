// A Fanfare app wired to its own sandbox Graph server over real HTTP, plus a logged-in browser helper.
import type { FastifyInstance } from 'fastify'
import supertest from 'supertest'
import { type StartedSandbox, startSandbox } from '../../sandbox/app.js'
import { DEMO_PAGE_ID, DEMO_USERS } from '../../sandbox/seed.js'
import { buildApp } from '../../src/app.js'
import type { Config } from '../../src/config.js'
import { stored } from '../helpers/stored.js'
import { TEST_APP_ID, TEST_APP_SECRET, testConfig } from './config.js'

export { control } from './sandbox.js'

export { DEMO_PAGE_ID, DEMO_USERS }

export const PUBLIC_URL = 'http://fanfare.test'

export type Fanfare = {
  app: FastifyInstance
  config: Config
  sandbox: StartedSandbox
  close(): Promise<void>
}

export async function startFanfare(
  overrides: Record<string, string | undefined> = {},
  options: { logStream?: { write(line: string): void } } = {},
): Promise<Fanfare> {
  const sandbox = await startSandbox({
    appId: TEST_APP_ID,
    appSecret: TEST_APP_SECRET,
    retryDelaysMs: [20, 40],
  })
  const config = testConfig({
    GRAPH_BASE_URL: sandbox.url,
    FACEBOOK_DIALOG_URL: sandbox.url,
    PUBLIC_URL,
    ...overrides,
  })
  const app = await buildApp(config, options.logStream ? { logStream: options.logStream } : { logger: false })
  return {
    app,
    config,
    sandbox,
    async close() {
      await app.close()
      await sandbox.close()
    },
  }
}

export type Browser = ReturnType<typeof supertest.agent>

/**
 * Runs the real login: Fanfare redirects to the sandbox dialog, the sandbox user decides, the
 * sandbox redirects back with code and state, Fanfare exchanges the code over HTTP.
 */
export async function loginThroughDialog(
  browser: Browser,
  facebookUserId: string,
  decision: 'approve' | 'decline' = 'approve',
  tamper?: (callback: URL) => void,
) {
  const start = await browser.get('/auth/login')
  if (start.status !== 302) throw new Error(`login did not redirect: ${start.status}`)
  const dialog = new URL(start.headers.location as string)
  dialog.searchParams.set('sandbox_user', facebookUserId)
  dialog.searchParams.set('sandbox_decision', decision)
  const decided = await fetch(dialog, { redirect: 'manual' })
  const back = new URL(decided.headers.get('location') as string)
  tamper?.(back)
  return { dialog, callback: await browser.get(back.pathname + back.search) }
}

export function newBrowser(fanfare: Fanfare): Browser {
  // English by default so assertions read the English catalog; Dutch is tested on purpose elsewhere.
  return supertest.agent(fanfare.app.server).set('accept-language', 'en')
}

/** The CSRF token of a page the browser just loaded. */
export async function csrfFrom(browser: Browser, path = '/'): Promise<string> {
  const page = await browser.get(path)
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1]
  if (!token) throw new Error(`no CSRF token on ${path} (status ${page.status})`)
  return token
}

/** Logs in the demo admin (the first login of a fresh install) and connects the demo page. */
export async function adminWithDemoPage(fanfare: Fanfare): Promise<{ browser: Browser; pageId: string }> {
  const browser = newBrowser(fanfare)
  await loginThroughDialog(browser, DEMO_USERS.admin.id)
  const csrf = await csrfFrom(browser, '/pages/connect')
  await browser.post('/pages/connect').type('form').send({ _csrf: csrf, facebookPageIds: DEMO_PAGE_ID })
  const page = await stored(fanfare.app).pages.findOne({ facebookPageId: DEMO_PAGE_ID }).lean()
  if (!page) throw new Error('demo page was not connected')
  return { browser, pageId: String(page._id) }
}

/** Creates a personal API token through the tokens page, as its owner would. */
export async function createApiToken(browser: Browser, name = 'test script'): Promise<string> {
  const csrf = await csrfFrom(browser, '/tokens')
  const res = await browser.post('/tokens').type('form').send({ _csrf: csrf, name })
  const token = /id="token-value"[^>]*value="(ff_[^"]+)"/.exec(res.text)?.[1]
  if (!token) throw new Error(`no token shown after creating one (status ${res.status})`)
  return token
}

/** A JSON API client authenticating with a bearer token. */
export function apiClient(fanfare: Fanfare, token: string) {
  const call = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) =>
    supertest(fanfare.app.server)
      [method](path)
      .set('authorization', `Bearer ${token}`)
      .set('accept', 'application/json')
      // English messages, as in the browser helper; Dutch is tested on purpose elsewhere.
      .set('accept-language', 'en')
  return {
    get: (path: string) => call('get', path),
    post: (path: string, body?: object) => call('post', path).send(body ?? {}),
    patch: (path: string, body: object) => call('patch', path).send(body),
    put: (path: string, body: object) => call('put', path).send(body),
    delete: (path: string) => call('delete', path),
  }
}

/**
 * An invited person joins with a role through the real invite link and Facebook login. The invite
 * carries `pageIds`, by default every connected page (an invite for a page-scoped role needs one).
 */
export async function joinTeam(
  fanfare: Fanfare,
  adminApi: ReturnType<typeof apiClient>,
  facebookUserId: string,
  role: 'moderator' | 'marketer' | 'admin' | 'ambassador',
  options: { pageIds?: string[] } = {},
): Promise<{ browser: Browser; inviteUrl: string }> {
  const pageIds =
    options.pageIds ??
    ((await adminApi.get('/api/v1/pages')).body.pages as Array<{ id: string }>).map((p) => p.id)
  const invite = await adminApi.post('/api/v1/invites', { role, note: `${role} for tests`, pageIds })
  if (invite.status !== 201) throw new Error(`invite refused: ${invite.status}`)
  const browser = newBrowser(fanfare)
  const landing = await browser.get(new URL(invite.body.url).pathname)
  if (landing.status !== 200) throw new Error(`invite landing answered ${landing.status}`)
  const { callback } = await loginThroughDialog(browser, facebookUserId)
  if (callback.status !== 303) throw new Error(`login after invite answered ${callback.status}`)
  return { browser, inviteUrl: invite.body.url as string }
}
