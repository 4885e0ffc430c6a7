// In a real browser: a moderator opens a complaint, links the commenter to the shop customer Fanfare
// suggests (same name in the sandbox shop), sees their orders with status and shipping, and tags the
// complaint to the order it is about; then, on a phone, erases the commenter's shop data through the
// confirmation dialog. Screenshots on desktop and phone go to the test's temp folder.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_FANS, DEMO_USERS } from '../../sandbox/seed.js'
// @ts-expect-error plain JavaScript module shared with the bootstrap script
import { freePort } from '../../scripts/services.mjs'
import { launchChromium } from '../helpers/browser.js'
import { type FanfareWithWorker, startFanfareWithWorker, waitForComment } from '../helpers/comments.js'
import { adminWithDemoPage, apiClient, control, createApiToken, DEMO_PAGE_ID } from '../helpers/fanfare.js'
import { connectShop, type StartedShopSandbox, shopifyConnection, startTestShop } from '../helpers/shop.js'
import { stored } from '../helpers/stored.js'

describe('orders beside the comment, in the browser', () => {
  let shop: StartedShopSandbox
  let fanfare: FanfareWithWorker
  let browser: Browser
  let baseUrl: string
  let commentId: string
  const shots = process.env.FANFARE_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'fanfare-shop-shots-'))

  beforeAll(async () => {
    shop = await startTestShop()
    const port: number = await freePort()
    baseUrl = `http://127.0.0.1:${port}`
    fanfare = await startFanfareWithWorker({ PUBLIC_URL: baseUrl, SHOPIFY_ADMIN_URL: shop.url })
    await fanfare.app.listen({ host: '127.0.0.1', port })
    await control(fanfare.sandbox, 'PUT', '/webhook', {
      callbackUrl: `${baseUrl}/webhooks/facebook`,
      verifyToken: fanfare.config.WEBHOOK_VERIFY_TOKEN,
      verify: true,
    })
    const { browser: admin } = await adminWithDemoPage(fanfare)
    await connectShop(apiClient(fanfare, await createApiToken(admin)), shopifyConnection)
    await stored(fanfare.app).users.create({
      facebookUserId: DEMO_USERS.moderator.id,
      name: DEMO_USERS.moderator.name,
      role: 'moderator',
    })
    const post = await control(fanfare.sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, {
      message: 'Nieuwe jassen!',
    })
    const made = await control(fanfare.sandbox, 'POST', '/comments', {
      on: post.id,
      from: DEMO_FANS[0].id,
      message: 'Mijn jas is nog steeds niet verzonden, echt een teleurstelling',
    })
    await waitForComment(fanfare, made.id)
    commentId = made.id
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await fanfare?.close()
    await shop?.close()
  })

  it('links the complaint to the demo order and shows its status', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 768 } })
    const mo = await context.newPage()
    await mo.goto(`${baseUrl}/auth/login`)
    await mo.locator(`input[name="user"][value="${DEMO_USERS.moderator.id}"]`).check()
    await mo.locator('button.approve').click()
    await mo.waitForURL(`${baseUrl}/`)
    await mo.goto(`${baseUrl}/comments/${commentId}`)
    await expect
      .poll(() => mo.locator('#shop').textContent())
      .toContain('Same name in the shop: Sanne de Vries')
    await mo.locator('#shop-link-suggestion').click()
    await mo.waitForURL(/#shop$/)
    const order = mo.locator('tr[data-order="1002"]')
    await expect.poll(() => order.textContent()).toMatch(/paid[\s\S]*not shipped/)
    await order.getByRole('button', { name: 'This order' }).click()
    await mo.waitForURL(/#shop$/)
    await expect.poll(() => mo.locator('#shop-tag').textContent()).toMatch(/#1002 — paid, not shipped/)
    await mo.screenshot({ path: join(shots, 'thread-shop-desktop.png'), fullPage: true })
    await mo.locator('#shop').screenshot({ path: join(shots, 'shop-panel-desktop.png') })
    await mo.setViewportSize({ width: 390, height: 844 })
    await mo.screenshot({ path: join(shots, 'thread-shop-phone.png'), fullPage: true })
    const tag = await stored(fanfare.app).orderTags.findOne({ facebookCommentId: commentId }).lean()
    expect(tag?.orderId).toBe('gid://shopify/Order/5000002')
    await context.close()
  })

  it('erases the commenter’s shop data on a phone, after the confirmation dialog', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 390, height: 844 } })
    const mo = await context.newPage()
    await mo.goto(`${baseUrl}/auth/login`)
    await mo.locator(`input[name="user"][value="${DEMO_USERS.moderator.id}"]`).check()
    await mo.locator('button.approve').click()
    await mo.waitForURL(`${baseUrl}/`)
    await mo.goto(`${baseUrl}/comments/${commentId}`)
    const erase = mo.locator('#shop-erase-button')
    await erase.scrollIntoViewIfNeeded()
    await expect.poll(() => erase.isVisible()).toBe(true)
    const box = await erase.boundingBox()
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true)
    expect(
      Number(await mo.evaluate('document.documentElement.scrollWidth - window.innerWidth')),
    ).toBeLessThanOrEqual(0)
    await mo.locator('#shop').screenshot({ path: join(shots, 'shop-panel-phone.png') })
    await erase.click()
    const dialog = mo.locator('dialog.confirm-dialog')
    await expect.poll(() => dialog.textContent()).toContain('The comments themselves stay')
    await dialog.screenshot({ path: join(shots, 'erase-dialog-phone.png') })
    await dialog.getByRole('button', { name: 'Erase the data' }).click()
    await mo.waitForURL(/#shop$/)
    await expect
      .poll(() => mo.locator('body').textContent())
      .toContain(
        'The commenter’s data is erased — customer links: 1, order tags: 1, contest entries: 0 (pseudonymised).',
      )
    await expect.poll(() => mo.locator('#shop-erase-nothing').isVisible()).toBe(true)
    const s = stored(fanfare.app)
    expect(await s.customerLinks.countDocuments({ facebookUserId: DEMO_FANS[0].psid })).toBe(0)
    expect(await s.orderTags.countDocuments({ facebookCommentId: commentId })).toBe(0)
    expect(await s.comments.countDocuments({ facebookCommentId: commentId })).toBe(1)
    await mo.setViewportSize({ width: 1366, height: 768 })
    await mo.locator('#shop').screenshot({ path: join(shots, 'shop-panel-desktop-erased.png') })
    await context.close()
  })
})
