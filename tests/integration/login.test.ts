import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_USERS, type Fanfare, loginThroughDialog, newBrowser, startFanfare } from '../helpers/fanfare.js'

describe('team login with Facebook (through the sandbox dialog)', () => {
  let fanfare: Fanfare
  beforeAll(async () => {
    fanfare = await startFanfare()
  })
  afterAll(() => fanfare.close())

  it('sends the browser to the dialog with state, PKCE and the requested permissions', async () => {
    const res = await newBrowser(fanfare).get('/auth/login')
    expect(res.status).toBe(302)
    const dialog = new URL(res.headers.location as string)
    expect(dialog.origin).toBe(fanfare.sandbox.url)
    expect(dialog.pathname).toBe('/v25.0/dialog/oauth')
    expect(dialog.searchParams.get('client_id')).toBe(fanfare.config.FACEBOOK_APP_ID)
    expect(dialog.searchParams.get('state')).toMatch(/.{16,}/)
    expect(dialog.searchParams.get('code_challenge_method')).toBe('S256')
    expect(dialog.searchParams.get('scope')).toContain('pages_manage_posts')
  })

  it('makes the first person who approves the admin and starts a session', async () => {
    const browser = newBrowser(fanfare)
    const { callback } = await loginThroughDialog(browser, DEMO_USERS.admin.id)
    expect(callback.status).toBe(303)
    const me = await browser.get('/api/v1/me').set('accept', 'application/json')
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({
      name: DEMO_USERS.admin.name,
      role: 'admin',
      facebookUserId: DEMO_USERS.admin.id,
    })
    const cookies = (callback.headers['set-cookie'] as unknown as string[]).join('\n')
    expect(cookies).toMatch(/fanfare_session=.*HttpOnly/i)
  })

  it('stores the member’s Facebook token sealed, never in clear', async () => {
    const raw = await fanfare.app.store.connection
      .collection('users')
      .findOne({ facebookUserId: DEMO_USERS.admin.id })
    expect(raw?.sealedUserToken).toMatch(/^v1:/)
    const json = JSON.stringify(raw)
    // A sandbox token is EAAS/EAAP and 100+ letters and digits; sealed ciphertext can contain
    // "EAA" by chance, never such a run.
    expect(json).not.toMatch(/EAA[SP][A-Za-z0-9]{100,}|access_token/)
  })

  it('refuses a second person who has no invite, with a clear page', async () => {
    const browser = newBrowser(fanfare)
    const { callback } = await loginThroughDialog(browser, DEMO_USERS.moderator.id)
    expect(callback.status).toBe(403)
    expect(callback.text).toContain('invite link')
    expect((await browser.get('/api/v1/me')).status).toBe(401)
  })

  it('shows a clear page, not an error, when the dialog is declined', async () => {
    const browser = newBrowser(fanfare)
    const { callback } = await loginThroughDialog(browser, DEMO_USERS.marketer.id, 'decline')
    expect(callback.status).toBe(200)
    expect(callback.text).toContain('You declined the Facebook permissions')
    expect((await browser.get('/api/v1/me')).status).toBe(401)
  })

  it('rejects a callback whose state was tampered with', async () => {
    const browser = newBrowser(fanfare)
    const { callback } = await loginThroughDialog(browser, DEMO_USERS.admin.id, 'approve', (url) =>
      url.searchParams.set('state', 'forged-state-value'),
    )
    expect(callback.status).toBe(400)
    expect(callback.text).toContain('could not be verified')
    expect((await browser.get('/api/v1/me')).status).toBe(401)
  })

  it('ends the session on logout', async () => {
    const browser = newBrowser(fanfare)
    await loginThroughDialog(browser, DEMO_USERS.admin.id)
    const home = await browser.get('/')
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home.text)?.[1]
    const out = await browser.post('/auth/logout').type('form').send({ _csrf: csrf })
    expect(out.status).toBe(303)
    expect((await browser.get('/api/v1/me')).status).toBe(401)
  })
})
