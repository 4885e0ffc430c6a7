import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_FANS } from '../../sandbox/seed.js'
import { fanLogin, openContest, publishedCampaign, submitCampaign } from '../helpers/campaigns.js'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  control,
  createApiToken,
  csrfFrom,
  type Fanfare,
  newBrowser,
  startFanfare,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

describe('campaigns', () => {
  let fanfare: Fanfare
  let marketer: Browser
  let pageId: string
  let api: ReturnType<typeof apiClient>
  let token: string
  beforeAll(async () => {
    fanfare = await startFanfare()
    ;({ browser: marketer, pageId } = await adminWithDemoPage(fanfare))
    token = await createApiToken(marketer)
    api = apiClient(fanfare, token)
  })
  afterAll(() => fanfare.close())

  const entriesOf = (campaignId: string) => stored(fanfare.app).entries.find({ campaignId }).lean()

  describe('Meta promotion rules', () => {
    it.each([
      ['rulesNl', 'Like onze pagina en maak kans op een jas! Klachten via de klantenservice.', 'like-gating'],
      ['descriptionEn', 'Share this post on your timeline to enter.', 'share'],
      ['entryInstructionsEn', 'Tag 3 friends in the comments to win!', 'tag friends'],
    ])('refuses a campaign whose %s asks for %s, naming the rule', async (field, text, rule) => {
      const res = await submitCampaign(marketer, openContest(pageId, { [field]: text }))
      expect(res.status).toBe(422)
      expect(res.text).toContain('Meta')
      expect(res.text.toLowerCase()).toContain(rule)
      expect(
        await stored(fanfare.app).campaigns.countDocuments({
          'title.en': 'Win a summer coat',
          [`${field.replace(/(Nl|En)$/, '')}.${field.endsWith('Nl') ? 'nl' : 'en'}`]: text,
        }),
      ).toBe(0)
    })

    it('refuses an entry method that asks for sharing, and allows entering by comment', async () => {
      const res = await submitCampaign(marketer, openContest(pageId, { entryMethod: 'share' }))
      expect(res.status).toBe(422)
      expect(res.text).toContain('share')
      const ok = await submitCampaign(
        marketer,
        openContest(pageId, { entryMethod: 'comment', commentPostId: '100000000000001_122000000000001' }),
      )
      expect(ok.status).toBe(303)
    })
  })

  it('warns a Dutch shop about the promotional games code, naming the article', async () => {
    const csrf = await csrfFrom(marketer, `/campaigns/settings/${pageId}`)
    await marketer.post(`/campaigns/settings/${pageId}`).type('form').send({ _csrf: csrf, dutchShop: 'on' })
    const res = await submitCampaign(
      marketer,
      openContest(pageId, {
        prizeValueEuro: 150000,
        rulesNl: 'Organisator Demo Webshop. Meedoen door in te loggen.',
      }),
    )
    expect(res.status).toBe(303)
    const page = await marketer.get(res.headers.location as string)
    expect(page.text).toContain('art. 4 of the Gedragscode Promotionele Kansspelen')
    expect(page.text).toContain('(art. 9)')
    const again = await marketer.post(`/campaigns/settings/${pageId}`).type('form').send({ _csrf: csrf })
    expect(again.status).toBe(303)
  })

  it('edits a scheduled campaign in the page’s time zone, and refuses edits once it has opened', async () => {
    const created = await submitCampaign(
      marketer,
      openContest(pageId, { opensAt: '2031-03-01T09:30', closesAt: '2031-03-08T18:00' }),
    )
    const id = String(created.headers.location).split('/').pop() as string
    const form = await marketer.get(`/campaigns/${id}/edit`)
    expect(form.status).toBe(200)
    expect(form.text).toContain('value="2031-03-01T09:30"')
    expect(form.text).toContain('(Europe/Amsterdam)')
    const csrf = await csrfFrom(marketer, `/campaigns/${id}/edit`)
    const saved = await marketer
      .post(`/campaigns/${id}`)
      .type('form')
      .send({
        _csrf: csrf,
        ...openContest(pageId, { opensAt: '2031-03-02T09:30', closesAt: '2031-03-08T18:00' }),
      })
    expect(saved.status).toBe(303)
    const inStore = await stored(fanfare.app).campaigns.findById(id).lean()
    expect(inStore?.opensAt.toISOString()).toBe('2031-03-02T08:30:00.000Z')

    const open = await publishedCampaign(marketer, openContest(pageId))
    const put = await supertest(fanfare.app.server)
      .put(`/api/v1/campaigns/${open.id}`)
      .set('authorization', `Bearer ${token}`)
      .send(openContest(pageId))
    expect(put.status).toBe(409)
    expect(put.body.error.code).toBe('campaigns.notEditable')
  })

  describe('fans', () => {
    it('shows the public page without a login wall: rules, the Facebook statement and the commitment', async () => {
      const { slug } = await publishedCampaign(marketer, openContest(pageId))
      const visitor = newBrowser(fanfare)
      const page = await visitor.get(`/c/${slug}`)
      expect(page.status).toBe(200)
      expect(page.text).toContain('Organisator: Demo Webshop')
      expect(page.text).toContain(
        'in no way sponsored, endorsed or administered by, or associated with, Facebook',
      )
      expect(page.text).toMatch(/<code class="hash">[0-9a-f]{64}<\/code>/)
      expect(page.text).toContain('Log in with Facebook')
      // The light public layout: no team navigation.
      expect(page.text).not.toContain('href="/pages"')
    })

    it('does not show a draft to the public', async () => {
      const created = await submitCampaign(marketer, openContest(pageId, { slug: 'still-a-draft' }))
      expect(created.status).toBe(303)
      expect((await newBrowser(fanfare).get('/c/still-a-draft')).status).toBe(404)
    })

    it('logs a fan in through a flow of its own that asks for public_profile only and makes no team member', async () => {
      const { slug } = await publishedCampaign(marketer, openContest(pageId))
      const fan = newBrowser(fanfare)
      const { dialog, callback } = await fanLogin(fan, slug, DEMO_FANS[0].id)
      expect(dialog.searchParams.get('scope')).toBe('public_profile')
      expect(dialog.searchParams.get('redirect_uri')).toBe('http://fanfare.test/fan/facebook/callback')
      expect(dialog.searchParams.get('code_challenge_method')).toBe('S256')
      expect(callback.status).toBe(303)
      expect(callback.headers.location).toBe(`/c/${slug}`)
      const page = await fan.get(`/c/${slug}`)
      expect(page.text).toContain('Logged in as Sanne de Vries')
      expect((await fan.get('/api/v1/me').set('accept', 'application/json')).status).toBe(401)
      expect(await stored(fanfare.app).users.countDocuments({ facebookUserId: DEMO_FANS[0].id })).toBe(0)
    })

    it('stores one entry when a fan submits twice at the same instant; the other gets a friendly answer', async () => {
      const { id, slug } = await publishedCampaign(marketer, openContest(pageId))
      const fan = newBrowser(fanfare)
      await fanLogin(fan, slug, DEMO_FANS[1].id)
      const csrf = await csrfFrom(fan, `/c/${slug}`)
      const submits = await Promise.all(
        Array.from({ length: 4 }, () =>
          fan.post(`/c/${slug}/enter`).type('form').send({ _csrf: csrf, confirmAge: 'on', country: 'NL' }),
        ),
      )
      const statuses = submits.map((r) => r.status).sort()
      expect(statuses).toEqual([303, 409, 409, 409])
      expect(submits.find((r) => r.status === 409)?.text).toContain('You already took part in this campaign')
      const stored = await entriesOf(id)
      expect(stored).toHaveLength(1)
      expect(stored[0]?.entrant).toMatchObject({ kind: 'app', id: DEMO_FANS[1].id })
      const page = await fan.get(`/c/${slug}`)
      expect(page.text).toContain('You took part on')
      expect(page.text).toContain(stored[0]?.ref)
    })

    it('asks for the eligibility confirmation and refuses another country, storing nothing', async () => {
      const { id, slug } = await publishedCampaign(marketer, openContest(pageId))
      const fan = newBrowser(fanfare)
      await fanLogin(fan, slug, DEMO_FANS[2].id)
      const csrf = await csrfFrom(fan, `/c/${slug}`)
      const noAge = await fan.post(`/c/${slug}/enter`).type('form').send({ _csrf: csrf, country: 'NL' })
      expect(noAge.status).toBe(400)
      expect(noAge.text).toContain('Please confirm you are 18 or older')
      const abroad = await fan
        .post(`/c/${slug}/enter`)
        .type('form')
        .send({ _csrf: csrf, confirmAge: 'on', country: 'DE' })
      expect(abroad.text).toContain('not open to residents of that country')
      expect(await entriesOf(id)).toHaveLength(0)
    })

    it.each([
      ['not open yet', { opensAt: '2099-01-01T10:00', closesAt: '2099-02-01T10:00' }, 'not open yet'],
      ['closed', { opensAt: '2020-01-01T10:00', closesAt: '2020-02-01T10:00' }, 'is closed'],
    ])('shows a clear page and stores nothing when the campaign is %s', async (_what, times, text) => {
      const { id, slug } = await publishedCampaign(marketer, openContest(pageId, times))
      const fan = newBrowser(fanfare)
      await fanLogin(fan, slug, DEMO_FANS[3].id)
      const csrf = await csrfFrom(fan, `/c/${slug}`)
      const res = await fan
        .post(`/c/${slug}/enter`)
        .type('form')
        .send({ _csrf: csrf, confirmAge: 'on', country: 'NL' })
      expect(res.status).toBe(422)
      expect(res.text).toContain(text)
      expect(res.text).toContain('nothing was stored')
      expect(await entriesOf(id)).toHaveLength(0)
    })

    it('lets a fan withdraw their entry while the campaign is open', async () => {
      const { id, slug } = await publishedCampaign(marketer, openContest(pageId))
      const fan = newBrowser(fanfare)
      await fanLogin(fan, slug, DEMO_FANS[4].id)
      const csrf = await csrfFrom(fan, `/c/${slug}`)
      await fan.post(`/c/${slug}/enter`).type('form').send({ _csrf: csrf, confirmAge: 'on', country: 'BE' })
      expect(await entriesOf(id)).toHaveLength(1)
      const withdrawn = await fan.post(`/c/${slug}/withdraw`).type('form').send({ _csrf: csrf })
      expect(withdrawn.status).toBe(303)
      expect(await entriesOf(id)).toHaveLength(0)
    })

    it('limits entry submits per fan: the sixth in a minute gets 429', async () => {
      const { slug } = await publishedCampaign(marketer, openContest(pageId))
      const fan = newBrowser(fanfare)
      await fanLogin(fan, slug, DEMO_FANS[5].id)
      const csrf = await csrfFrom(fan, `/c/${slug}`)
      const statuses: number[] = []
      for (let i = 0; i < 6; i++) {
        const res = await fan.post(`/c/${slug}/enter`).type('form').send({ _csrf: csrf, country: 'NL' })
        statuses.push(res.status)
      }
      expect(statuses.slice(0, 5).every((s) => s === 400)).toBe(true)
      expect(statuses[5]).toBe(429)
    })

    it('refuses a blocked fan and flags entries from one address for one-click, audited disqualification', async () => {
      const { id, slug } = await publishedCampaign(marketer, openContest(pageId, { minAge: '' }))
      const fans = await Promise.all(
        ['130000000000001', '130000000000002', '130000000000003'].map(async (fbId, i) => {
          await control(fanfare.sandbox, 'POST', '/users', { id: fbId, name: `Fan ${i}`, kind: 'fan' })
          const fan = newBrowser(fanfare)
          await fanLogin(fan, slug, fbId)
          const csrf = await csrfFrom(fan, `/c/${slug}`)
          const res = await fan.post(`/c/${slug}/enter`).type('form').send({ _csrf: csrf, country: 'NL' })
          expect(res.status).toBe(303)
          return { fan, csrf, fbId }
        }),
      )
      const admin = await marketer.get(`/campaigns/${id}`)
      expect(admin.text).toContain('3 entries from one address')
      const entry = (await entriesOf(id)).find((e) => e.entrant?.id === fans[0]?.fbId)
      const csrf = await csrfFrom(marketer, `/campaigns/${id}`)
      const dq = await marketer
        .post(`/campaigns/${id}/entries/${entry?._id}/disqualify`)
        .type('form')
        .send({ _csrf: csrf, reason: 'Three accounts from one address', block: 'on', confirm: 'yes' })
      expect(dq.status).toBe(303)
      const audit = await api.get('/api/v1/audit?action=campaign.disqualify')
      expect(audit.body.entries[0]).toMatchObject({ reason: 'Three accounts from one address' })
      // Blocked: the fan cannot enter another campaign of the shop.
      const other = await publishedCampaign(marketer, openContest(pageId, { minAge: '' }))
      const blocked = fans[0]?.fan as Browser
      const token = await csrfFrom(blocked, `/c/${other.slug}`)
      const res = await blocked
        .post(`/c/${other.slug}/enter`)
        .type('form')
        .send({ _csrf: token, country: 'NL' })
      expect(res.status).toBe(403)
      expect(res.text).toContain('cannot take part')
      // The marketer sees the block list and can lift the block.
      const list = await marketer.get('/campaigns/blocked')
      expect(list.text).toContain(fans[0]?.fbId)
      const token2 = await csrfFrom(marketer, '/campaigns/blocked')
      await marketer
        .post('/campaigns/blocked/remove')
        .type('form')
        .send({ _csrf: token2, kind: 'app', id: fans[0]?.fbId })
      const retry = await blocked
        .post(`/c/${other.slug}/enter`)
        .type('form')
        .send({ _csrf: token, country: 'NL' })
      expect(retry.status).toBe(303)
    })
  })

  describe('JSON API', () => {
    it('creates, reads, publishes and documents campaigns; refuses like-gating with the rule', async () => {
      const body = {
        ...openContest(pageId),
        prizeValueEuro: 300,
        winnerCount: 2,
        minAge: 18,
        countries: ['NL'],
      }
      const refused = await api.post('/api/v1/campaigns', {
        ...body,
        rulesNl: 'Volg onze pagina en win! Klachten via de klantenservice.',
      })
      expect(refused.status).toBe(422)
      expect(refused.body.error.code).toBe('campaigns.metaRule.likeGating')
      expect(refused.body.error.message).toContain('like-gating')

      const created = await api.post('/api/v1/campaigns', body)
      expect(created.status).toBe(201)
      const campaign = created.body.campaign
      expect(campaign).toMatchObject({ kind: 'contest', state: 'draft', winnerCount: 2, revealedSeed: null })
      expect(campaign.seedCommitment).toMatch(/^[0-9a-f]{64}$/)
      expect(JSON.stringify(created.body)).not.toContain('sealedSeed')

      const published = await api.post(`/api/v1/campaigns/${campaign.id}/publish`)
      expect(published.body.state).toBe('open')
      const read = await api.get(`/api/v1/campaigns/${campaign.id}`)
      expect(read.body).toMatchObject({ id: campaign.id, entryCount: 0, state: 'open' })
      const results = await api.get(`/api/v1/campaigns/${campaign.id}/results`)
      expect(results.body).toMatchObject({ entryCount: 0, winners: [], revealedSeed: null })

      const docs = await supertestJson(fanfare, '/docs/json')
      const paths = Object.keys(docs.paths)
      expect(paths).toContain('/api/v1/campaigns')
      expect(paths).toContain('/api/v1/campaigns/{id}/draw')
      expect(paths.some((p) => p.startsWith('/c/'))).toBe(false)
    })

    it('keeps the opening time in the page’s time zone and stores UTC', async () => {
      const created = await api.post('/api/v1/campaigns', {
        ...openContest(pageId),
        opensAt: '2030-07-01T10:00',
        closesAt: '2030-07-08T10:00',
      })
      expect(created.body.campaign.opensAt).toBe('2030-07-01T08:00:00.000Z')
      expect(created.body.campaign.timeZone).toBe('Europe/Amsterdam')
    })
  })
})

async function supertestJson(fanfare: Fanfare, path: string) {
  const res = await newBrowser(fanfare).get(path)
  return JSON.parse(res.text)
}
