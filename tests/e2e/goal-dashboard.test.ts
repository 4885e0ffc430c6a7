// In a real browser: a marketer (here the admin) sets a +10 % revenue goal, a post goes out with a
// tracked link, a fan's browser follows it to the sandbox shop and orders there, and the goal
// dashboard shows the click, the order and the progress, with its chart drawn by Chart.js.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_USERS } from '../../sandbox/seed.js'
import { type ListeningFanfare, launchChromium, startListeningFanfare } from '../helpers/browser.js'
import { type StartedShopSandbox, shopControl, shopifyConnection, startTestShop } from '../helpers/shop.js'
import { stored } from '../helpers/stored.js'

describe('the goals dashboard in a browser', () => {
  let shop: StartedShopSandbox
  let fanfare: ListeningFanfare
  let browser: Browser

  beforeAll(async () => {
    shop = await startTestShop()
    fanfare = await startListeningFanfare({ SHOPIFY_ADMIN_URL: shop.url })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await fanfare?.close()
    await shop?.close()
  })

  it('shows the click, the order and the progress of a +10 % revenue goal', async () => {
    const { baseUrl, app } = fanfare
    const admin = await browser.newPage({ locale: 'en-GB', viewport: { width: 1366, height: 768 } })
    await admin.goto(`${baseUrl}/auth/login`)
    await admin.locator(`input[name="user"][value="${DEMO_USERS.admin.id}"]`).check()
    await admin.locator('button.approve').click()
    await admin.waitForURL(`${baseUrl}/pages`)
    await admin.getByRole('link', { name: 'Connect pages' }).click()
    await admin.getByRole('button', { name: 'Connect selected pages' }).click()

    // The goal, set in the form: +10 % revenue from Facebook, last year's figure entered by hand.
    await admin.getByRole('link', { name: 'Goals' }).click()
    await admin.getByLabel('What to measure').selectOption('revenue')
    await admin.getByLabel('Name').fill('10 procent meer verkoop')
    await admin.getByLabel('Change (%)').fill('10')
    await admin.getByLabel('Baseline (only when Fanfare has no data)').fill('1000')
    await admin.getByRole('button', { name: 'Set goal' }).click()
    await expect.poll(() => admin.locator('.flash').first().textContent()).toContain('Goal set.')
    const goalUrl = admin.url()
    await expect.poll(() => admin.locator('#goal-target').textContent()).toBe('€1,100.00')

    // A post with a shop link goes out; its link is Fanfare's short link.
    const page = await stored(app).pages.findOne({}).lean()
    const user = await stored(app).users.findOne({}).lean()
    const actor = { userId: String(user?._id), name: String(user?.name), via: 'browser' as const }
    const author = { actor, userId: user?._id as never, name: actor.name, role: 'admin' as const }
    await app.shop.connections.connect(actor, shopifyConnection)
    const post = await app.posts.compose.create(author, {
      pageId: String(page?._id),
      message: `Sjaals! ${shop.url}/products/sjaal`,
      label: 'promotion',
      action: 'draft',
    } as never)
    const postId = (post as unknown as { posts: Array<{ id: string }> }).posts[0]?.id as string
    await stored(app).posts.updateOne(
      { _id: postId },
      { $set: { status: 'scheduled', scheduledAt: new Date() } },
    )
    await app.posts.publisher.publishDuePost(postId, { attempt: 1, maxAttempts: 1, worker: 'e2e' })
    const saved = await stored(app).posts.findById(postId).lean()
    expect(saved?.status).toBe('published')
    const onFacebook = (await fetch(
      `${fanfare.sandbox.url}/__sandbox/pages/${page?.facebookPageId}/posts`,
    ).then((r) => r.json())) as {
      data: Array<{ message: string }>
    }
    const shortLink = /http:\/\/127\.0\.0\.1:\d+\/r\/[A-Za-z0-9]{8}/.exec(
      onFacebook.data.at(-1)?.message ?? '',
    )?.[0]
    expect(shortLink).toBeTruthy()

    // A fan clicks it on their phone and lands in the shop with Fanfare's UTM.
    // A phone's own browser (headless Chromium's user agent says "HeadlessChrome", which is a bot).
    const fan = await browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      userAgent:
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    })
    await fan.goto(shortLink as string)
    const landing = new URL(fan.url())
    expect(landing.origin).toBe(shop.url)
    expect(landing.searchParams.get('utm_source')).toBe('facebook')
    const state = await shopControl(shop, 'GET', '/state')
    await shopControl(shop, 'POST', '/orders', {
      email: state.customers[0].email,
      lines: [{ variantId: state.products[0].variants[0].id, quantity: 2 }],
      utm: {
        source: landing.searchParams.get('utm_source'),
        medium: landing.searchParams.get('utm_medium'),
        campaign: landing.searchParams.get('utm_campaign'),
        content: landing.searchParams.get('utm_content'),
      },
      landingPage: landing.pathname + landing.search,
    })
    await app.attribution.sync.syncAll()

    await admin.goto(goalUrl)
    const price = Number(state.products[0].variants[0].price)
    await expect.poll(() => admin.locator('#goal-tracked').textContent()).toContain('1 clicks, 1 orders')
    await expect.poll(() => admin.locator('#goal-actual').textContent()).toBe(`€${(2 * price).toFixed(2)}`)
    const progress = Math.round(((2 * price * 100) / 110_000) * 100)
    await expect
      .poll(() => admin.locator('#goal-progress-text').textContent())
      .toContain(`${progress} % done`)
    await expect
      .poll(() => admin.locator('#goal-contributors tbody tr').first().textContent())
      .toContain('Sjaals!')
    // Chart.js drew on the canvas (served from node_modules under the strict CSP).
    await expect
      .poll(() =>
        admin
          .locator('#goal-chart')
          .evaluate((c) => (c as unknown as { width: number }).width > 0 && 'Chart' in globalThis),
      )
      .toBe(true)
    // The admin's (and marketers') home shows the goal's progress too.
    await admin.goto(baseUrl)
    await expect.poll(() => admin.locator('#home-goals').textContent()).toContain('10 procent meer verkoop')
    expect(await admin.locator('#home-goals').textContent()).toContain(`(${progress} %)`)
    if (process.env.FANFARE_SCREENSHOTS) {
      await admin.screenshot({ path: `${process.env.FANFARE_SCREENSHOTS}/goal-desktop.png`, fullPage: true })
      await admin.setViewportSize({ width: 390, height: 844 })
      await admin.screenshot({ path: `${process.env.FANFARE_SCREENSHOTS}/goal-phone.png`, fullPage: true })
    }
  })
})
