// In a real browser, on a desktop and on a phone: a marketer plans a promo with its product, the
// product sells out and the promo is held; the home lists it with the reason, the post's page says
// why and refuses a release while the stock does not back the claim, and releases it after a restock.
// The shop page and the editor's product fields fit the screen too. Screenshots land in
// $SCREENSHOT_DIR when it is set.
import { DateTime } from 'luxon'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_USERS } from '../../sandbox/seed.js'
import { SYSTEM_ACTOR } from '../../src/modules/audit/service.js'
import { productRefOf } from '../../src/modules/shop/stock.js'
import {
  expectFits,
  type ListeningFanfare,
  launchChromium,
  SCREENS,
  shoot,
  startListeningFanfare,
} from '../helpers/browser.js'
import {
  type StartedShopSandbox,
  shopControl,
  shopifyConnection,
  shopifyVariant,
  startTestShop,
} from '../helpers/shop.js'
import { stored } from '../helpers/stored.js'

describe('a promo held for its stock, in the browser', () => {
  let shop: StartedShopSandbox
  let fanfare: ListeningFanfare
  let browser: Browser
  let connectionId: string

  beforeAll(async () => {
    shop = await startTestShop()
    fanfare = await startListeningFanfare({ SHOPIFY_ADMIN_URL: shop.url })
    connectionId = (await fanfare.app.shop.connections.connect(SYSTEM_ACTOR, shopifyConnection)).id
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await fanfare?.close()
    await shop?.close()
  })

  for (const [n, screen] of SCREENS.entries()) {
    it(`is listed on the home, explained on its page and released after a restock (${screen.name})`, async () => {
      // Thermosbeker 500 ml (desktop) and Regenjas Storm L (phone): one product per run.
      const variant = [8000004, 8000002][n] as number
      const start = [3, 4][n] as number
      await shopControl(shop, 'POST', '/stock', { variantId: variant, stock: start })
      const context = await browser.newContext({ locale: 'nl-NL', viewport: screen.viewport })
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (err) => errors.push(err.message))
      const base = fanfare.baseUrl
      await page.goto(`${base}/auth/login`)
      await page.locator(`input[name="user"][value="${DEMO_USERS.admin.id}"]`).check()
      await page.locator('button.approve').click()
      await page.waitForURL((url) => !url.pathname.startsWith('/auth/'))
      // The first run (whichever it is) connects the demo page.
      if ((await stored(fanfare.app).pages.countDocuments()) === 0) {
        await page.goto(`${base}/pages/connect`)
        await page.locator('form[action="/pages/connect"] button[type="submit"]').click()
        await page.waitForURL(`${base}/pages`)
        const pageDoc = await stored(fanfare.app).pages.findOne({}).lean()
        await stored(fanfare.app).pages.updateOne(
          { _id: pageDoc?._id },
          {
            $set: {
              maxPromoPostsPerWeek: 50,
              minNonPromoSharePercent: 0,
              minGapMinutes: 0,
              maxPostsPerDay: 50,
            },
          },
        )
      }

      await page.goto(`${base}/shop`)
      await expectFits(page, screen.viewport.width)
      await shoot(page, `shop-${screen.name}`)

      // The editor's product fields: the product with its stock, the offer's end.
      await page.goto(`${base}/posts/new`)
      const message = `Nog maar ${start} op voorraad, op = op! (${screen.name})`
      await page.locator('#f-message').fill(message)
      await page.locator('#f-label').selectOption('promotion')
      const ref = `${connectionId}:${shopifyVariant(variant)}`
      await page.locator('#f-product').selectOption(ref)
      const when = DateTime.now().setZone('Europe/Amsterdam').plus({ days: 2 }).set({ hour: 11, minute: 0 })
      await page.locator('#f-scheduledAt').fill(when.toFormat("yyyy-MM-dd'T'HH:mm"))
      await expectFits(page, screen.viewport.width)
      await shoot(page.locator('#c-product'), `editor-product-${screen.name}`)
      await page.getByRole('button', { name: 'Opslaan' }).click()
      await page.waitForURL(/\/posts\/[a-f0-9]{24}$/)
      const postId = new URL(page.url()).pathname.split('/').pop() as string

      // It sells out: reading the stock (as the webhook's worker does) holds the promo.
      await shopControl(shop, 'POST', '/stock', { variantId: variant, stock: 0 })
      await fanfare.app.shop.stock.of(productRefOf(ref))
      await expect
        .poll(async () => (await stored(fanfare.app).posts.findById(postId).lean())?.status)
        .toBe('held')

      await page.goto(`${base}/`)
      const section = page.locator('#home-held')
      expect(await section.textContent()).toContain('uitverkocht raakte')
      await expectFits(page, screen.viewport.width)
      await shoot(page, `home-held-${screen.name}`)
      await section.getByRole('link', { name: message }).click()
      await page.waitForURL(`${base}/posts/${postId}`)
      expect(await page.locator('#post-hold').textContent()).toContain('Nu op voorraad: 0')

      // Restocked, but more than the claim says: refused, the reason beside the button.
      await shopControl(shop, 'POST', '/stock', { variantId: variant, stock: 10 })
      await page.getByRole('button', { name: 'Vrijgeven' }).click()
      const error = page.locator('#f-release-error')
      expect(await error.textContent()).toContain('nog 10 op voorraad')
      await expectFits(page, screen.viewport.width)
      await shoot(page, `post-held-${screen.name}`)

      await shopControl(shop, 'POST', '/stock', { variantId: variant, stock: start })
      await page.goto(`${base}/posts/${postId}`)
      await page.getByRole('button', { name: 'Vrijgeven' }).click()
      await page.waitForURL(`${base}/posts/${postId}`)
      expect(await page.locator('#post-status').textContent()).toContain('ingepland')
      expect(errors).toEqual([])
      await context.close()
    })
  }
})
