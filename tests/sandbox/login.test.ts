// The sandbox's Facebook Login: dialog, code exchange, PKCE, long-lived tokens, debug_token.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StartedSandbox } from '../../sandbox/app.js'
import {
  ALL_PAGE_SCOPES,
  control,
  DEMO_PAGE_ID,
  DEMO_USERS,
  dialog,
  graph,
  loginCode,
  pkcePair,
  REDIRECT_URI,
  startTestSandbox,
  TEST_APP_ID,
  TEST_APP_SECRET,
} from '../helpers/sandbox.js'

let sandbox: StartedSandbox
beforeEach(async () => {
  sandbox = await startTestSandbox()
})
afterEach(async () => {
  await sandbox.close()
})

async function exchange(code: string, extra: Record<string, string> = {}) {
  return graph(sandbox, 'GET', '/v25.0/oauth/access_token', {
    client_id: TEST_APP_ID,
    client_secret: TEST_APP_SECRET,
    redirect_uri: REDIRECT_URI,
    code,
    ...extra,
  })
}

describe('login dialog', () => {
  it('shows an escaped page with the sandbox users, the permissions and approve/decline buttons', async () => {
    await control(sandbox, 'POST', '/users', { name: '<script>alert(1)</script>', kind: 'fan' })
    const { status, html } = await dialog(sandbox, { scope: 'pages_show_list', state: 'a"b' })
    expect(status).toBe(200)
    expect(html).toContain('Anne de Admin')
    expect(html).toContain('pages_show_list')
    expect(html).toContain('value="approve"')
    expect(html).toContain('value="decline"')
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&#60;script&#62;')
    expect(html).toContain('value="a&#34;b"')
  })

  it('approving the HTML form redirects back with a code and the state', async () => {
    const form = new URLSearchParams({
      client_id: TEST_APP_ID,
      redirect_uri: REDIRECT_URI,
      state: 'xyz',
      scope: 'pages_show_list',
      user: DEMO_USERS.moderator.id,
      decision: 'approve',
    })
    const response = await fetch(`${sandbox.url}/v25.0/dialog/oauth/decide`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    })
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location') ?? '')
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI)
    expect(location.searchParams.get('state')).toBe('xyz')
    expect(location.searchParams.get('code')).toMatch(/^AQ/)
  })

  it('declining redirects with access_denied, user_denied and the state', async () => {
    const { status, location } = await dialog(sandbox, {
      state: 's1',
      sandbox_user: DEMO_USERS.admin.id,
      sandbox_decision: 'decline',
    })
    expect(status).toBe(302)
    expect(Object.fromEntries(location?.searchParams ?? [])).toEqual({
      error: 'access_denied',
      error_code: '200',
      error_description: 'Permissions error',
      error_reason: 'user_denied',
      state: 's1',
    })
  })

  it('shows an error page for an unknown client_id', async () => {
    const response = await fetch(
      `${sandbox.url}/v25.0/dialog/oauth?client_id=42&redirect_uri=${REDIRECT_URI}`,
    )
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('Invalid App ID')
  })
})

