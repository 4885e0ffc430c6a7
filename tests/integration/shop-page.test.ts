// The admins' shop page: connections with their health, connect and reconnect forms on the one form
// pattern (secrets never shown again), remove behind a confirmation, and the sandbox demo store that
// `npm start` connects, checked on every start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '../../src/modules/audit/service.js'
import { connectSandboxDemo } from '../../src/modules/shop/sandbox-demo.js'
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
import {
  connectShop,
  DEMO_SHOPIFY_CLIENT_SECRET,
  type StartedShopSandbox,
  shopControl,
  shopifyConnection,
  startTestShop,
  WOO_WEBHOOK_SECRET,
  wooConnection,
} from '../helpers/shop.js'
import { stored } from '../helpers/stored.js'

let shop: StartedShopSandbox
let fanfare: Fanfare
let admin: Browser
let api: ReturnType<typeof apiClient>
let shopifyId: string

const wooForm = () => ({ ...wooConnection(shop), name: 'Woo via the form' })

beforeAll(async () => {
  shop = await startTestShop()
  fanfare = await startFanfare({ SHOPIFY_ADMIN_URL: shop.url })
  admin = (await adminWithDemoPage(fanfare)).browser
  api = apiClient(fanfare, await createApiToken(admin))
  shopifyId = await connectShop(api, shopifyConnection)
})
afterAll(async () => {
  await fanfare?.close()
  await shop?.close()
})

describe('the shop page', () => {
  it('lists the connection as working with Shopify’s cost bucket, and the admin’s menu leads there', async () => {
    const page = await admin.get('/shop')
    expect(page.status).toBe(200)
    expect(page.text).toContain('href="/shop"')
    const row = /<tr data-connection="([a-f0-9]+)">[\s\S]*?<\/tr>/.exec(page.text)?.[0] ?? ''
    expect(row).toContain('Demo Webshop (Shopify)')
    expect(row).toMatch(/class="badge health-ok good">working</)
    expect(row).toMatch(/\d[\d,]* of 2,000 cost points free, refilling 100 per second/)
    expect(row).toContain(`/webhooks/shop/${shopifyId}`)
    expect(page.text).not.toContain(DEMO_SHOPIFY_CLIENT_SECRET)
  })

  it('shows a host’s throttling and the last error of a failing WooCommerce connection', async () => {
    const wooId = await connectShop(api, { ...wooConnection(shop), name: 'Woo throttled' })
    await shopControl(shop, 'POST', '/throttle', { platform: 'woocommerce', next: 1 })
    await api.get(`/api/v1/shop/connections/${wooId}/orders`)
    const page = await admin.get('/shop')
    const row = new RegExp(`<tr data-connection="${wooId}">[\\s\\S]*?</tr>`).exec(page.text)?.[0] ?? ''
    expect(row).toContain('class="badge health-throttled">throttled<')
    expect(row).toContain('The host throttles Fanfare until')
    await admin
      .post(`/shop/${wooId}/remove`)
      .type('form')
      .send({ _csrf: await csrfFrom(admin, '/shop'), confirm: 'yes' })
  })

  it('refuses a connect form the shop refuses: inline, in Dutch, name kept and no secret shown again', async () => {
    const csrf = await csrfFrom(admin, '/shop/connect/shopify')
    const res = await admin
      .post('/shop/connect')
      .set('accept-language', 'nl')
      .type('form')
      .send({
        ...shopifyConnection,
        _csrf: csrf,
        name: 'Tweede winkel',
        shopDomain: 'tweede-winkel.myshopify.com',
        clientSecret: 'wrong-secret-value',
        accessToken: 'shpat_never_shown',
      })
    expect(res.status).toBe(400)
    expect(res.text).toContain('id="error-summary"')
    expect(res.text).toMatch(/<a href="#f-clientSecret">Client secret<\/a>: De winkel weigerde deze gegevens/)
    expect(res.text).toMatch(/id="f-clientSecret"[^>]*aria-invalid="true"/)
    expect(res.text).toContain('value="Tweede winkel"')
    expect(res.text).not.toContain('wrong-secret-value')
    expect(res.text).not.toContain('shpat_never_shown')
    const invalid = await admin
      .post('/shop/connect')
      .set('accept-language', 'nl')
      .type('form')
      .send({ ...wooForm(), _csrf: csrf, consumerKey: 'nokey', baseUrl: 'http://shop.example.nl' })
    expect(invalid.status).toBe(400)
    expect(invalid.text).toContain('Vul een consumer key in die met ck_ begint.')
    expect(invalid.text).toContain('Gebruik een https://-adres')
    expect(invalid.text).not.toContain(WOO_WEBHOOK_SECRET)
    expect(invalid.text).toContain('value="http://shop.example.nl"')
  })

  it('connects WooCommerce through the form and audits it', async () => {
    const csrf = await csrfFrom(admin, '/shop/connect/woocommerce')
    const res = await admin
      .post('/shop/connect')
      .type('form')
      .send({ ...wooForm(), _csrf: csrf })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/shop')
    const page = await admin.get('/shop')
    expect(page.text).toContain('Woo via the form is connected.')
    expect(page.text).toContain('Woo via the form')
    const audit = await stored(fanfare.app).audit.findOne({
      action: 'shop.connect',
      'target.label': 'Woo via the form',
    })
    expect(audit).not.toBeNull()
  })

  it('reconnects with new credentials for the same shop only', async () => {
    const form = await admin.get(`/shop/${shopifyId}/reconnect`)
    expect(form.text).toContain('value="fanfare-demo.myshopify.com"')
    expect(form.text).not.toContain(DEMO_SHOPIFY_CLIENT_SECRET)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1]
    const other = await admin
      .post(`/shop/${shopifyId}/reconnect`)
      .type('form')
      .send({ ...shopifyConnection, _csrf: csrf, shopDomain: 'unknown-shop.myshopify.com' })
    expect(other.status).toBe(400)
    expect(other.text).toMatch(/id="f-shopDomain-error"|id="f-clientSecret-error"/)
    const good = await admin
      .post(`/shop/${shopifyId}/reconnect`)
      .type('form')
      .send({ ...shopifyConnection, _csrf: csrf, name: 'Demo Webshop (renamed)' })
    expect(good.status).toBe(303)
    const listed = await api.get(`/api/v1/shop/connections/${shopifyId}`)
    expect(listed.body).toMatchObject({ name: 'Demo Webshop (renamed)', lastError: null })
    const viaApi = await api.put(`/api/v1/shop/connections/${shopifyId}/credentials`, {
      ...shopifyConnection,
      clientSecret: 'not-the-secret',
    })
    expect(viaApi.status).toBe(400)
    expect(viaApi.body.error.details).toEqual([expect.objectContaining({ path: 'clientSecret' })])
    expect(await stored(fanfare.app).audit.countDocuments({ action: 'shop.reconnect' })).toBe(1)
  })

  it('keeps the shop page for admins: a moderator is refused and has no menu entry', async () => {
    const { browser } = await joinTeam(fanfare, api, DEMO_USERS.moderator.id, 'moderator')
    expect((await browser.get('/shop')).status).toBe(403)
    expect((await browser.get('/')).text).not.toContain('href="/shop"')
  })

  it('asks before removing a connection, then removes it', async () => {
    const csrf = await csrfFrom(admin, '/shop')
    const unconfirmed = await admin.post(`/shop/${shopifyId}/remove`).type('form').send({ _csrf: csrf })
    expect(unconfirmed.status).toBe(303)
    expect(unconfirmed.headers.location).toBe(`/shop/${shopifyId}/remove/confirm`)
    const confirm = await admin.get(`/shop/${shopifyId}/remove/confirm`)
    expect(confirm.text).toContain('Remove this shop connection?')
    const done = await admin
      .post(`/shop/${shopifyId}/remove`)
      .type('form')
      .send({ _csrf: csrf, confirm: 'yes' })
    expect(done.status).toBe(303)
    expect((await api.get(`/api/v1/shop/connections/${shopifyId}`)).status).toBe(404)
  })
})

