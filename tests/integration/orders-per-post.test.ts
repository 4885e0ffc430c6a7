// Orders per post: a fan follows a post's tracked link and orders in the sandbox shop (Shopify's
// customer journey carries the UTM); Fanfare reads the order and attributes it to the post.
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openContest } from '../helpers/campaigns.js'
import {
  adminWithDemoPage,
  apiClient,
  createApiToken,
  type Fanfare,
  startFanfare,
} from '../helpers/fanfare.js'
import {
  connectShop,
  type StartedShopSandbox,
  shopControl,
  shopifyConnection,
  startTestShop,
} from '../helpers/shop.js'
import { stored } from '../helpers/stored.js'

describe('orders per post, campaign, kind of post and week', () => {
  let shop: StartedShopSandbox
  let fanfare: Fanfare
  let api: ReturnType<typeof apiClient>
  let pageId: string
  let connectionId: string

  beforeAll(async () => {
    shop = await startTestShop()
    fanfare = await startFanfare({ SHOPIFY_ADMIN_URL: shop.url })
    const admin = await adminWithDemoPage(fanfare)
    pageId = admin.pageId
    api = apiClient(fanfare, await createApiToken(admin.browser))
    connectionId = await connectShop(api, shopifyConnection)
  })
  afterAll(async () => {
    await fanfare?.close()
    await shop?.close()
  })

  it('attributes a shop order carrying a post’s UTM to that post, its kind and its week', async () => {
    const draft = await api.post('/api/v1/posts', {
      pageId,
      message: 'Sjaals! https://demo-webshop.example/sjaal',
      label: 'new_product',
      action: 'draft',
    })
    const postId = draft.body.posts[0].id as string
    await stored(fanfare.app).posts.updateOne(
      { _id: postId },
      { $set: { status: 'scheduled', scheduledAt: new Date() } },
    )
    await fanfare.app.posts.publisher.publishDuePost(postId, { attempt: 1, maxAttempts: 1, worker: 'test' })
    const link = (await api.get('/api/v1/links?kind=post')).body.links.find(
      (l: { postId: string }) => l.postId === postId,
    )
    const utm = new URL(link.url).searchParams

    const state = await shopControl(shop, 'GET', '/state')
    const variantId = state.products[0].variants[0].id as number
    const customer = state.customers[0] as { email: string }
    const utmOf = (content: string | null) => ({
      source: utm.get('utm_source'),
      medium: utm.get('utm_medium'),
      campaign: utm.get('utm_campaign'),
      content,
    })
    await shopControl(shop, 'POST', '/orders', {
      email: customer.email,
      lines: [{ variantId, quantity: 2 }],
      utm: utmOf(utm.get('utm_content')),
    })
    // From Facebook, but not through Fanfare's link: revenue from Facebook, not this post's.
    await shopControl(shop, 'POST', '/orders', {
      email: customer.email,
      lines: [{ variantId, quantity: 1 }],
      utm: utmOf('banner'),
    })
    // Not from Facebook at all.
    await shopControl(shop, 'POST', '/orders', {
      email: customer.email,
      lines: [{ variantId, quantity: 1 }],
      utm: { source: 'google', medium: 'cpc', campaign: 'x' },
    })

    const synced = await fanfare.app.attribution.sync.syncConnection(
      connectionId,
      new Date(Date.now() - 3600_000),
    )
    expect(synced).toMatchObject({ read: 3, fromFacebook: 2 })
    // Reading again changes nothing.
    await fanfare.app.attribution.sync.syncConnection(connectionId, new Date(Date.now() - 3600_000))

    const price = Math.round(Number(state.products[0].variants[0].price) * 100)
    const perPost = await api.get('/api/v1/attribution/orders?by=post')
    expect(perPost.status).toBe(200)
    expect(perPost.body.rows).toEqual([{ key: postId, orders: 1, revenueCents: 2 * price }])
    const perKind = await api.get('/api/v1/attribution/orders?by=kind')
    expect(perKind.body.rows).toEqual([{ key: 'new_product', orders: 1, revenueCents: 2 * price }])
    const perWeek = await api.get('/api/v1/attribution/orders?by=week')
    expect(perWeek.body.rows).toHaveLength(1)
    expect(perWeek.body.rows[0].key).toMatch(/^\d{4}-W\d{2}$/)
    // Every order from Facebook counts for the shop's Facebook revenue, Fanfare's or not (a page's goal
    // counts only its own tracked orders: goals-per-page.test.ts).
    expect(await fanfare.app.attribution.sum({})).toEqual({ orders: 2, revenueCents: 3 * price })
  })

  it('tracks a campaign’s links and its page shared in a post; its orders count per campaign and on the goal', async () => {
    const local = (ms: number) =>
      DateTime.fromMillis(Date.now() + ms, { zone: 'Europe/Amsterdam' }).toFormat("yyyy-MM-dd'T'HH:mm")
    const created = await api.post('/api/v1/campaigns', {
      ...openContest(pageId, { closesAt: local(3 * 86_400_000) }),
      descriptionNl: 'Bekijk de jassen: https://demo-webshop.example/jassen',
    })
    expect(created.status).toBe(201)
    const campaign = created.body.campaign
    const published = await api.post(`/api/v1/campaigns/${campaign.id}/publish`)
    expect(published.body.live.description.nl).toMatch(/\/r\/\w{8}$/)

    // A post sharing the campaign's own page: the address becomes the campaign's tracked link.
    const draft = await api.post('/api/v1/posts', {
      pageId,
      message: `Doe mee: ${campaign.publicUrl}`,
      label: 'contest',
      action: 'draft',
    })
    const postId = draft.body.posts[0].id as string
    await stored(fanfare.app).posts.updateOne(
      { _id: postId },
      { $set: { status: 'scheduled', scheduledAt: new Date() } },
    )
    await fanfare.app.posts.publisher.publishDuePost(postId, { attempt: 1, maxAttempts: 1, worker: 'test' })
    const links = (await api.get('/api/v1/links?kind=campaign')).body.links.filter(
      (l: { campaignId: string }) => l.campaignId === campaign.id,
    )
    expect(links.map((l: { target: string }) => l.target).sort()).toEqual([
      campaign.publicUrl,
      'https://demo-webshop.example/jassen',
    ])
    // (Only the post's rewrite, as it goes to Facebook, makes a link to the campaign's own page.)

    // A revenue goal for the page, set before the fan orders.
    const goal = await api.post('/api/v1/goals', {
      pageId,
      kind: 'revenue',
      changePercent: 10,
      baseline: 1000,
      deadline: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10),
    })
    expect(goal.status).toBe(201)
    // A fan follows the shop link on the campaign page and orders.
    const shopLink = links.find((l: { target: string }) => l.target !== campaign.publicUrl)
    const utm = new URL(shopLink.url).searchParams
    expect(utm.get('utm_campaign')).toBe(campaign.slug)
    const state = await shopControl(shop, 'GET', '/state')
    const variantId = state.products[0].variants[0].id as number
    await shopControl(shop, 'POST', '/orders', {
      email: state.customers[0].email,
      lines: [{ variantId, quantity: 1 }],
      utm: {
        source: utm.get('utm_source'),
        medium: utm.get('utm_medium'),
        campaign: utm.get('utm_campaign'),
        content: utm.get('utm_content'),
      },
    })
    await fanfare.app.attribution.sync.syncConnection(connectionId, new Date(Date.now() - 3600_000))
    const price = Math.round(Number(state.products[0].variants[0].price) * 100)
    const perCampaign = await api.get('/api/v1/attribution/orders?by=campaign')
    expect(perCampaign.body.rows).toContainEqual({ key: campaign.id, orders: 1, revenueCents: price })

    const view = await api.get(`/api/v1/goals/${goal.body.id}`)
    expect(view.body.contributors).toContainEqual(
      expect.objectContaining({ kind: 'campaign', id: campaign.id, orders: 1, revenueCents: price }),
    )
  })

  it('names the field when the grouping is unknown', async () => {
    const res = await api.get('/api/v1/attribution/orders?by=colour')
    expect(res.status).toBe(400)
    expect(res.body.error.details[0].path).toBe('querystring.by')
  })
})
