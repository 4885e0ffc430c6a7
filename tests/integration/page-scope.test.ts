// The probe's case: a marketer whose Facebook role covers page B only reaches nothing of page A
// (posts, campaigns, entries, inbox, barometer, exports), while admins still see every page.
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openContest } from '../helpers/campaigns.js'
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
  startFanfare,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

const ALL_TASKS = ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE']
const later = (days: number, hour: number) =>
  DateTime.now()
    .setZone('Europe/Amsterdam')
    .plus({ days })
    .set({ hour, minute: 0 })
    .toFormat("yyyy-MM-dd'T'HH:mm")

describe('page membership: each member works on the pages assigned to them', () => {
  let fanfare: Fanfare
  let admin: Browser
  let adminApi: ReturnType<typeof apiClient>
  let bea: Browser
  let beaApi: ReturnType<typeof apiClient>
  let beaId: string
  let pageA: string
  let pageB: string
  let pageBFacebookId: string
  let postA: string

  beforeAll(async () => {
    fanfare = await startFanfare()
    ;({ browser: admin, pageId: pageA } = await adminWithDemoPage(fanfare))
    adminApi = apiClient(fanfare, await createApiToken(admin, 'admin script'))
    const anne = (await adminApi.get('/api/v1/me')).body
    const second = await control(fanfare.sandbox, 'POST', '/pages', {
      name: `Second Shop ${Date.now()}`,
      roles: { [anne.facebookUserId]: ALL_TASKS },
    })
    pageBFacebookId = second.id
    const connected = await adminApi.post('/api/v1/pages', { facebookPageIds: [pageBFacebookId] })
    expect(connected.status).toBe(201)
    pageB = connected.body.pages[0].id
    // Bea's Facebook role covers page B only, and her invite is for page B.
    const person = await control(fanfare.sandbox, 'POST', '/users', {
      name: 'Bea Bpagina',
      kind: 'team',
      roles: { [pageBFacebookId]: ['CREATE_CONTENT', 'MODERATE', 'ANALYZE'] },
    })
    ;({ browser: bea } = await joinTeam(fanfare, adminApi, person.id, 'marketer', { pageIds: [pageB] }))
    beaApi = apiClient(fanfare, await createApiToken(bea, 'bea script'))
    beaId = (await beaApi.get('/api/v1/me')).body.id
    const made = await adminApi.post('/api/v1/posts', {
      pageId: pageA,
      label: 'news',
      action: 'schedule',
      message: 'Alleen voor pagina A',
      scheduledAt: later(9, 10),
    })
    expect(made.status).toBe(201)
    postA = made.body.posts[0].id
  })
  afterAll(() => fanfare.close())

  it('gives a member the pages of their invite, at login', async () => {
    const team = await adminApi.get('/api/v1/team')
    const member = team.body.members.find((m: { id: string }) => m.id === beaId)
    expect(member.pageIds).toEqual([pageB])
  })

  it('refuses every way into page A’s posts to a marketer on page B (the probe’s 7 tries)', async () => {
    const list = await beaApi.get('/api/v1/posts')
    expect(list.status).toBe(200)
    expect(list.body.posts.map((p: { id: string }) => p.id)).not.toContain(postA)
    const tries = [
      await beaApi.get(`/api/v1/posts?pageId=${pageA}`),
      await beaApi.get(`/api/v1/posts/${postA}`),
      await beaApi.patch(`/api/v1/posts/${postA}`, {
        label: 'news',
        action: 'schedule',
        message: 'overgenomen',
        scheduledAt: later(9, 12),
        version: 0,
      }),
      await beaApi.post('/api/v1/posts', {
        pageId: pageA,
        label: 'news',
        action: 'schedule',
        message: 'ingebroken',
        scheduledAt: later(10, 11),
      }),
      await beaApi.post(`/api/v1/posts/${postA}/cancel`),
      await beaApi.get(`/api/v1/pages/${pageA}/calendar`),
      await bea.get(`/posts/${postA}`),
    ]
    expect(tries.map((t) => t.status)).toEqual([404, 404, 404, 404, 404, 404, 404])
    const html = await bea.get('/posts')
    expect(html.status).toBe(200)
    expect(html.text).not.toContain('Alleen voor pagina A')
    const still = await adminApi.get(`/api/v1/posts/${postA}`)
    expect(still.body).toMatchObject({ status: 'scheduled', message: 'Alleen voor pagina A' })
  })

  it('lets the marketer work on page B, and an admin on both pages', async () => {
    const own = await beaApi.post('/api/v1/posts', {
      pageId: pageB,
      label: 'news',
      action: 'schedule',
      message: 'Mag wel op B',
      scheduledAt: later(11, 10),
    })
    expect(own.status).toBe(201)
    const all = await adminApi.get('/api/v1/posts')
    const ids = all.body.posts.map((p: { id: string }) => p.id)
    expect(ids).toEqual(expect.arrayContaining([postA, own.body.posts[0].id]))
  })

  it('refuses an import row for page A and accepts one for page B', async () => {
    const csv = `page,time,text,label\n${DEMO_PAGE_ID},${later(12, 10)},Import op A,news\n${pageBFacebookId},${later(12, 11)},Import op B,news\n`
    const res = await beaApi.post('/api/v1/posts/import', { csv })
    expect(res.status).toBe(200)
    expect(res.body.rows.map((r: { status: string }) => r.status)).toEqual(['refused', 'accepted'])
    expect(res.body.rows[0].reasons[0].path).toBe('page')
  })

  it('refuses page A’s campaigns, entries, results, export and draw to a marketer on page B', async () => {
    const created = await adminApi.post('/api/v1/campaigns', openContest(pageA))
    expect(created.status).toBe(201)
    const id = created.body.campaign.id
    const list = await beaApi.get('/api/v1/campaigns')
    expect(list.status).toBe(200)
    expect(list.body.campaigns.map((c: { id: string }) => c.id)).not.toContain(id)
    const tries = [
      await beaApi.get(`/api/v1/campaigns/${id}`),
      await beaApi.put(`/api/v1/campaigns/${id}`, openContest(pageA, { titleNl: 'Overgenomen' })),
      await beaApi.post('/api/v1/campaigns', openContest(pageA)),
      await beaApi.get(`/api/v1/campaigns/${id}/entries`),
      await beaApi.get(`/api/v1/campaigns/${id}/results`),
      await beaApi.post(`/api/v1/campaigns/${id}/draw`),
      await bea.get(`/campaigns/${id}/export.csv`),
      await bea.get(`/campaigns/${id}`),
    ]
    expect(tries.map((t) => t.status)).toEqual([404, 404, 404, 404, 404, 404, 404, 404])
    expect((await bea.get('/campaigns')).text).not.toContain(`/campaigns/${id}`)
    expect((await beaApi.post('/api/v1/campaigns', openContest(pageB))).status).toBe(201)
    expect((await adminApi.get(`/api/v1/campaigns/${id}`)).status).toBe(200)
  })

  it('refuses page A’s inbox, threads and actions to a moderator on page B', async () => {
    const person = await control(fanfare.sandbox, 'POST', '/users', {
      name: 'Mo Bpagina',
      kind: 'team',
      roles: { [pageBFacebookId]: ['MODERATE', 'ANALYZE'] },
    })
    const { browser: mo } = await joinTeam(fanfare, adminApi, person.id, 'moderator', { pageIds: [pageB] })
    const moApi = apiClient(fanfare, await createApiToken(mo, 'mo script'))
    const commentId = `${Date.now()}_${DEMO_PAGE_ID}`
    await stored(fanfare.app).comments.create({
      _id: commentId,
      facebookCommentId: commentId,
      facebookPageId: DEMO_PAGE_ID,
      postId: `${DEMO_PAGE_ID}_1`,
      message: 'Klacht over pagina A',
      byPage: false,
      removed: false,
      contentVersion: 1,
      status: 'open',
    })
    const all = await adminApi.get('/api/v1/comments?status=all&limit=200')
    expect(all.body.comments.map((c: { id: string }) => c.id)).toContain(commentId)
    const list = await moApi.get('/api/v1/comments?status=all&limit=200')
    expect(list.status).toBe(200)
    expect(list.body.comments.map((c: { id: string }) => c.id)).not.toContain(commentId)
    const tries = [
      await moApi.get(`/api/v1/comments?page=${DEMO_PAGE_ID}`),
      await moApi.get(`/api/v1/comments/${commentId}`),
      await moApi.post(`/api/v1/comments/${commentId}/hide`, { hidden: true }),
      await moApi.post(`/api/v1/comments/${commentId}/notes`, { text: 'gezien' }),
      await mo.get(`/comments/${commentId}`),
    ]
    expect(tries.map((t) => t.status)).toEqual([404, 404, 404, 404, 404])
    expect((await mo.get('/comments?status=all')).text).not.toContain('Klacht over pagina A')

    // Connecting a page starts a comment import; only the member's pages' runs are listed.
    const pagesOf = (res: { body: { imports: Array<{ facebookPageId: string }> } }) =>
      res.body.imports.map((r) => r.facebookPageId)
    expect(pagesOf(await adminApi.get('/api/v1/comments/imports'))).toContain(DEMO_PAGE_ID)
    const moImports = pagesOf(await moApi.get('/api/v1/comments/imports'))
    expect(moImports).toContain(pageBFacebookId)
    expect(moImports).not.toContain(DEMO_PAGE_ID)
  })

  it('refuses page A’s barometer and CSV, and reports only page B by default', async () => {
    const tries = [
      await beaApi.get(`/api/v1/barometer?page=${DEMO_PAGE_ID}`),
      await bea.get(`/barometer?page=${DEMO_PAGE_ID}`),
      await bea.get(`/barometer.csv?page=${DEMO_PAGE_ID}`),
    ]
    expect(tries.map((t) => t.status)).toEqual([404, 404, 404])
    const own = await beaApi.get('/api/v1/barometer')
    expect(own.status).toBe(200)
    expect(own.body.pages).toEqual([pageBFacebookId])
    const admins = await adminApi.get('/api/v1/barometer')
    expect(admins.body.pages).toEqual(expect.arrayContaining([DEMO_PAGE_ID, pageBFacebookId]))
  })

  it('lets an admin assign pages on the team page (form, audited) and through the API', async () => {
    const csrf = await csrfFrom(admin, '/team')
    const form = await admin
      .post(`/team/${beaId}/pages`)
      .type('form')
      .send({ _csrf: csrf, pageIds: [pageA, pageB] })
    expect(form.status).toBe(303)
    expect((await beaApi.get(`/api/v1/posts/${postA}`)).status).toBe(200)
    const withoutCsrf = await admin.post(`/team/${beaId}/pages`).type('form').send({ pageIds: pageB })
    expect(withoutCsrf.status).toBe(403)
    const api = await adminApi.put(`/api/v1/team/${beaId}/pages`, { pageIds: [pageB] })
    expect(api.status).toBe(200)
    expect(api.body.pageIds).toEqual([pageB])
    expect((await beaApi.get(`/api/v1/posts/${postA}`)).status).toBe(404)
    const audit = await adminApi.get('/api/v1/audit?action=team.pages')
    expect(audit.body.entries.length).toBeGreaterThanOrEqual(2)
    const byMarketer = await beaApi.put(`/api/v1/team/${beaId}/pages`, { pageIds: [pageA, pageB] })
    expect(byMarketer.status).toBe(403)
  })
})
