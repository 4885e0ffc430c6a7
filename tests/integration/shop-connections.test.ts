import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminWithDemoPage,
  apiClient,
  createApiToken,
  DEMO_USERS,
  type Fanfare,
  joinTeam,
  startFanfare,
} from '../helpers/fanfare.js'
import {
  connectShop,
  DEMO_SHOPIFY_CLIENT_SECRET,
  type StartedShopSandbox,
  shopControl,
  shopifyConnection,
  shopifyVariant,
  startTestShop,
  wooConnection,
} from '../helpers/shop.js'
import { stored } from '../helpers/stored.js'

let shop: StartedShopSandbox
let fanfare: Fanfare
let api: ReturnType<typeof apiClient>
let shopifyId: string
let wooId: string

beforeAll(async () => {
  shop = await startTestShop()
  fanfare = await startFanfare({ SHOPIFY_ADMIN_URL: shop.url })
  const { browser } = await adminWithDemoPage(fanfare)
  api = apiClient(fanfare, await createApiToken(browser))
  shopifyId = await connectShop(api, shopifyConnection)
  wooId = await connectShop(api, wooConnection(shop))
})
afterAll(async () => {
  await fanfare?.close()
  await shop?.close()
})

describe('shop connections', () => {
  it('connects Shopify through the client-credentials grant and shows its health', async () => {
    const res = await api.get(`/api/v1/shop/connections/${shopifyId}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      platform: 'shopify',
      shopDomain: 'fanfare-demo.myshopify.com',
      lastError: null,
    })
    expect(res.body.lastSyncAt).not.toBeNull()
    expect(res.body.rateLimit).toMatchObject({
      platform: 'shopify',
      maximumAvailable: 2000,
      restoreRate: 100,
    })
    expect(res.body.webhookUrl).toBe(`http://fanfare.test/webhooks/shop/${shopifyId}`)
    const calls = shop.runtime.requests.filter((r) => r.platform === 'shopify')
    expect(
      calls.every((c) => c.path === `/admin/api/${fanfare.config.SHOPIFY_API_VERSION}/graphql.json`),
    ).toBe(true)
  })

  it('stores the credentials sealed, never in clear', async () => {
    const doc = await stored(fanfare.app)
      .shopConnections.findById(shopifyId)
      .select('+sealedCredentials')
      .lean()
    expect(doc?.sealedCredentials).toMatch(/^v1:/)
    expect(JSON.stringify(doc)).not.toContain(DEMO_SHOPIFY_CLIENT_SECRET)
    const listed = await api.get('/api/v1/shop/connections')
    expect(JSON.stringify(listed.body)).not.toContain(DEMO_SHOPIFY_CLIENT_SECRET)
  })

  it('refuses credentials the shop refuses, naming the field, and stores nothing', async () => {
    const before = await stored(fanfare.app).shopConnections.countDocuments()
    const res = await api.post('/api/v1/shop/connections', {
      ...shopifyConnection,
      shopDomain: 'other-shop.myshopify.com',
      clientSecret: 'wrong',
    })
    expect(res.status).toBe(400)
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'clientSecret' })])
    const woo = await api.post('/api/v1/shop/connections', {
      ...wooConnection(shop),
      consumerKey: 'ck_wrong',
    })
    expect(woo.status).toBe(400)
    expect(woo.body.error.details).toEqual([expect.objectContaining({ path: 'consumerKey' })])
    expect(await stored(fanfare.app).shopConnections.countDocuments()).toBe(before)
  })

  it('refuses a WooCommerce store over plain http on another host', async () => {
    const res = await api.post('/api/v1/shop/connections', {
      ...wooConnection(shop),
      baseUrl: 'http://shop.example.nl',
    })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body.error.details)).toContain('baseUrl')
  })

  it('lets only admins connect shops', async () => {
    const { browser } = await joinTeam(fanfare, api, DEMO_USERS.moderator.id, 'moderator')
    const moderator = apiClient(fanfare, await createApiToken(browser))
    const res = await moderator.post('/api/v1/shop/connections', wooConnection(shop))
    expect(res.status).toBe(403)
  })
})

