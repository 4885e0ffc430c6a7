// In a real browser, on a desktop and on a phone: the campaign builder's product picker searches
// the sandbox shop, offers its variants with their stock, and the live check names a scarcity claim
// the chosen product's stock does not support.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_USERS } from '../../sandbox/seed.js'
import { SYSTEM_ACTOR } from '../../src/modules/audit/service.js'
import {
  expectFits,
  type ListeningFanfare,
  launchChromium,
  SCREENS,
  shoot,
  startListeningFanfare,
} from '../helpers/browser.js'
import { type StartedShopSandbox, shopControl, shopifyConnection, startTestShop } from '../helpers/shop.js'

describe('the campaign builder’s product picker', () => {
  let shop: StartedShopSandbox
  let fanfare: ListeningFanfare
  let browser: Browser

  beforeAll(async () => {
    shop = await startTestShop()
    fanfare = await startListeningFanfare({ SHOPIFY_ADMIN_URL: shop.url })
    await fanfare.app.shop.connections.connect(SYSTEM_ACTOR, shopifyConnection)
    await shopControl(shop, 'POST', '/stock', { variantId: 8000001, stock: 10 })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await fanfare?.close()
    await shop?.close()
  })

  for (const screen of SCREENS) {
    it(`finds a product, shows its stock and checks a claim against it (${screen.name})`, async () => {
      const context = await browser.newContext({ locale: 'nl-NL', viewport: screen.viewport })
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (err) => errors.push(err.message))
      const base = fanfare.baseUrl
      await page.goto(`${base}/auth/login`)
      await page.locator(`input[name="user"][value="${DEMO_USERS.admin.id}"]`).check()
      await page.locator('button.approve').click()
      await page.waitForURL((url) => !url.pathname.startsWith('/auth/'))
      if (screen.name === 'desktop') {
        await page.goto(`${base}/pages/connect`)
        await page.locator('form[action="/pages/connect"] button[type="submit"]').click()
        await page.waitForURL(`${base}/pages`)
      }
      await page.goto(`${base}/campaigns/new?kind=contest`)
      await page.getByLabel('Zoek op naam of SKU').fill('Storm')
      await page.getByRole('button', { name: 'Zoeken' }).click()
      const choice = page.getByLabel(/Regenjas Storm - M/)
      await expect.poll(() => choice.count()).toBeGreaterThan(0)
      expect(await page.locator('[data-product-choices]').textContent()).toContain('10 op voorraad')
      await choice.first().check()
      await page.getByLabel('Beschrijving (Nederlands)').fill('Nog maar 3 regenjassen te winnen!')
      const finding = page.locator('#live-findings')
      await expect
        .poll(async () => (await finding.textContent()) ?? '', { timeout: 10_000 })
        .toContain('10 op voorraad')
      expect(await finding.textContent()).toContain('Nog maar 3')
      await shoot(page.locator('#f-product'), `campaign-product-picker-${screen.name}`)
      await expectFits(page, screen.viewport.width)
      expect(errors).toEqual([])
      await context.close()
    })
  }
})
