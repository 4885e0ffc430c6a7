import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_FANS } from '../../sandbox/seed.js'
import { type FanfareWithWorker, startFanfareWithWorker, waitForComment } from '../helpers/comments.js'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  control,
  createApiToken,
  csrfFrom,
  DEMO_PAGE_ID,
} from '../helpers/fanfare.js'
import { connectShop, type StartedShopSandbox, shopifyConnection, startTestShop } from '../helpers/shop.js'
import { stored } from '../helpers/stored.js'

let shop: StartedShopSandbox
let fanfare: FanfareWithWorker
let browser: Browser
let connectionId: string
let postId: string

async function complaint(fan: { id: string }, message: string): Promise<string> {
  const made = await control(fanfare.sandbox, 'POST', '/comments', { on: postId, from: fan.id, message })
  await waitForComment(fanfare, made.id)
  return made.id
}

beforeAll(async () => {
  shop = await startTestShop()
  fanfare = await startFanfareWithWorker({ SHOPIFY_ADMIN_URL: shop.url })
  await fanfare.app.listen({ host: '127.0.0.1', port: 0 })
  const address = fanfare.app.server.address() as { port: number }
  await control(fanfare.sandbox, 'PUT', '/webhook', {
    callbackUrl: `http://127.0.0.1:${address.port}/webhooks/facebook`,
    verifyToken: fanfare.config.WEBHOOK_VERIFY_TOKEN,
    verify: true,
  })
  ;({ browser } = await adminWithDemoPage(fanfare))
  connectionId = await connectShop(apiClient(fanfare, await createApiToken(browser)), shopifyConnection)
  postId = (
    await control(fanfare.sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, { message: 'Nieuwe jassen!' })
  ).id
})
afterAll(async () => {
  await fanfare?.close()
  await shop?.close()
})

describe('orders beside the comment', () => {
  it('suggests the customer whose name matches, links them, shows their orders and tags the complaint', async () => {
    const sanne = DEMO_FANS[0]
    const id = await complaint(
      sanne,
      'Mijn bestelling is nog steeds niet binnen, dit is echt een teleurstelling',
    )
    const thread = await browser.get(`/comments/${id}`)
    expect(thread.text).toContain('Same name in the shop:')
    expect(thread.text).toContain('sanne@example.nl')
    const csrf = await csrfFrom(browser, `/comments/${id}`)
    const customerId = /name="customerId" value="([^"]+)"/.exec(thread.text)?.[1] as string
    const linked = await browser
      .post(`/comments/${id}/shop/link`)
      .type('form')
      .send({ _csrf: csrf, connectionId, customerId })
    expect(linked.status).toBe(303)
    const withOrders = await browser.get(`/comments/${id}`)
    expect(withOrders.text).toContain('#1002')
    expect(withOrders.text).toMatch(/data-order="1002"[\s\S]*?paid[\s\S]*?not shipped/)
    const link = await stored(fanfare.app).customerLinks.findOne({ facebookUserId: sanne.psid }).lean()
    expect(link).toMatchObject({ customerId: 'gid://shopify/Customer/6000001', facebookPageId: DEMO_PAGE_ID })
    expect(Object.keys(link ?? {})).not.toContain('email')

    const orderId = 'gid://shopify/Order/5000002'
    const tagged = await browser
      .post(`/comments/${id}/shop/tag`)
      .type('form')
      .send({ _csrf: csrf, connectionId, orderId })
    expect(tagged.status).toBe(303)
    const after = await browser.get(`/comments/${id}`)
    expect(after.text).toMatch(/This complaint is about order\s*<strong>#1002<\/strong>/)
    const audit = await stored(fanfare.app)
      .audit.find({ action: { $in: ['shop.customerLink', 'shop.orderTag'] } })
      .lean()
    expect(audit.map((a) => a.action).sort()).toEqual(['shop.customerLink', 'shop.orderTag'])
  })

  it('suggests nobody when the name matches two customers, and finds them by order number', async () => {
    const bram = DEMO_FANS[3]
    const id = await complaint(bram, 'Kapot geleverd!')
    const thread = await browser.get(`/comments/${id}`)
    expect(thread.text).not.toContain('Same name in the shop:')
    const found = await browser.get(`/comments/${id}?connectionId=${connectionId}&q=%231006`)
    expect(found.text).toContain('bram@example.nl')
    const byMail = await browser.get(`/comments/${id}?connectionId=${connectionId}&q=b.visser%40example.com`)
    expect(byMail.text).toContain('b.visser@example.com')
    expect(byMail.text).not.toContain('bram@example.nl')
  })

  it('refuses to tag an order of another customer than the linked one', async () => {
    const daan = DEMO_FANS[1]
    const id = await complaint(daan, 'Waar blijft mijn pakket?')
    const csrf = await csrfFrom(browser, `/comments/${id}`)
    await browser
      .post(`/comments/${id}/shop/link`)
      .type('form')
      .send({ _csrf: csrf, connectionId, customerId: 'gid://shopify/Customer/6000002' })
    const refused = await browser
      .post(`/comments/${id}/shop/tag`)
      .type('form')
      .send({ _csrf: csrf, connectionId, orderId: 'gid://shopify/Order/5000001' })
    expect(refused.text).toContain('belongs to another customer')
    expect(await stored(fanfare.app).orderTags.countDocuments({ facebookCommentId: id })).toBe(0)
  })
})