describe('orders, read live', () => {
  it('pages through Shopify orders by cursor with their UTM attribution', async () => {
    const first = await api.get(`/api/v1/shop/connections/${shopifyId}/orders?first=4`)
    expect(first.status).toBe(200)
    expect(first.body.orders).toHaveLength(4)
    expect(first.body.next).toEqual(expect.any(String))
    const rest = await api.get(
      `/api/v1/shop/connections/${shopifyId}/orders?first=50&after=${encodeURIComponent(first.body.next)}`,
    )
    const all = [...first.body.orders, ...rest.body.orders]
    expect(all).toHaveLength(shop.runtime.state.orders.length)
    expect(rest.body.next).toBeNull()
    const attributed = all.filter((o) => o.attribution?.campaign === 'winteractie')
    expect(attributed.map((o) => o.number).sort()).toEqual(['1002', '1003', '1008'])
    expect(attributed[0].attribution).toMatchObject({ source: 'facebook', medium: 'social' })
  })

  it('pages through WooCommerce orders by page number with the order attribution meta', async () => {
    const first = await api.get(`/api/v1/shop/connections/${wooId}/orders?first=5`)
    expect(first.body.orders).toHaveLength(5)
    expect(first.body.next).toBe('2')
    const second = await api.get(`/api/v1/shop/connections/${wooId}/orders?first=5&after=2`)
    expect(second.body.next).toBeNull()
    const all = [...first.body.orders, ...second.body.orders]
    expect(all).toHaveLength(shop.runtime.state.orders.length)
    const kit = all.find((o) => o.attribution?.campaign === 'kerst-kit')
    expect(kit?.attribution).toMatchObject({ source: 'facebook', content: 'ambassador' })
  })

  it('answers only orders changed since the given time', async () => {
    const since = new Date().toISOString()
    const created = await shopControl(shop, 'POST', '/orders', {
      email: 'sanne@example.nl',
      lines: [{ variantId: 8000003, quantity: 1 }],
      utm: { source: 'facebook', medium: 'social', campaign: 'nieuw' },
    })
    for (const id of [shopifyId, wooId]) {
      const res = await api.get(
        `/api/v1/shop/connections/${id}/orders?updatedSince=${encodeURIComponent(since)}`,
      )
      expect(res.body.orders.map((o: { number: string }) => o.number)).toEqual([String(created.number)])
      expect(res.body.orders[0].attribution.campaign).toBe('nieuw')
    }
  })
})

describe('stock and rate limits', () => {
  it('reads a variant’s stock on both platforms', async () => {
    const shopify = await api.get(
      `/api/v1/shop/connections/${shopifyId}/stock?variantId=${encodeURIComponent(shopifyVariant(8000001))}`,
    )
    expect(shopify.body).toMatchObject({ title: 'Regenjas Storm - M', stock: 10 })
    const woo = await api.get(
      `/api/v1/shop/connections/${wooId}/stock?variantId=${encodeURIComponent('7000001/8000001')}`,
    )
    expect(woo.body).toMatchObject({ title: 'Regenjas Storm - M', stock: 10 })
  })

  it('reports Shopify’s THROTTLED answer as a rate limit and records it on the connection', async () => {
    await shopControl(shop, 'POST', '/throttle', { platform: 'shopify', next: 1, currentlyAvailable: 5 })
    const res = await api.get(`/api/v1/shop/connections/${shopifyId}/orders?first=2`)
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('shop.rate_limit')
    const health = await api.get(`/api/v1/shop/connections/${shopifyId}`)
    expect(health.body.lastError).toMatchObject({ kind: 'rate_limit' })
    expect(health.body.rateLimit.currentlyAvailable).toBeLessThan(100)
  })

  it('reports a host’s 429 in front of WooCommerce as a rate limit', async () => {
    await shopControl(shop, 'POST', '/throttle', { platform: 'woocommerce', next: 1 })
    const res = await api.get(`/api/v1/shop/connections/${wooId}/orders?first=2`)
    expect(res.status).toBe(503)
    const health = await api.get(`/api/v1/shop/connections/${wooId}`)
    expect(health.body.rateLimit).toMatchObject({
      platform: 'woocommerce',
      throttledUntil: expect.any(String),
    })
  })
})
