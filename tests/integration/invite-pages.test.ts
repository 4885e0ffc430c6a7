// Invites carry pages: an admin chooses the pages an invited marketer, moderator or ambassador will
// work on (at least one, inline on the form, input kept), and accepting grants exactly those pages,
// whatever the person's Facebook role covers; audited on the invite and on the join.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  control,
  createApiToken,
  csrfFrom,
  DEMO_PAGE_ID,
  type Fanfare,
  joinTeam,
  loginThroughDialog,
  newBrowser,
  startFanfare,
} from '../helpers/fanfare.js'
import { submitForm } from '../helpers/forms.js'
import { stored } from '../helpers/stored.js'

const ALL_TASKS = ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE']

describe('invites carry the pages the invited person works on', () => {
  let fanfare: Fanfare
  let admin: Browser
  let adminApi: ReturnType<typeof apiClient>
  let pageA: string
  let pageB: string
  let pageBFacebookId: string
  /** A person whose Facebook role covers both pages (so only the invite can keep them to one). */
  const bothPages = async (name: string) =>
    (
      await control(fanfare.sandbox, 'POST', '/users', {
        name,
        kind: 'team',
        roles: { [DEMO_PAGE_ID]: ['MODERATE', 'ANALYZE'], [pageBFacebookId]: ['MODERATE', 'ANALYZE'] },
      })
    ).id as string
  const memberOf = async (facebookUserId: string) =>
    (await adminApi.get('/api/v1/team')).body.members.find(
      (m: { facebookUserId: string }) => m.facebookUserId === facebookUserId,
    )

  beforeAll(async () => {
    fanfare = await startFanfare()
    ;({ browser: admin, pageId: pageA } = await adminWithDemoPage(fanfare))
    adminApi = apiClient(fanfare, await createApiToken(admin, 'admin script'))
    const anne = (await adminApi.get('/api/v1/me')).body
    const second = await control(fanfare.sandbox, 'POST', '/pages', {
      name: 'Tweede Winkel',
      roles: { [anne.facebookUserId]: ALL_TASKS },
    })
    pageBFacebookId = second.id
    const connected = await adminApi.post('/api/v1/pages', { facebookPageIds: [pageBFacebookId] })
    expect(connected.status).toBe(201)
    pageB = connected.body.pages[0].id
  })
  afterAll(() => fanfare.close())

  it('refuses an invite without pages, or with a page that is not connected, naming the field', async () => {
    const none = await adminApi.post('/api/v1/invites', { role: 'ambassador', note: 'Sanne' })
    expect(none.status).toBe(400)
    expect(none.body.error.details).toEqual([
      { path: 'pageIds', message: 'Tick at least one page the person will work on.' },
    ])
    const unknown = await adminApi.post('/api/v1/invites', {
      role: 'moderator',
      pageIds: [pageA, 'a'.repeat(24)],
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.details[0].path).toBe('pageIds')
    const notAnId = await adminApi.post('/api/v1/invites', { role: 'marketer', pageIds: ['page-a'] })
    expect(notAnId.status).toBe(400)
    expect(notAnId.body.error.details[0].path).toBe('body.pageIds.0')
    // An admin works on every page: no pages needed, and none stored.
    const forAdmin = await adminApi.post('/api/v1/invites', { role: 'admin', pageIds: [pageA] })
    expect(forAdmin.status).toBe(201)
    expect(forAdmin.body.pageIds).toEqual([])
    expect(await stored(fanfare.app).invites.countDocuments({ role: { $ne: 'admin' } })).toBe(0)
  })

  it('shows the pages as checkboxes on the invite form; a refusal is inline, in Dutch, input kept', async () => {
    const team = await admin.get('/team')
    expect(team.text).toContain(`name="pageIds" value="${pageA}"`)
    expect(team.text).toContain(`name="pageIds" value="${pageB}"`)
    // Two pages: the admin chooses; nothing is ticked for them.
    const inviteForm = team.text.slice(team.text.indexOf('action="/team/invites"'))
    expect(inviteForm).not.toMatch(/name="pageIds" value="[a-f0-9]{24}" checked>/)

    const refused = await submitForm(admin, {
      action: '/team/invites',
      from: '/team',
      fields: { role: 'ambassador', note: 'Sanne van de winkel' },
    })
    expect(refused.status).toBe(400)
    expect(refused.text).toContain(
      '<a href="#f-pageIds">Pagina’s waarop die gaat werken</a>: Vink minstens één pagina aan waarop die persoon gaat werken.',
    )
    expect(refused.text).toContain(
      '<p class="field-error" id="f-pageIds-error">Vink minstens één pagina aan waarop die persoon gaat werken.</p>',
    )
    expect(refused.text).toMatch(/id="f-pageIds" aria-describedby="f-pageIds-error f-pageIds-help"/)
    expect(refused.text).toContain('value="Sanne van de winkel"')
    expect(refused.text).toMatch(/<option value="ambassador" selected>/)

    // Refused for another field: the ticked page stays ticked, the other not.
    const kept = await submitForm(admin, {
      action: '/team/invites',
      from: '/team',
      fields: { role: 'moderator', note: 'x'.repeat(201), pageIds: pageB },
    })
    expect(kept.status).toBe(400)
    expect(kept.text).toContain(`name="pageIds" value="${pageB}" checked>`)
    expect(kept.text).not.toContain(`name="pageIds" value="${pageA}" checked>`)
    expect(await stored(fanfare.app).invites.countDocuments({ role: { $ne: 'admin' } })).toBe(0)

    const made = await submitForm(admin, {
      action: '/team/invites',
      from: '/team',
      language: 'en',
      fields: { role: 'marketer', note: 'Mila', pageIds: pageB },
    })
    expect(made.status).toBe(200)
    expect(made.text).toContain('They will work on: Tweede Winkel.')
    const open = await adminApi.get('/api/v1/invites')
    expect(open.body.invites.find((i: { note: string }) => i.note === 'Mila')).toMatchObject({
      role: 'marketer',
      pageIds: [pageB],
    })
    expect((await admin.get('/team')).text).toContain('Tweede Winkel')
  })

  it('lets an ambassador invited for page A see A’s kits and not B’s, whatever their Facebook role', async () => {
    const facebookId = await bothPages('Sanne Ambassadeur')
    const { browser: sanne } = await joinTeam(fanfare, adminApi, facebookId, 'ambassador', {
      pageIds: [pageA],
    })
    const member = await memberOf(facebookId)
    expect(member).toMatchObject({ role: 'ambassador', pageIds: [pageA] })

    const kitOn = async (pageId: string, title: string) => {
      const res = await adminApi.post('/api/v1/kits', {
        pageId,
        title,
        textNl: `${title}: nu in de winkel`,
        link: 'https://demo-webshop.example/',
        sharesPerDay: 2,
      })
      expect(res.status).toBe(201)
      return res.body.id as string
    }
    const kitA = await kitOn(pageA, 'Kit van pagina A')
    const kitB = await kitOn(pageB, 'Kit van pagina B')
    const json = (path: string) => sanne.get(path).set('accept', 'application/json')
    const listed = (await json('/api/v1/kits')).body.kits.map((k: { id: string }) => k.id)
    expect(listed).toEqual([kitA])
    expect((await json(`/api/v1/kits/${kitA}`)).status).toBe(200)
    expect((await json(`/api/v1/kits/${kitB}`)).status).toBe(404)
    expect((await json(`/api/v1/kits/${kitB}/link`)).status).toBe(404)
    const page = await sanne.get('/kits')
    expect(page.text).toContain('Kit van pagina A')
    expect(page.text).not.toContain('Kit van pagina B')
    expect((await sanne.get(`/kits/${kitB}`)).status).toBe(404)

    // Logging in again (which rereads the Facebook role) does not add page B.
    await loginThroughDialog(newBrowser(fanfare), facebookId)
    expect((await memberOf(facebookId)).pageIds).toEqual([pageA])

    // Audited: the invitation with its pages, and the join with the pages it gave.
    const invited = await adminApi.get('/api/v1/audit?action=team.invite')
    expect(
      invited.body.entries.map((e: { after: { pageIds?: string[] } }) => e.after.pageIds),
    ).toContainEqual([pageA])
    const joined = await adminApi.get(`/api/v1/audit?action=team.join&targetId=${member.id}`)
    expect(joined.body.entries[0].after).toMatchObject({ role: 'ambassador', pageIds: [pageA] })
  })

  it('refuses page B’s inbox to a moderator invited for page A', async () => {
    const facebookId = await bothPages('Mo Moderator')
    const { browser: mo } = await joinTeam(fanfare, adminApi, facebookId, 'moderator', { pageIds: [pageA] })
    expect((await memberOf(facebookId)).pageIds).toEqual([pageA])
    const moApi = apiClient(fanfare, await createApiToken(mo, 'mo script'))
    const commentOn = async (facebookPageId: string, message: string) => {
      const id = `${Date.now()}${Math.floor(Math.random() * 1000)}_${facebookPageId}`
      await stored(fanfare.app).comments.create({
        _id: id,
        facebookCommentId: id,
        facebookPageId,
        postId: `${facebookPageId}_1`,
        message,
        byPage: false,
        removed: false,
        contentVersion: 1,
        status: 'open',
      })
      return id
    }
    const onA = await commentOn(DEMO_PAGE_ID, 'Vraag op pagina A')
    const onB = await commentOn(pageBFacebookId, 'Klacht op pagina B')

    const list = await moApi.get('/api/v1/comments?status=all&limit=200')
    const ids = list.body.comments.map((c: { id: string }) => c.id)
    expect(ids).toContain(onA)
    expect(ids).not.toContain(onB)
    const tries = [
      await moApi.get(`/api/v1/comments?page=${pageBFacebookId}`),
      await moApi.get(`/api/v1/comments/${onB}`),
      await moApi.post(`/api/v1/comments/${onB}/hide`, { hidden: true }),
      await mo.get(`/comments?page=${pageBFacebookId}`),
      await mo.get(`/comments/${onB}`),
    ]
    expect(tries.map((t) => t.status)).toEqual([404, 404, 404, 404, 404])
    expect((await mo.get('/comments?status=all')).text).not.toContain('Klacht op pagina B')
    expect((await moApi.get(`/api/v1/comments/${onA}`)).status).toBe(200)
  })

  it('ticks the only page for the admin when there is just one to choose', async () => {
    const single = await startFanfare()
    try {
      const { browser, pageId } = await adminWithDemoPage(single)
      const team = await browser.get('/team')
      expect(team.text).toContain(`name="pageIds" value="${pageId}" checked>`)
      const csrf = await csrfFrom(browser, '/team')
      const made = await browser
        .post('/team/invites')
        .type('form')
        .send({ _csrf: csrf, role: 'moderator', pageIds: pageId })
      expect(made.status).toBe(200)
    } finally {
      await single.close()
    }
  })
})
