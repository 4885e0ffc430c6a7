// In a real browser: an admin invites a marketer for the shop's page; the marketer sets a +10 %
// revenue goal and schedules a post with a shop link in the compose form; the worker publishes it
// with a tracked link; a fan's phone follows it to the sandbox shop, where the fan orders; and the
// goal dashboard shows the click, the order and the progress, with its chart drawn by Chart.js.
import { DateTime } from 'luxon'
import pino from 'pino'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningWorker, startWorker } from '../../jobs/start-worker.js'
import { DEMO_USERS } from '../../sandbox/seed.js'
import { SYSTEM_ACTOR } from '../../src/modules/audit/service.js'
import { type ListeningFanfare, launchChromium, startListeningFanfare } from '../helpers/browser.js'
import { type StartedShopSandbox, shopControl, shopifyConnection, startTestShop } from '../helpers/shop.js'
import { stored } from '../helpers/stored.js'

describe('the goals dashboard in a browser', () => {
  let shop: StartedShopSandbox
  let fanfare: ListeningFanfare
  let worker: RunningWorker
  let browser: Browser

  beforeAll(async () => {
    shop = await startTestShop()
    fanfare = await startListeningFanfare({ SHOPIFY_ADMIN_URL: shop.url })
    worker = await startWorker(fanfare.config, pino({ level: 'silent' }))
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await worker?.close()
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
    // The shop is connected (set-up; the shop module's own tests cover its form).
    await app.shop.connections.connect(SYSTEM_ACTOR, shopifyConnection)

    // The admin invites a marketer for the shop's page, which the invite form ticks (the only page).
    await admin.goto(`${baseUrl}/team`)
    await admin.locator('#invite-role').selectOption('marketer')
    expect(
      await admin.locator('#f-pageIds').getByRole('checkbox', { name: 'Demo Webshop' }).isChecked(),
    ).toBe(true)
    await admin.getByRole('button', { name: 'Create invite link' }).click()
    const inviteUrl = await admin.locator('#invite-url').inputValue()
    const marketer = await (
      await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 768 } })
    ).newPage()
    await marketer.goto(inviteUrl)
    await marketer.getByRole('link', { name: 'Log in with Facebook' }).last().click()
    await marketer.locator(`input[name="user"][value="${DEMO_USERS.marketer.id}"]`).check()
    await marketer.locator('button.approve').click()
    await marketer.waitForURL(`${baseUrl}/`)

    // The marketer sets the goal in the form: +10 % revenue from Facebook, last year's figure by hand.
    await marketer.getByRole('link', { name: 'Goals' }).click()
    await marketer.getByLabel('What to measure').selectOption('revenue')
    await marketer.getByLabel('Name').fill('10 procent meer verkoop')
    await marketer.getByLabel('Change (%)').fill('10')
    await marketer.getByLabel('Baseline (only when Fanfare has no data)').fill('1000')
    await marketer.getByRole('button', { name: 'Set goal' }).click()
    await expect.poll(() => marketer.locator('.flash').first().textContent()).toContain('Goal set.')
    const goalUrl = marketer.url()
    await expect.poll(() => marketer.locator('#goal-target').textContent()).toBe('€1,100.00')

    // The marketer schedules a post with a shop link a few seconds ahead; the worker publishes it
    // and the link goes out as Fanfare's short link.
    await marketer.getByRole('link', { name: 'Posts' }).click()
    await marketer.getByRole('link', { name: 'New post' }).click()
    await marketer.getByLabel('Text').fill(`Sjaals! ${shop.url}/products/sjaal`)
    const at = DateTime.now()
      .setZone('Europe/Amsterdam')
      .plus({ seconds: 8 })
      .toFormat("yyyy-MM-dd'T'HH:mm:ss")
    await marketer.locator('#f-scheduledAt').evaluate((input) => input.setAttribute('step', '1'))
    await marketer.locator('#f-scheduledAt').fill(at)
    await marketer.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => marketer.locator('.flash').first().textContent()).toContain('Post scheduled.')
    await expect
      .poll(
        async () => {
          await marketer.reload()
          return marketer.locator('#post-status').textContent()
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe('published')
    const page = await stored(app).pages.findOne({}).lean()
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

    // The click is stored a moment after the redirect (batched): the dashboard shows it once it is.
    const price = Number(state.products[0].variants[0].price)
    await expect
      .poll(
        async () => {
          await marketer.goto(goalUrl)
          return marketer.locator('#goal-tracked').textContent()
        },
        { timeout: 10_000 },
      )
      .toContain('1 clicks, 1 orders')
    await expect.poll(() => marketer.locator('#goal-actual').textContent()).toBe(`€${(2 * price).toFixed(2)}`)
    const progress = Math.round(((2 * price * 100) / 110_000) * 100)
    await expect
      .poll(() => marketer.locator('#goal-progress-text').textContent())
      .toContain(`${progress} % done`)
    await expect
      .poll(() => marketer.locator('#goal-contributors tbody tr').first().textContent())
      .toContain('Sjaals!')
    // Chart.js drew on the canvas (served from node_modules under the strict CSP).
    await expect
      .poll(() =>
        marketer
          .locator('#goal-chart')
          .evaluate((c) => (c as unknown as { width: number }).width > 0 && 'Chart' in globalThis),
      )
      .toBe(true)
    // The marketer's (and admins') home shows the goal's progress too.
    await marketer.goto(baseUrl)
    await expect
      .poll(() => marketer.locator('#home-goals').textContent())
      .toContain('10 procent meer verkoop')
    expect(await marketer.locator('#home-goals').textContent()).toContain(`(${progress} %)`)
    if (process.env.FANFARE_SCREENSHOTS) {
      await marketer.goto(goalUrl)
      await marketer.screenshot({
        path: `${process.env.FANFARE_SCREENSHOTS}/goal-desktop.png`,
        fullPage: true,
      })
      await marketer.setViewportSize({ width: 390, height: 844 })
      await marketer.screenshot({ path: `${process.env.FANFARE_SCREENSHOTS}/goal-phone.png`, fullPage: true })
    }
  })
})
