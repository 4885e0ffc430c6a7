import { DateTime } from 'luxon'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEMO_FANS } from '../../sandbox/seed.js'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  createApiToken,
  csrfFrom,
  DEMO_USERS,
  type Fanfare,
  joinTeam,
  startFanfare,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

describe('ambassador kits: role, kits, personal links, share caps and quiet hours, figures', () => {
  let fanfare: Fanfare
  let admin: ReturnType<typeof apiClient>
  let pageId: string
  let sanne: Browser
  let daan: Browser
  let marketer: Browser

  /** A JSON call in an ambassador's browser session (CSRF header for a POST, as a page script would). */
  const asJson = (browser: Browser, method: 'get' | 'post', path: string) =>
    browser[method](path).set('accept', 'application/json')
  const kitBody = (over: Record<string, unknown> = {}) => ({
    pageId,
    title: 'Winteractie',
    textNl: 'Onze winterjassen zijn 20 % in prijs verlaagd!',
    textEn: 'Our winter coats are 20 % off!',
    link: 'https://demo-webshop.example/winter',
    imageUrl: 'https://demo-webshop.example/winter.jpg',
    sharesPerDay: 2,
    ...over,
  })
  const memberId = async (facebookUserId: string) =>
    String((await stored(fanfare.app).users.findOne({ facebookUserId }).lean())?._id)

  beforeAll(async () => {
    fanfare = await startFanfare()
    const first = await adminWithDemoPage(fanfare)
    pageId = first.pageId
    admin = apiClient(fanfare, await createApiToken(first.browser))
    // Admins invite ambassadors through the team's invite flow, for the page they share for.
    sanne = (await joinTeam(fanfare, admin, DEMO_FANS[0].id, 'ambassador', { pageIds: [pageId] })).browser
    daan = (await joinTeam(fanfare, admin, DEMO_FANS[1].id, 'ambassador', { pageIds: [pageId] })).browser
    marketer = (await joinTeam(fanfare, admin, DEMO_USERS.marketer.id, 'marketer', { pageIds: [pageId] }))
      .browser
  })
  afterAll(() => fanfare.close())

  it('lands an ambassador on their kits and refuses them every other page and API', async () => {
    const home = await sanne.get('/')
    expect(home.status).toBe(303)
    expect(home.headers.location).toBe('/kits')
    const kits = await sanne.get('/kits')
    expect(kits.status).toBe(200)
    const nav = /<nav[\s\S]*?<\/nav>/.exec(kits.text)?.[0] ?? ''
    const links = [...nav.matchAll(/href="(\/[^"]*)"/g)].map((m) => m[1])
    expect(links.filter((l) => l !== '/')).toEqual(['/kits'])

    const pages = [
      '/comments',
      '/posts',
      '/campaigns',
      '/team',
      '/audit',
      '/goals',
      '/tokens',
      '/barometer',
      '/pages',
    ]
    for (const path of pages)
      expect({ path, status: (await sanne.get(path)).status }).toEqual({ path, status: 403 })
    const apis = [
      '/api/v1/comments',
      '/api/v1/posts',
      '/api/v1/campaigns',
      '/api/v1/goals',
      '/api/v1/team',
      '/api/v1/invites',
      '/api/v1/audit',
      '/api/v1/pages',
      '/api/v1/links',
      '/api/v1/barometer',
      '/api/v1/insights',
      '/api/v1/tokens',
      '/api/v1/queues',
      '/api/v1/attribution/orders',
    ]
    for (const path of apis)
      expect({ path, status: (await asJson(sanne, 'get', path)).status }).toEqual({ path, status: 403 })
    // Who they are, they may ask.
    expect((await asJson(sanne, 'get', '/api/v1/me')).body.role).toBe('ambassador')
    // And they cannot make a kit.
    const csrf = await csrfFrom(sanne, '/kits')
    const made = await asJson(sanne, 'post', '/api/v1/kits').set('x-csrf-token', csrf).send(kitBody())
    expect(made.status).toBe(403)
  })

  it('refuses a kit with bad fields, naming each field, in the API and inline on the form', async () => {
    const res = await admin.post('/api/v1/kits', {
      ...kitBody(),
      textNl: '',
      textEn: '',
      imageUrl: 'http://demo-webshop.example/plain.jpg',
      disclosureHashtag: 'medewerker',
      link: 'shop',
    })
    expect(res.status).toBe(400)
    const paths = res.body.error.details.map((d: { path: string }) => d.path).sort()
    expect(paths).toEqual(['body.disclosureHashtag', 'body.imageUrl', 'body.link', 'body.textNl'])
    const image = res.body.error.details.find((d: { path: string }) => d.path === 'body.imageUrl')
    expect(image.message).toContain('https://')

    const csrf = await csrfFrom(marketer, '/kits/new')
    const form = await marketer
      .post('/kits')
      .set('accept-language', 'nl')
      .type('form')
      .send({ _csrf: csrf, ...kitBody({ title: 'Mijn actie', imageUrl: 'http://x.example/a.jpg' }) })
    expect(form.status).toBe(400)
    expect(form.text).toContain('id="f-imageUrl-error"')
    expect(form.text).toContain('begint met “https://”')
    expect(form.text).toContain('value="Mijn actie"')
    expect(form.text).toContain('href="#f-imageUrl"')
  })

  it('makes, edits, archives and restores a kit, audited; an archived kit is gone for ambassadors', async () => {
    const made = await admin.post('/api/v1/kits', kitBody({ title: 'Tijdelijk', disclosureNl: '' }))
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({
      status: 'active',
      disclosureHashtag: '#medewerker',
      disclosureNl: `Ik werk bij ${made.body.disclosureNl.slice('Ik werk bij '.length)}`,
      disclosureEn: expect.stringMatching(/^I work at .+/),
    })
    const id = made.body.id as string
    const edited = await admin.patch(`/api/v1/kits/${id}`, {
      ...kitBody({ title: 'Tijdelijk (nieuw)' }),
      pageId: undefined,
    })
    expect(edited.status).toBe(200)
    expect(edited.body.title).toBe('Tijdelijk (nieuw)')
    expect((await asJson(sanne, 'get', `/api/v1/kits/${id}`)).status).toBe(200)
    expect((await admin.post(`/api/v1/kits/${id}/archive`)).body.status).toBe('archived')
    expect((await asJson(sanne, 'get', `/api/v1/kits/${id}`)).status).toBe(404)
    expect((await sanne.get(`/kits/${id}`)).status).toBe(404)
    const listed = await asJson(sanne, 'get', '/api/v1/kits')
    expect(listed.body.kits.map((k: { id: string }) => k.id)).not.toContain(id)

    // Restored through the API: the ambassador sees it again; restoring twice is refused.
    const restored = await admin.post(`/api/v1/kits/${id}/restore`)
    expect(restored.status).toBe(200)
    expect(restored.body.status).toBe('active')
    expect((await asJson(sanne, 'get', `/api/v1/kits/${id}`)).status).toBe(200)
    const again = await admin.post(`/api/v1/kits/${id}/restore`)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('kits.notArchived')
    // Archived and restored in the pages: the list offers "Terugzetten" on the archived kit only.
    expect((await admin.post(`/api/v1/kits/${id}/archive`)).body.status).toBe('archived')
    const list = await marketer.get('/kits').set('accept-language', 'nl')
    expect(list.text).toContain(`action="/kits/${id}/restore"`)
    expect(list.text).toContain('Terugzetten')
    expect(list.text.match(/\/restore"/g)).toHaveLength(1)
    const shown = await marketer.get(`/kits/${id}`)
    expect(shown.text).toContain(`action="/kits/${id}/restore"`)
    expect(shown.text).not.toContain(`/kits/${id}/edit`)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(shown.text)?.[1] as string
    const byForm = await marketer.post(`/kits/${id}/restore`).type('form').send({ _csrf: csrf })
    expect(byForm.status).toBe(303)
    expect(byForm.headers.location).toBe(`/kits/${id}`)
    expect((await marketer.get(`/kits/${id}`)).text).toContain('The kit is back')
    expect((await sanne.get(`/kits/${id}`)).status).toBe(200)
    expect((await marketer.post(`/kits/${id}/restore`).type('form').send({})).status).toBe(403)
    // The ambassador cannot restore.
    const ambassadorCsrf = await csrfFrom(sanne, '/kits')
    const refused = await asJson(sanne, 'post', `/api/v1/kits/${id}/restore`).set(
      'x-csrf-token',
      ambassadorCsrf,
    )
    expect(refused.status).toBe(403)

    const entries = await stored(fanfare.app).audit.find({ 'target.id': id }).sort({ at: 1 }).lean()
    expect(entries.map((e) => e.action)).toEqual([
      'kit.create',
      'kit.edit',
      'kit.archive',
      'kit.restore',
      'kit.archive',
      'kit.restore',
    ])
    expect(entries[3]).toMatchObject({ before: { status: 'archived' }, after: { status: 'active' } })
    expect(entries[1]?.before).toMatchObject({ title: 'Tijdelijk' })
    expect(entries[1]?.after).toMatchObject({ title: 'Tijdelijk (nieuw)' })
  })

  it('edits a kit in the HTML form: stored values shown, a refusal inline with the input kept', async () => {
    const kit = (await admin.post('/api/v1/kits', kitBody({ title: 'Formulier' }))).body
    const edit = await marketer.get(`/kits/${kit.id}/edit`)
    expect(edit.status).toBe(200)
    expect(edit.text).toContain('value="https://demo-webshop.example/winter"')
    const csrf = /name="_csrf" value="([^"]+)"/.exec(edit.text)?.[1] as string
    const refused = await marketer.post(`/kits/${kit.id}`).type('form').send({
      _csrf: csrf,
      title: 'Formulier 2',
      textNl: '',
      textEn: '',
      link: 'https://demo-webshop.example/winter',
      sharesPerDay: '0',
    })
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('id="f-textNl-error"')
    expect(refused.text).toContain('id="f-sharesPerDay-error"')
    expect(refused.text).toContain('value="Formulier 2"')
    const saved = await marketer.post(`/kits/${kit.id}`).type('form').send({
      _csrf: csrf,
      title: 'Formulier 2',
      textNl: 'Hallo',
      link: 'https://demo-webshop.example/winter',
      sharesPerDay: '4',
    })
    expect(saved.status).toBe(303)
    expect((await admin.get(`/api/v1/kits/${kit.id}`)).body).toMatchObject({
      title: 'Formulier 2',
      textEn: '',
      sharesPerDay: 4,
    })
  })

  it('gives each ambassador one stable tracked link per kit, with utm_medium=ambassador', async () => {
    const kit = (await admin.post('/api/v1/kits', kitBody({ title: 'Sneakers' }))).body
    const first = await asJson(sanne, 'get', `/api/v1/kits/${kit.id}/link`)
    const again = await asJson(sanne, 'get', `/api/v1/kits/${kit.id}/link`)
    const other = await asJson(daan, 'get', `/api/v1/kits/${kit.id}/link`)
    expect(first.status).toBe(200)
    expect(again.body.code).toBe(first.body.code)
    expect(other.body.code).not.toBe(first.body.code)
    expect(first.body.shortUrl).toBe(`${fanfare.config.publicUrl}/r/${first.body.code}`)
    const link = await fanfare.app.links.report.byCode(first.body.code)
    const target = new URL(link?.url ?? '')
    expect(target.searchParams.get('utm_medium')).toBe('ambassador')
    expect(target.searchParams.get('utm_content')).toBe(`person-${first.body.code}`)
    expect(link?.personId).toBe(await memberId(DEMO_FANS[0].id))
    // The kit page shows the same link, and the text and disclosure in the person's language.
    const dutch = await sanne.get(`/kits/${kit.id}`).set('accept-language', 'nl')
    expect(dutch.text).toContain(first.body.shortUrl)
    expect(dutch.text).toContain('Onze winterjassen zijn 20 % in prijs verlaagd!')
    expect(dutch.text).toContain('Ik werk bij Demo Webshop')
    const english = await sanne.get(`/kits/${kit.id}`)
    expect(english.text).toContain('Our winter coats are 20 % off!')
    expect(english.text).toContain('I work at Demo Webshop')
    // An ambassador without the page (an admin took it away) does not see the kit at all.
    const { browser: noPage } = await joinTeam(fanfare, admin, DEMO_FANS[2].id, 'ambassador')
    const withdrawn = await admin.put(`/api/v1/team/${await memberId(DEMO_FANS[2].id)}/pages`, {
      pageIds: [],
    })
    expect(withdrawn.body.pageIds).toEqual([])
    expect((await asJson(noPage, 'get', `/api/v1/kits/${kit.id}`)).status).toBe(404)
    expect((await asJson(noPage, 'get', '/api/v1/kits')).body.kits).toEqual([])
    // Marketers have no personal link to share.
    expect((await admin.get(`/api/v1/kits/${kit.id}/link`)).status).toBe(403)
  })

  it('counts share intents up to the cap and then refuses with the reason; no message is prefilled', async () => {
    const kit = (await admin.post('/api/v1/kits', kitBody({ title: 'Cap', sharesPerDay: 2 }))).body
    const csrf = await csrfFrom(sanne, `/kits/${kit.id}`)
    const share = () => asJson(sanne, 'post', `/api/v1/kits/${kit.id}/shares`).set('x-csrf-token', csrf)
    const one = await share()
    expect(one.status).toBe(201)
    const dialog = new URL(one.body.dialogUrl)
    expect(dialog.origin + dialog.pathname).toBe(`${fanfare.sandbox.url}/dialog/share`)
    expect(dialog.searchParams.get('app_id')).toBe(fanfare.config.FACEBOOK_APP_ID)
    expect(dialog.searchParams.get('href')).toBe(one.body.shortUrl)
    expect(dialog.searchParams.get('hashtag')).toBe('#medewerker')
    expect(dialog.searchParams.has('quote')).toBe(false)
    expect(one.body.share).toMatchObject({ sharesToday: 1, sharesPerDay: 2, allowed: true })
    // The sandbox's dialog accepts it and shows the person's link.
    const shown = await fetch(dialog)
    expect(shown.status).toBe(200)
    expect(await shown.text()).toContain(one.body.shortUrl)

    expect((await share()).body.share).toMatchObject({
      sharesToday: 2,
      allowed: false,
      reason: 'kits.shareCap',
    })
    const third = await share()
    expect(third.status).toBe(422)
    expect(third.body.error.code).toBe('kits.shareCap')
    expect(third.body.error.message).toContain('2 times today')
    // The page shows the button off, with the reason; a forced form post is refused on the page.
    const page = await sanne.get(`/kits/${kit.id}`)
    expect(page.text).toMatch(/class="kit-share-button" disabled/)
    expect(page.text).toContain('2 times today')
    const forced = await sanne.post(`/kits/${kit.id}/share`).type('form').send({ _csrf: csrf })
    expect(forced.status).toBe(422)
    expect(forced.text).toContain('2 times today')
    // Another person's cap is their own.
    const daanCsrf = await csrfFrom(daan, `/kits/${kit.id}`)
    const theirs = await asJson(daan, 'post', `/api/v1/kits/${kit.id}/shares`).set('x-csrf-token', daanCsrf)
    expect(theirs.status).toBe(201)
    // Counted, not audited.
    expect(await stored(fanfare.app).audit.countDocuments({ 'target.id': kit.id })).toBe(1)
  })

  it('refuses sharing during the page’s quiet hours, naming them, and redirects to the dialog outside them', async () => {
    const kit = (await admin.post('/api/v1/kits', kitBody({ title: 'Stil', sharesPerDay: 5 }))).body
    const csrf = await csrfFrom(sanne, `/kits/${kit.id}`)
    const outside = await sanne.post(`/kits/${kit.id}/share`).type('form').send({ _csrf: csrf })
    expect(outside.status).toBe(303)
    expect(outside.headers.location).toMatch(new RegExp(`^${fanfare.sandbox.url}/dialog/share\\?app_id=`))

    const now = DateTime.now().setZone('Europe/Amsterdam')
    const settings = {
      timeZone: 'Europe/Amsterdam',
      maxPostsPerDay: 3,
      quietHoursStart: now.minus({ hours: 1 }).toFormat('HH:mm'),
      quietHoursEnd: now.plus({ hours: 1 }).toFormat('HH:mm'),
    }
    expect((await admin.patch(`/api/v1/pages/${pageId}`, settings)).status).toBe(200)
    try {
      const refused = await asJson(sanne, 'post', `/api/v1/kits/${kit.id}/shares`).set('x-csrf-token', csrf)
      expect(refused.status).toBe(422)
      expect(refused.body.error.code).toBe('kits.quietHours')
      expect(refused.body.error.message).toContain(`${settings.quietHoursStart}–${settings.quietHoursEnd}`)
      const page = await sanne.get(`/kits/${kit.id}`).set('accept-language', 'nl')
      expect(page.text).toMatch(/class="kit-share-button" disabled/)
      expect(page.text).toContain('stille uren')
    } finally {
      await admin.patch(`/api/v1/pages/${pageId}`, { timeZone: 'Europe/Amsterdam', maxPostsPerDay: 3 })
    }
  })

  it('shows clicks per person: an ambassador only their own, the marketer everyone', async () => {
    const kit = (await admin.post('/api/v1/kits', kitBody({ title: 'Cijfers' }))).body
    const sanneLink = (await asJson(sanne, 'get', `/api/v1/kits/${kit.id}/link`)).body
    await asJson(daan, 'get', `/api/v1/kits/${kit.id}/link`)
    const friend = await supertest(fanfare.app.server).get(`/r/${sanneLink.code}`).set('user-agent', CHROME)
    expect(friend.status).toBe(302)
    const sanneId = await memberId(DEMO_FANS[0].id)
    const daanId = await memberId(DEMO_FANS[1].id)

    await vi.waitFor(
      async () => {
        const own = await asJson(sanne, 'get', `/api/v1/kits/${kit.id}/figures`)
        expect(own.body.clicks).toBe(1)
      },
      { timeout: 5000, interval: 100 },
    )
    const own = (await asJson(sanne, 'get', `/api/v1/kits/${kit.id}/figures`)).body
    expect(own.people.map((p: { personId: string }) => p.personId)).toEqual([sanneId])
    const theirs = (await asJson(daan, 'get', `/api/v1/kits/${kit.id}/figures`)).body
    expect(theirs).toMatchObject({ clicks: 0, people: [{ personId: daanId, clicks: 0 }] })

    const all = (await admin.get(`/api/v1/kits/${kit.id}/figures`)).body
    expect(all.clicks).toBe(1)
    const byPerson = Object.fromEntries(
      all.people.map((p: { personId: string; clicks: number }) => [p.personId, p.clicks]),
    )
    expect(byPerson).toEqual({ [sanneId]: 1, [daanId]: 0 })
    // An order through Sanne's link (as the shop's sync records it) counts for her on this kit.
    const tracked = new URL((await fanfare.app.links.report.byCode(sanneLink.code))?.url ?? '')
    const utm = (k: string) => tracked.searchParams.get(`utm_${k}`)
    await fanfare.app.attribution.record('kits-test-shop', {
      id: 'order-1',
      number: '1001',
      createdAt: new Date(),
      status: 'paid',
      total: { amount: '55.00', currency: 'EUR' },
      attribution: {
        source: utm('source'),
        medium: utm('medium'),
        campaign: utm('campaign'),
        content: utm('content'),
      },
    })
    expect((await asJson(sanne, 'get', `/api/v1/kits/${kit.id}/figures`)).body).toMatchObject({
      orders: 1,
      revenueCents: 5500,
    })
    expect((await asJson(daan, 'get', `/api/v1/kits/${kit.id}/figures`)).body.orders).toBe(0)
    const withOrder = (await admin.get(`/api/v1/kits/${kit.id}/figures`)).body
    expect(withOrder.people.find((p: { personId: string }) => p.personId === sanneId)).toMatchObject({
      clicks: 1,
      orders: 1,
      revenueCents: 5500,
    })
    const page = await marketer.get(`/kits/${kit.id}`)
    expect(page.text).toMatch(
      new RegExp(`data-person="${sanneId}">\\s*<td>Sanne de Vries</td>\\s*<td[^>]*>1</td>`),
    )
  })

  it('documents the kit API in OpenAPI from the same schemas', async () => {
    const doc = (await supertest(fanfare.app.server).get('/docs/json')).body
    expect(
      Object.keys(doc.paths)
        .filter((p: string) => p.startsWith('/api/v1/kits'))
        .sort(),
    ).toEqual([
      '/api/v1/kits',
      '/api/v1/kits/{id}',
      '/api/v1/kits/{id}/archive',
      '/api/v1/kits/{id}/figures',
      '/api/v1/kits/{id}/link',
      '/api/v1/kits/{id}/restore',
      '/api/v1/kits/{id}/shares',
    ])
    const body = doc.paths['/api/v1/kits'].post.requestBody.content['application/json'].schema
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining([
        'pageId',
        'textNl',
        'textEn',
        'link',
        'imageUrl',
        'disclosureHashtag',
        'sharesPerDay',
      ]),
    )
    expect(doc.paths['/api/v1/kits/{id}/shares'].post.responses['422']).toBeDefined()
  })
})
