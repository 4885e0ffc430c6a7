// Campaigns linked to a shop product: scarcity claims in their texts checked against the sandbox
// shop's live stock (saving, the builder's live check, publishing, opening), {voorraad} filled in
// when it goes live, a sold-out product holding it, and every link in its texts tracked.
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCampaigns } from '../../jobs/open-campaigns.js'
import { openContest, submitCampaign } from '../helpers/campaigns.js'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  createApiToken,
  type Fanfare,
  newBrowser,
  PUBLIC_URL,
  startFanfare,
} from '../helpers/fanfare.js'
import {
  connectShop,
  type StartedShopSandbox,
  shopControl,
  shopifyConnection,
  shopifyVariant,
  startTestShop,
} from '../helpers/shop.js'
import { stored } from '../helpers/stored.js'

const local = (at: DateTime) => at.setZone('Europe/Amsterdam').toFormat("yyyy-MM-dd'T'HH:mm")

describe('campaigns linked to a shop product', () => {
  let shop: StartedShopSandbox
  let fanfare: Fanfare
  let marketer: Browser
  let api: ReturnType<typeof apiClient>
  let pageId: string
  let connectionId: string
  const product = (variant: number) => `${connectionId}:${shopifyVariant(variant)}`
  const setStock = (variantId: number, stock: number) =>
    shopControl(shop, 'POST', '/stock', { variantId, stock })

  beforeAll(async () => {
    shop = await startTestShop()
    fanfare = await startFanfare({ SHOPIFY_ADMIN_URL: shop.url })
    ;({ browser: marketer, pageId } = await adminWithDemoPage(fanfare))
    api = apiClient(fanfare, await createApiToken(marketer))
    connectionId = await connectShop(api, shopifyConnection)
  })
  afterAll(async () => {
    await fanfare?.close()
    await shop?.close()
  })

  /** A contest opening in an hour (so it is published before it opens). */
  const laterContest = (extra: Record<string, unknown> = {}) => {
    const now = DateTime.utc()
    return openContest(pageId, {
      opensAt: local(now.plus({ hours: 1 })),
      closesAt: local(now.plus({ days: 3 })),
      ...extra,
    }) as Record<string, unknown>
  }

  it('refuses “nog maar 3” while the shop has 10, naming the claim, the stock and the field; allows it at 3', async () => {
    await setStock(8000001, 10)
    const refused = await api.post('/api/v1/campaigns', {
      ...laterContest({ descriptionNl: 'Nog maar 3 regenjassen Storm te winnen!' }),
      product: product(8000001),
    })
    expect(refused.status).toBe(422)
    expect(refused.body.error).toMatchObject({
      code: 'shop.scarcityClaim',
      params: { claim: 'Nog maar 3', stock: 10 },
    })
    expect(refused.body.error.details).toEqual([
      { path: 'descriptionNl', message: expect.stringContaining('10') },
    ])
    // A claim without a product is refused too; "laatste kans" has the campaign's closing time.
    const noProduct = await api.post('/api/v1/campaigns', laterContest({ titleEn: 'Only 2 left: win one!' }))
    expect(noProduct.status).toBe(422)
    expect(noProduct.body.error.details[0]).toMatchObject({ path: 'titleEn' })
    const lastChance = await api.post(
      '/api/v1/campaigns',
      laterContest({ titleNl: 'Laatste kans: win een jas' }),
    )
    expect(lastChance.status).toBe(201)

    await setStock(8000001, 3)
    const allowed = await api.post('/api/v1/campaigns', {
      ...laterContest({ descriptionNl: 'Nog maar 3 regenjassen Storm te winnen!' }),
      product: product(8000001),
    })
    expect(allowed.status).toBe(201)
    expect(allowed.body.campaign.product).toBe(product(8000001))
  })

  it('says so inline in the builder, input kept, in the person’s language', async () => {
    await setStock(8000002, 12)
    const res = await submitCampaign(
      marketer,
      { ...openContest(pageId), prizesNl: 'Bijna uitverkocht: drie jassen', product: product(8000002) },
      'nl',
    )
    expect(res.status).toBe(422)
    expect(res.text).toContain('id="error-summary"')
    expect(res.text).toMatch(/id="f-prizesNl-error"[^>]*>[^<]*Bijna uitverkocht[^<]*12 op voorraad/)
    expect(res.text).toContain('Bijna uitverkocht: drie jassen</textarea>')
    expect(res.text).toContain(`value="${product(8000002)}" checked`)
  })

  it('finds the claim in the builder’s live check, under its field, storing nothing', async () => {
    await setStock(8000002, 12)
    const before = await stored(fanfare.app).campaigns.countDocuments()
    const res = await api.post('/api/v1/campaigns/check', {
      pageId,
      kind: 'contest',
      product: product(8000002),
      texts: {
        titleNl: 'Win er een',
        descriptionEn: 'Only 2 left in stock!',
        rulesNl: 'Nog {voorraad} te winnen',
      },
    })
    expect(res.status).toBe(200)
    expect(res.body.findings).toEqual([
      expect.objectContaining({
        rule: 'scarcity',
        field: 'descriptionEn',
        phrase: 'Only 2 left in stock',
        label: 'Description (English)',
        message: expect.stringContaining('12'),
      }),
    ])
    const noProduct = await api.post('/api/v1/campaigns/check', { texts: { rulesNl: 'Nog {voorraad} over' } })
    expect(noProduct.body.findings).toEqual([
      expect.objectContaining({
        rule: 'scarcity',
        field: 'rulesNl',
        message: expect.stringContaining('{voorraad}'),
      }),
    ])
    expect(await stored(fanfare.app).campaigns.countDocuments()).toBe(before)
  })

  it('fills {voorraad} and tracks every link when it goes live, and again with the stock of its opening', async () => {
    await setStock(8000003, 7)
    const created = await api.post('/api/v1/campaigns', {
      ...laterContest({
        descriptionNl: 'Nog {voorraad} sjaals op voorraad: https://demo-webshop.example/sjaals',
        rulesEn:
          'Full rules and the shop: https://demo-webshop.example/rules and https://demo-webshop.example/sjaals too.',
      }),
      product: product(8000003),
    })
    expect(created.status).toBe(201)
    const id = created.body.campaign.id as string
    const published = await api.post(`/api/v1/campaigns/${id}/publish`)
    expect(published.status).toBe(200)
    expect(published.body.live.description.nl).toMatch(
      /^Nog 7 sjaals op voorraad: http:\/\/fanfare\.test\/r\/\w{8}$/,
    )
    // The marketer's own text stays as written.
    expect(published.body.description.nl).toContain('{voorraad}')

    // Each address has one tracked link of the campaign, with the UTM template.
    const links = (await api.get('/api/v1/links?kind=campaign')).body.links.filter(
      (l: { campaignId: string }) => l.campaignId === id,
    )
    expect(links.map((l: { target: string }) => l.target).sort()).toEqual([
      'https://demo-webshop.example/rules',
      'https://demo-webshop.example/sjaals',
    ])
    const utm = new URL(links[0].url).searchParams
    expect(utm.get('utm_campaign')).toBe(created.body.campaign.slug)
    expect(utm.get('utm_content')).toBe(`campaign-${links[0].code}`)
    expect(published.body.live.rules.en.match(/fanfare\.test\/r\//g)).toHaveLength(2)

    // It opens: the check runs again and {voorraad} is the stock of that moment.
    await setStock(8000003, 4)
    const opensAt = new Date(published.body.opensAt)
    expect(await fanfare.app.campaigns.opening.open(id, new Date(opensAt.getTime() - 1000))).toBe('skipped')
    expect(await fanfare.app.campaigns.opening.open(id, new Date(opensAt.getTime() + 1000))).toBe('opened')
    const opened = (await api.get(`/api/v1/campaigns/${id}`)).body
    expect(opened.live.description.nl).toMatch(/^Nog 4 sjaals op voorraad: /)
    // Fans read the live texts.
    await stored(fanfare.app).campaigns.updateOne(
      { _id: id },
      { $set: { opensAt: new Date(Date.now() - 60_000) } },
    )
    const page = await newBrowser(fanfare).get(`/c/${opened.slug}`)
    expect(page.text).toContain('Nog 4 sjaals op voorraad')
    expect(page.text).not.toContain('{voorraad}')
    expect(page.text).toContain(`${PUBLIC_URL}/r/`)
  })

  it('holds a campaign whose claim stopped being true by its opening, and tells the marketer why', async () => {
    await setStock(8000004, 2)
    const created = await api.post('/api/v1/campaigns', {
      ...laterContest({ titleNl: 'Nog maar 2 jassen te winnen' }),
      product: product(8000004),
    })
    expect(created.status).toBe(201)
    const id = created.body.campaign.id as string
    expect((await api.post(`/api/v1/campaigns/${id}/publish`)).status).toBe(200)
    await setStock(8000004, 9)
    const opensAt = new Date(created.body.campaign.opensAt)
    expect(await fanfare.app.campaigns.opening.open(id, new Date(opensAt.getTime() + 1000))).toBe('held')
    const held = (await api.get(`/api/v1/campaigns/${id}`)).body
    expect(held.state).toBe('draft')
    expect(held.held).toMatchObject({ kind: 'scarcity', message: expect.stringContaining('Nog maar 2') })
    expect(held.held.message).toContain('9')
    const shown = await marketer.get(`/campaigns/${id}`)
    expect(shown.text).toContain('Nog maar 2')
    const audit = await stored(fanfare.app).audit.findOne({ action: 'campaign.held', 'target.id': id }).lean()
    expect(audit?.after).toMatchObject({ reason: 'scarcity', stock: 9 })
    // Publishing again is refused while the claim is untrue, with the claim and the stock.
    const again = await api.post(`/api/v1/campaigns/${id}/publish`)
    expect(again.status).toBe(422)
    expect(again.body.error.params).toMatchObject({ claim: 'Nog maar 2 jassen', stock: 9 })
  })

  it('the periodic sweep opens a published campaign whose queued opening was missed', async () => {
    await setStock(8000006, 6)
    const created = await api.post('/api/v1/campaigns', {
      ...laterContest({ descriptionNl: 'Nog {voorraad} paar handschoenen' }),
      product: product(8000006),
    })
    const id = created.body.campaign.id as string
    expect((await api.post(`/api/v1/campaigns/${id}/publish`)).status).toBe(200)
    await setStock(8000006, 5)
    // Its time has come and no job ran (Redis lost it, the worker was down).
    await stored(fanfare.app).campaigns.updateOne(
      { _id: id },
      { $set: { opensAt: new Date(Date.now() - 1000) } },
    )
    const done = await openCampaigns({}, { campaigns: fanfare.app.campaigns })
    expect(done[id]).toBe('opened')
    expect((await api.get(`/api/v1/campaigns/${id}`)).body.live.description.nl).toBe(
      'Nog 5 paar handschoenen',
    )
    expect((await openCampaigns({}, { campaigns: fanfare.app.campaigns }))[id]).toBeUndefined()
  })

  it('refuses to publish a campaign whose product sold out', async () => {
    await setStock(8000005, 5)
    const created = await api.post('/api/v1/campaigns', { ...laterContest(), product: product(8000005) })
    expect(created.status).toBe(201)
    await setStock(8000005, 0)
    const res = await api.post(`/api/v1/campaigns/${created.body.campaign.id}/publish`)
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('campaigns.productSoldOut')
  })
})