describe('the sandbox demo store of npm start', () => {
  it('connects once, checks its health again on the next start, and stays removed once removed', async () => {
    const own = await startFanfare({ SHOPIFY_ADMIN_URL: shop.url })
    try {
      const opts = { sandboxUrl: shop.url, publicUrl: own.config.publicUrl }
      const first = await connectSandboxDemo(own.app.shop.connections, opts)
      expect(first).toMatchObject({ created: true })
      const id = first.connectionId as string
      // The previous run ended with an error; this start's check clears it.
      await stored(own.app).shopConnections.updateOne(
        { _id: id },
        { $set: { lastError: { at: new Date(), kind: 'transient', message: 'connect ECONNREFUSED' } } },
      )
      const again = await connectSandboxDemo(own.app.shop.connections, opts)
      expect(again).toEqual({ connectionId: id, created: false, healthy: true })
      const listed = (await own.app.shop.connections.list()).find((c) => c.id === id)
      expect(listed?.lastError.kind).toBeNull()
      // One subscription per topic, made once: the second start finds them.
      const state = await shopControl(shop, 'GET', '/state')
      const url = `${own.config.publicUrl}/webhooks/shop/${id}`
      const topics = state.subscriptions
        .filter((s: { url: string }) => s.url === url)
        .map((s: { topic: string }) => s.topic)
      expect(topics.sort()).toEqual([
        'inventory_levels/update',
        'orders/create',
        'orders/updated',
        'products/update',
      ])
      await own.app.shop.connections.disconnect(SYSTEM_ACTOR, id)
      const afterRemoval = await connectSandboxDemo(own.app.shop.connections, opts)
      expect(afterRemoval).toMatchObject({ connectionId: null, removed: true })
    } finally {
      await own.close()
    }
  })
})
