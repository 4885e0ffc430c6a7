import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiClient,
  type Browser,
  createApiToken,
  DEMO_USERS,
  type Fanfare,
  joinTeam,
  loginThroughDialog,
  newBrowser,
  startFanfare,
} from '../helpers/fanfare.js'

describe('team, roles, API tokens and the audit log', () => {
  let fanfare: Fanfare
  let admin: Browser
  let adminApi: ReturnType<typeof apiClient>
  let moderator: Browser
  let marketer: Browser

  const join = (facebookUserId: string, role: 'moderator' | 'marketer') =>
    joinTeam(fanfare, adminApi, facebookUserId, role)

  beforeAll(async () => {
    fanfare = await startFanfare()
    admin = newBrowser(fanfare)
    await loginThroughDialog(admin, DEMO_USERS.admin.id)
    adminApi = apiClient(fanfare, await createApiToken(admin, 'admin script'))
    ;({ browser: moderator } = await join(DEMO_USERS.moderator.id, 'moderator'))
    ;({ browser: marketer } = await join(DEMO_USERS.marketer.id, 'marketer'))
  })
  afterAll(() => fanfare.close())

  it('lets an invited person join with the invited role', async () => {
    const me = await moderator.get('/api/v1/me')
    expect(me.body).toMatchObject({ name: DEMO_USERS.moderator.name, role: 'moderator' })
    const team = await adminApi.get('/api/v1/team')
    expect(team.body.members.map((m: { role: string }) => m.role).sort()).toEqual([
      'admin',
      'marketer',
      'moderator',
    ])
  })

  it('refuses an invite link a second time', async () => {
    const { inviteUrl } = await join('120000000000001', 'moderator').catch(() => ({ inviteUrl: '' }))
    expect(inviteUrl).not.toBe('')
    const again = await newBrowser(fanfare).get(new URL(inviteUrl).pathname)
    expect(again.status).toBe(410)
    expect(again.text).toContain('already been used')
  })

  it('answers 401 without a session or token, and sends a browser to the login', async () => {
    const anonymous = supertest(fanfare.app.server)
    for (const path of ['/api/v1/team', '/api/v1/pages', '/api/v1/audit', '/api/v1/me', '/api/v1/tokens']) {
      const res = await anonymous.get(path)
      expect(res.status, path).toBe(401)
      expect(res.body.error.code).toBe('unauthorized')
    }
    const page = await anonymous.get('/team').set('accept', 'text/html')
    expect(page.status).toBe(303)
    expect(page.headers.location).toBe('/auth/login')
  })

  it('answers 403 to a role a route does not allow, over the session and over a token', async () => {
    const cases: Array<[Browser, string, number]> = [
      [moderator, '/api/v1/team', 403],
      [moderator, '/api/v1/audit', 403],
      [moderator, '/api/v1/pages/available', 403],
      [moderator, '/api/v1/pages', 200],
      [marketer, '/api/v1/invites', 403],
      [marketer, '/api/v1/tokens', 200],
      [admin, '/api/v1/audit', 200],
    ]
    for (const [browser, path, status] of cases) {
      expect((await browser.get(path).set('accept', 'application/json')).status, path).toBe(status)
    }
    const moderatorApi = apiClient(fanfare, await createApiToken(moderator))
    expect((await moderatorApi.post('/api/v1/invites', { role: 'admin' })).status).toBe(403)
    expect((await moderatorApi.get('/api/v1/me')).body.role).toBe('moderator')
    const html = await moderator.get('/team').set('accept', 'text/html')
    expect(html.status).toBe(403)
    expect(html.text).toContain('Your role does not allow this.')
  })

  it('stores API tokens hashed and stops accepting a revoked one', async () => {
    const created = await adminApi.post('/api/v1/tokens', { name: 'short-lived' })
    expect(created.status).toBe(201)
    const raw = await fanfare.app.store.connection.collection('apitokens').findOne({ name: 'short-lived' })
    expect(JSON.stringify(raw)).not.toContain(created.body.token)
    const shortLived = apiClient(fanfare, created.body.token)
    expect((await shortLived.get('/api/v1/me')).status).toBe(200)
    expect((await adminApi.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(204)
    const refused = await shortLived.get('/api/v1/me')
    expect(refused.status).toBe(401)
    expect(refused.body.error.code).toBe('badToken')
  })

  it('keeps at least one admin and audits role changes', async () => {
    const me = await adminApi.get('/api/v1/me')
    const demote = await adminApi.patch(`/api/v1/team/${me.body.id}`, { role: 'marketer' })
    expect(demote.status).toBe(409)
    expect(demote.body.error.code).toBe('lastAdmin')

    const team = await adminApi.get('/api/v1/team')
    const mark = team.body.members.find((m: { role: string }) => m.role === 'marketer')
    const promoted = await adminApi.patch(`/api/v1/team/${mark.id}`, { role: 'moderator' })
    expect(promoted.body.role).toBe('moderator')
    // A new role starts with a new login: the session opened as marketer has ended.
    expect((await marketer.get('/api/v1/invites')).status).toBe(401)
    const audit = await adminApi.get(`/api/v1/audit?action=team.role&targetId=${mark.id}`)
    expect(audit.body.entries[0]).toMatchObject({
      before: { role: 'marketer' },
      after: { role: 'moderator' },
      actor: { via: 'api' },
    })
  })

  it('refuses a bad role with 400 naming the field', async () => {
    const res = await adminApi.post('/api/v1/invites', { role: 'owner' })
    expect(res.status).toBe(400)
    expect(res.body.error.details[0].path).toBe('body.role')
  })

  it('shows invites, joins and token changes in the audit log, without secrets', async () => {
    const res = await adminApi.get('/api/v1/audit?limit=200')
    const actions = res.body.entries.map((e: { action: string }) => e.action)
    expect(actions).toEqual(
      expect.arrayContaining(['team.invite', 'team.join', 'token.create', 'token.revoke']),
    )
    expect(JSON.stringify(res.body)).not.toMatch(/ff_[A-Za-z0-9_-]{20,}/)
    const page = await admin.get('/audit?action=team.join')
    expect(page.status).toBe(200)
    expect(page.text).toContain(DEMO_USERS.moderator.name)
  })

  it('removes a member: their session and tokens stop working', async () => {
    const moderatorApi = apiClient(fanfare, await createApiToken(moderator, 'to be removed'))
    const me = await moderatorApi.get('/api/v1/me')
    expect((await adminApi.delete(`/api/v1/team/${me.body.id}`)).status).toBe(204)
    expect((await moderatorApi.get('/api/v1/me')).status).toBe(401)
    expect((await moderator.get('/api/v1/me')).status).toBe(401)
  })
})
