import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type FanfareWithWorker, startFanfareWithWorker } from '../helpers/comments.js'
import { adminWithDemoPage, apiClient, createApiToken } from '../helpers/fanfare.js'
import {
  connectShop,
  type StartedShopSandbox,
  shopControl,
  shopifyConnection,
  shopifyVariant,
  startTestShop,
  WOO_WEBHOOK_SECRET,
  wooConnection,
} from '../helpers/shop.js'
import { stored } from '../helpers/stored.js'

let shop: StartedShopSandbox
let fanfare: FanfareWithWorker
let api: ReturnType<typeof apiClient>
let pageId: string
let shopifyId: string
let wooId: string
let base: string

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()
const product = (variant: number) => `${shopifyId}:${shopifyVariant(variant)}`
const promo = (message: string, extra: Record<string, unknown> = {}) =>
  api.post('/api/v1/posts', {
    pageId,
    message,
    label: 'promotion',
    action: 'schedule',
    scheduledAt: inDays(2),
    ...extra,
  })

beforeAll(async () => {
  shop = await startTestShop()
  fanfare = await startFanfareWithWorker({ SHOPIFY_ADMIN_URL: shop.url })
  await fanfare.app.listen({ host: '127.0.0.1', port: 0 })
  base = `http://127.0.0.1:${(fanfare.app.server.address() as { port: number }).port}`
  const { browser, pageId: id } = await adminWithDemoPage(fanfare)
  pageId = id
  api = apiClient(fanfare, await createApiToken(browser))
  await api.patch(`/api/v1/pages/${pageId}`, {
    timeZone: 'Europe/Amsterdam',
    maxPostsPerDay: 50,
    maxPromoPostsPerWeek: 50,
    minNonPromoSharePercent: 0,
    minGapMinutes: 0,
  })
  shopifyId = await connectShop(api, shopifyConnection)
  wooId = await connectShop(api, wooConnection(shop))
  await shopControl(shop, 'POST', '/subscriptions', {
    platform: 'shopify',
    url: `${base}/webhooks/shop/${shopifyId}`,
  })
  await shopControl(shop, 'POST', '/subscriptions', {
    platform: 'woocommerce',
    url: `${base}/webhooks/shop/${wooId}`,
    secret: WOO_WEBHOOK_SECRET,
  })
})
afterAll(async () => {
  await fanfare?.close()
  await shop?.close()
})

describe('honest scarcity', () => {
  it('refuses "nog maar 3" while the shop has 10, naming the claim and the stock, and allows it at 3', async () => {
    const refused = await promo('Nog maar 3 regenjassen Storm in M!', { product: product(8000001) })
    expect(refused.status).toBe(422)
    expect(refused.body.error).toMatchObject({
      code: 'shop.scarcityClaim',
      params: { claim: 'Nog maar 3', stock: 10 },
    })
    expect(refused.body.error.details[0].message).toContain('10')
    await shopControl(shop, 'POST', '/stock', { variantId: 8000001, stock: 3 })
    const allowed = await promo('Nog maar 3 regenjassen Storm in M!', { product: product(8000001) })
    expect(allowed.status).toBe(201)
    expect(allowed.body.posts[0].product).toBe(product(8000001))
  })

  it('refuses a count claim without a linked product and "laatste kans" without an end date', async () => {
    const noProduct = await promo('Only 2 left!')
    expect(noProduct.status).toBe(422)
    expect(noProduct.body.error.details[0].message).toMatch(/link the product/)
    const noEnd = await promo('Laatste kans: 20% korting')
    expect(noEnd.status).toBe(422)
    expect(noEnd.body.error.details[0].path).toBe('offerEndsAt')
    const withEnd = await promo('Laatste kans: 20% korting', { offerEndsAt: inDays(3) })
    expect(withEnd.status).toBe(201)
  })

  it('holds a scheduled promo when a signed sell-out webhook arrives, and tells the marketer why', async () => {
    const saved = await promo('Wollen sjaals, nog {voorraad} op voorraad', { product: product(8000003) })
    expect(saved.status).toBe(201)
    const postId = saved.body.posts[0].id
    await shopControl(shop, 'POST', '/stock', { variantId: 8000003, stock: 0 })
    const post = await vi.waitFor(
      async () => {
        const p = await stored(fanfare.app).posts.findById(postId).lean()
        if (p?.status !== 'held') throw new Error(`still ${p?.status}`)
        return p
      },
      { timeout: 15_000, interval: 100 },
    )
    expect(post.failure).toMatchObject({ kind: 'sold_out' })
    const deliveries = await stored(fanfare.app)
      .shopDeliveries.find({ appliedAt: { $ne: null } })
      .lean()
    expect(deliveries.length).toBeGreaterThan(0)
    const shown = await api.get(`/api/v1/posts/${postId}`)
    expect(shown.body.failure.message).toContain('Wollen sjaal')
  })
})

describe('shop webhooks', () => {
  it('refuses a forged Shopify webhook with 401 and stores nothing', async () => {
    const before = await stored(fanfare.app).shopDeliveries.countDocuments()
    const body = JSON.stringify({ id: 1 })
    const res = await fetch(`${base}/webhooks/shop/${shopifyId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': 'orders/create',
        'x-shopify-hmac-sha256': Buffer.from('forged').toString('base64'),
        'x-shopify-shop-domain': 'fanfare-demo.myshopify.com',
        'x-shopify-api-version': '2026-07',
        'x-shopify-webhook-id': 'forged-1',
      },
      body,
    })
    expect(res.status).toBe(401)
    expect(await stored(fanfare.app).shopDeliveries.countDocuments()).toBe(before)
  })

  it('refuses a forged WooCommerce webhook and a webhook for an unknown connection', async () => {
    const headers = {
      'content-type': 'application/json',
      'x-wc-webhook-topic': 'order.created',
      'x-wc-webhook-signature': 'AAAA',
      'x-wc-webhook-delivery-id': 'forged-2',
    }
    const forged = await fetch(`${base}/webhooks/shop/${wooId}`, {
      method: 'POST',
      headers,
      body: '{"id":1}',
    })
    expect(forged.status).toBe(401)
    const unknown = await fetch(`${base}/webhooks/shop/${'0'.repeat(24)}`, {
      method: 'POST',
      headers,
      body: '{"id":1}',
    })
    expect(unknown.status).toBe(401)
  })

  it('answered WooCommerce’s webhook_id ping and stores a redelivered webhook once', async () => {
    const log = await shopControl(shop, 'POST', '/deliveries/settle')
    const ping = log.find((d: { topic: string }) => d.topic === 'ping')
    expect(ping.status).toBe(200)
    const order = log.find(
      (d: { platform: string; topic: string }) => d.platform === 'shopify' && d.topic === 'orders/create',
    )
    if (order) {
      const again = await fetch(order.url, { method: 'POST', headers: order.headers, body: order.body })
      expect(await again.json()).toEqual({ result: 'duplicate' })
    } else {
      await shopControl(shop, 'POST', '/orders', {
        email: 'daan@example.nl',
        lines: [{ variantId: 8000006, quantity: 1 }],
      })
      const settled = await shopControl(shop, 'POST', '/deliveries/settle')
      const created = settled.find(
        (d: { platform: string; topic: string }) => d.platform === 'shopify' && d.topic === 'orders/create',
      )
      expect(created.status).toBe(200)
      const again = await fetch(created.url, { method: 'POST', headers: created.headers, body: created.body })
      expect(await again.json()).toEqual({ result: 'duplicate' })
    }
  })
})
