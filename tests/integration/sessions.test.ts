import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiClient,
  type Browser,
  createApiToken,
  csrfFrom,
  DEMO_USERS,
  type Fanfare,
  joinTeam,
  loginThroughDialog,
  newBrowser,
  startFanfare,
} from '../helpers/fanfare.js'

/** The session cookie a login set, as an attacker who copied it would replay it. */
function sessionCookieOf(res: { headers: Record<string, unknown> }): string {
  const cookies = ([] as string[]).concat((res.headers['set-cookie'] as string[] | string | undefined) ?? [])
  const session = cookies.find((c) => c.startsWith('fanfare_session='))
  if (!session) throw new Error('the login set no session cookie')
  return session.split(';')[0] as string
}

describe('sessions the server can end', () => {
  let fanfare: Fanfare
  let adminApi: ReturnType<typeof apiClient>
  const replay = (cookie: string) =>
    supertest(fanfare.app.server).get('/api/v1/me').set('cookie', cookie).set('accept', 'application/json')

  async function login(facebookUserId: string): Promise<{ browser: Browser; cookie: string }> {
    const browser = newBrowser(fanfare)
    const { callback } = await loginThroughDialog(browser, facebookUserId)
    return { browser, cookie: sessionCookieOf(callback) }
  }

  beforeAll(async () => {
    fanfare = await startFanfare()
    const { browser } = await login(DEMO_USERS.admin.id)
    adminApi = apiClient(fanfare, await createApiToken(browser, 'admin script'))
    await joinTeam(fanfare, adminApi, DEMO_USERS.marketer.id, 'marketer')
  })
  afterAll(() => fanfare.close())

  it('ends a copy of the cookie taken before logout', async () => {
    const { browser, cookie } = await login(DEMO_USERS.admin.id)
    expect((await replay(cookie)).status).toBe(200)
    // The token first: an agent's request takes its cookies when it is created.
    const csrf = await csrfFrom(browser)
    const out = await browser.post('/auth/logout').type('form').send({ _csrf: csrf })
    expect(out.status).toBe(303)
    expect((await replay(cookie)).status).toBe(401)
  })

  it('keeps the member’s other sessions when one logs out', async () => {
    const laptop = await login(DEMO_USERS.admin.id)
    const phone = await login(DEMO_USERS.admin.id)
    const csrf = await csrfFrom(laptop.browser)
    const out = await laptop.browser.post('/auth/logout').type('form').send({ _csrf: csrf })
    expect(out.status).toBe(303)
    expect((await replay(laptop.cookie)).status).toBe(401)
    expect((await replay(phone.cookie)).status).toBe(200)
  })

  it('ends every session of the member with “log out everywhere”', async () => {
    const laptop = await login(DEMO_USERS.admin.id)
    const phone = await login(DEMO_USERS.admin.id)
    const page = await laptop.browser.get('/tokens')
    expect(page.text).toContain('Log out everywhere')
    const csrf = await csrfFrom(laptop.browser, '/tokens')
    const out = await laptop.browser
      .post('/auth/logout-everywhere')
      .type('form')
      .send({ _csrf: csrf, confirm: 'yes' })
    expect(out.status).toBe(303)
    expect((await replay(laptop.cookie)).status).toBe(401)
    expect((await replay(phone.cookie)).status).toBe(401)
    // A new login works as before.
    expect((await replay((await login(DEMO_USERS.admin.id)).cookie)).status).toBe(200)
  })

  it('ends the sessions of a member whose role changes', async () => {
    const marketer = await login(DEMO_USERS.marketer.id)
    expect((await replay(marketer.cookie)).body.role).toBe('marketer')
    const members = (await adminApi.get('/api/v1/team')).body.members as Array<{ id: string; role: string }>
    const id = members.find((m) => m.role === 'marketer')?.id as string
    expect((await adminApi.patch(`/api/v1/team/${id}`, { role: 'moderator' })).status).toBe(200)
    expect((await replay(marketer.cookie)).status).toBe(401)
  })
})