describe('token exchange and the user', () => {
  it('approve → code → short-lived token → /me → /me/accounts with page tokens and tasks', async () => {
    const code = await loginCode(sandbox, DEMO_USERS.marketer.id)
    const token = await exchange(code)
    expect(token.status).toBe(200)
    expect(token.body).toMatchObject({ token_type: 'bearer' })
    expect(token.body.expires_in).toBeGreaterThan(3000)
    expect(token.body.expires_in).toBeLessThanOrEqual(2 * 3600)

    const me = await graph(sandbox, 'GET', '/v25.0/me', {
      access_token: token.body.access_token,
      fields: 'id,name,email',
    })
    expect(me.body).toEqual({
      id: DEMO_USERS.marketer.id,
      name: 'Mark de Marketer',
      email: DEMO_USERS.marketer.email,
    })
    expect(me.headers.get('facebook-api-version')).toBe('v25.0')
    expect(JSON.parse(me.headers.get('x-app-usage') ?? '{}')).toHaveProperty('call_count')

    const accounts = await graph(sandbox, 'GET', '/v25.0/me/accounts', {
      access_token: token.body.access_token,
    })
    expect(accounts.body.data).toHaveLength(1)
    const [page] = accounts.body.data
    expect(page).toMatchObject({
      id: DEMO_PAGE_ID,
      name: 'Demo Webshop',
      category: 'Shopping & Retail',
      tasks: ['CREATE_CONTENT', 'ANALYZE', 'ADVERTISE'],
    })
    expect(page.category_list[0]).toHaveProperty('name', 'Shopping & Retail')
    expect(accounts.body.paging.cursors).toHaveProperty('after')

    // a page token from a short-lived user token expires with it
    const debug = await graph(sandbox, 'GET', '/v25.0/debug_token', {
      input_token: page.access_token,
      access_token: `${TEST_APP_ID}|${TEST_APP_SECRET}`,
    })
    expect(debug.body.data).toMatchObject({
      type: 'PAGE',
      is_valid: true,
      profile_id: DEMO_PAGE_ID,
      app_id: TEST_APP_ID,
    })
    expect(debug.body.data.expires_at).toBeGreaterThan(0)
  })

  it('refuses a code twice and a redirect_uri that differs from the dialog', async () => {
    const code = await loginCode(sandbox, DEMO_USERS.admin.id)
    const wrong = await exchange(code, { redirect_uri: 'http://127.0.0.1:9/other' })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error).toMatchObject({ code: 100, type: 'OAuthException', error_subcode: 36008 })
    expect(wrong.body.error.fbtrace_id).toBeTruthy()
    expect((await exchange(code)).status).toBe(200)
    const again = await exchange(code)
    expect(again.body.error).toMatchObject({ code: 100, error_subcode: 36009 })
  })

  it('accepts client credentials in a Basic header on a form POST, as OAuth libraries send them', async () => {
    const code = await loginCode(sandbox, DEMO_USERS.admin.id)
    const response = await fetch(`${sandbox.url}/v25.0/oauth/access_token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${TEST_APP_ID}:${TEST_APP_SECRET}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
      }).toString(),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ token_type: 'bearer' })
  })

  it('refuses a wrong client secret', async () => {
    const code = await loginCode(sandbox, DEMO_USERS.admin.id)
    const answer = await exchange(code, { client_secret: 'nope' })
    expect(answer.status).toBe(400)
    expect(answer.body.error.message).toBe('Error validating client secret.')
  })

  it('checks the PKCE code_verifier (S256)', async () => {
    const { verifier, challenge } = pkcePair()
    const pkce = { code_challenge: challenge, code_challenge_method: 'S256' }
    const refused = await exchange(await loginCode(sandbox, DEMO_USERS.admin.id, pkce), {
      code_verifier: pkcePair().verifier,
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe(100)
    const missing = await exchange(await loginCode(sandbox, DEMO_USERS.admin.id, pkce))
    expect(missing.status).toBe(400)
    const accepted = await exchange(await loginCode(sandbox, DEMO_USERS.admin.id, pkce), {
      code_verifier: verifier,
    })
    expect(accepted.status).toBe(200)
  })

  it('checks the PKCE code_verifier (plain)', async () => {
    const pkce = {
      code_challenge: 'plain-verifier-0123456789-0123456789-0123',
      code_challenge_method: 'plain',
    }
    const refused = await exchange(await loginCode(sandbox, DEMO_USERS.admin.id, pkce), {
      code_verifier: 'other',
    })
    expect(refused.status).toBe(400)
    const accepted = await exchange(await loginCode(sandbox, DEMO_USERS.admin.id, pkce), {
      code_verifier: pkce.code_challenge,
    })
    expect(accepted.status).toBe(200)
  })

  it('exchanges for a long-lived token whose page tokens never expire', async () => {
    const short = await exchange(await loginCode(sandbox, DEMO_USERS.admin.id))
    const long = await graph(sandbox, 'GET', '/v25.0/oauth/access_token', {
      grant_type: 'fb_exchange_token',
      client_id: TEST_APP_ID,
      client_secret: TEST_APP_SECRET,
      fb_exchange_token: short.body.access_token,
    })
    expect(long.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 5183944 })
    const accounts = await graph(sandbox, 'GET', '/v25.0/me/accounts', {
      access_token: long.body.access_token,
    })
    const appToken = `${TEST_APP_ID}|${TEST_APP_SECRET}`
    const debug = await graph(sandbox, 'GET', '/v25.0/debug_token', {
      input_token: accounts.body.data[0].access_token,
      access_token: appToken,
    })
    expect(debug.body.data).toMatchObject({ type: 'PAGE', expires_at: 0, is_valid: true })
    expect(debug.body.data.scopes).toContain('pages_manage_posts')
    const user = await graph(sandbox, 'GET', '/v25.0/debug_token', {
      input_token: long.body.access_token,
      access_token: appToken,
    })
    expect(user.body.data).toMatchObject({ type: 'USER', user_id: DEMO_USERS.admin.id, is_valid: true })
  })

  it('does not exchange an expired token', async () => {
    const short = await exchange(await loginCode(sandbox, DEMO_USERS.admin.id))
    await control(sandbox, 'POST', '/clock', { advanceMs: 3 * 3600_000 })
    const long = await graph(sandbox, 'GET', '/v25.0/oauth/access_token', {
      grant_type: 'fb_exchange_token',
      client_id: TEST_APP_ID,
      client_secret: TEST_APP_SECRET,
      fb_exchange_token: short.body.access_token,
    })
    expect(long.status).toBe(400)
    expect(long.body.error).toMatchObject({ code: 190, error_subcode: 463, type: 'OAuthException' })
  })

  it('hands out an app token with client_credentials', async () => {
    const answer = await graph(sandbox, 'POST', '/v25.0/oauth/access_token', {
      grant_type: 'client_credentials',
      client_id: TEST_APP_ID,
      client_secret: TEST_APP_SECRET,
    })
    expect(answer.body.access_token).toMatch(new RegExp(`^${TEST_APP_ID}\\|`))
    const subscriptions = await graph(sandbox, 'GET', `/v25.0/${TEST_APP_ID}/subscriptions`, {
      access_token: answer.body.access_token,
    })
    expect(subscriptions.body).toEqual({ data: [] })
  })

  it('reports an invalidated token in debug_token and refuses it on calls', async () => {
    const code = await loginCode(sandbox, DEMO_USERS.admin.id)
    const token = (await exchange(code)).body.access_token
    await control(sandbox, 'POST', '/tokens/invalidate', { token, subcode: 460 })
    const me = await graph(sandbox, 'GET', '/me', { access_token: token })
    expect(me.body.error).toMatchObject({ code: 190, error_subcode: 460 })
    expect(me.headers.get('www-authenticate')).toContain('invalid_token')
    const debug = await graph(sandbox, 'GET', '/debug_token', {
      input_token: token,
      access_token: `${TEST_APP_ID}|${TEST_APP_SECRET}`,
    })
    expect(debug.body.data).toMatchObject({ is_valid: false, error: { code: 190, subcode: 460 } })
  })

  it('grants only the requested scopes: no pages_show_list → no accounts', async () => {
    const code = await loginCode(sandbox, DEMO_USERS.admin.id, { scope: 'email' })
    const token = (await exchange(code)).body.access_token
    const accounts = await graph(sandbox, 'GET', '/v25.0/me/accounts', { access_token: token })
    expect(accounts.body.data).toEqual([])
    const permissions = await graph(sandbox, 'GET', '/v25.0/me/permissions', { access_token: token })
    expect(permissions.body.data.map((p: { permission: string }) => p.permission).sort()).toEqual([
      'email',
      'public_profile',
    ])
    expect(ALL_PAGE_SCOPES).toContain('pages_show_list')
  })
})
