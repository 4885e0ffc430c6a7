// In a real browser, on a desktop and a 390×844 phone: the admin's, marketer's and moderator's
// homes; the Inbox badge counting a new comment live; inbox search and a bulk action; the
// barometer's Chart.js chart with a day without comments. FANFARE_SCREENSHOTS=dir keeps screenshots.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEMO_FANS, DEMO_USERS } from '../../sandbox/seed.js'
// @ts-expect-error plain JavaScript module shared with the bootstrap script
import { freePort } from '../../scripts/services.mjs'
import { launchChromium } from '../helpers/browser.js'
import { openContest, publishedCampaign } from '../helpers/campaigns.js'
import { type FanfareWithWorker, startFanfareWithWorker, waitForComment } from '../helpers/comments.js'
import {
  type Browser as Agent,
  adminWithDemoPage,
  apiClient,
  control,
  createApiToken,
  DEMO_PAGE_ID,
  joinTeam,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

const SHOTS = process.env.FANFARE_SCREENSHOTS
const DESKTOP = { width: 1366, height: 768 }
const PHONE = { width: 390, height: 844 }

async function shot(page: Page, name: string) {
  if (!SHOTS) return
  mkdirSync(SHOTS, { recursive: true })
  // At most two screens tall, so the files stay small.
  const size = page.viewportSize() ?? DESKTOP
  const height = Math.min(
    Number(await page.evaluate('document.documentElement.scrollHeight')),
    size.height * 2,
  )
  await page.screenshot({
    path: join(SHOTS, `${name}.png`),
    fullPage: true,
    clip: { x: 0, y: 0, width: size.width, height },
  })
}

/** No part of the page is wider than the window (nothing to scroll sideways). */
async function fitsWidth(page: Page) {
  return Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) <= 0
}

describe('homes, inbox and barometer in the browser', () => {
  let fanfare: FanfareWithWorker
  let browser: Browser
  let baseUrl: string
  let admin: Agent
  let postId: string
  const contexts: BrowserContext[] = []

  async function signedIn(facebookUserId: string, viewport = DESKTOP, locale = 'nl-NL') {
    const context = await browser.newContext({ locale, viewport })
    contexts.push(context)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    page.on('response', (res) => {
      if (res.status() >= 400) errors.push(`${res.status()} ${new URL(res.url()).pathname}`)
    })
    await page.goto(`${baseUrl}/auth/login`)
    await page.locator(`input[name="user"][value="${facebookUserId}"]`).check()
    await page.locator('button.approve').click()
    await page.waitForURL(`${baseUrl}/`)
    return { page, errors }
  }

  async function fanComment(message: string, fan: { id: string } = DEMO_FANS[1]) {
    const made = await control(fanfare.sandbox, 'POST', '/comments', { on: postId, from: fan.id, message })
    await waitForComment(fanfare, made.id, (c) => c.contentVersion > 0 && c.sentiment !== null)
    return made as { id: string }
  }

  beforeAll(async () => {
    const port: number = await freePort()
    baseUrl = `http://127.0.0.1:${port}`
    fanfare = await startFanfareWithWorker({ PUBLIC_URL: baseUrl })
    await fanfare.app.listen({ host: '127.0.0.1', port })
    await control(fanfare.sandbox, 'PUT', '/webhook', {
      callbackUrl: `${baseUrl}/webhooks/facebook`,
      verifyToken: fanfare.config.WEBHOOK_VERIFY_TOKEN,
      verify: true,
    })
    let pageId: string
    ;({ browser: admin, pageId } = await adminWithDemoPage(fanfare))
    await vi.waitFor(
      async () => {
        const run = await stored(fanfare.app).commentImports.findOne({ facebookPageId: DEMO_PAGE_ID }).lean()
        if (run?.state !== 'done') throw new Error(`import ${run?.state}`)
      },
      { timeout: 20_000, interval: 100 },
    )
    const adminApi = apiClient(fanfare, await createApiToken(admin))
    await joinTeam(fanfare, adminApi, DEMO_USERS.marketer.id, 'marketer')
    await joinTeam(fanfare, adminApi, DEMO_USERS.moderator.id, 'moderator')
    const pageIds = ((await adminApi.get('/api/v1/pages')).body.pages as Array<{ id: string }>).map(
      (p) => p.id,
    )
    await adminApi.post('/api/v1/invites', { role: 'moderator', note: 'Lisa van de klantenservice', pageIds })
    // The marketer's plan: two posts this week and a contest that is open now.
    const at = (days: number) =>
      DateTime.now()
        .setZone('Europe/Amsterdam')
        .plus({ days })
        .set({ hour: 10, minute: 0 })
        .toFormat("yyyy-MM-dd'T'HH:mm")
    for (const [days, message] of [
      [1, 'Nieuw binnen: de regenjas Storm, nu met capuchon'],
      [3, 'Vacature: wij zoeken een collega voor de klantenservice'],
    ] as const) {
      const res = await adminApi.post('/api/v1/posts', {
        pageId,
        label: 'news',
        action: 'schedule',
        message,
        scheduledAt: at(days),
      })
      if (res.status !== 201) throw new Error(`post not scheduled: ${res.status} ${JSON.stringify(res.body)}`)
    }
    await publishedCampaign(admin, openContest(pageId))
    postId = (
      await control(fanfare.sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, { message: 'Regenjassen!' })
    ).id
    browser = await launchChromium()
  })
  afterAll(async () => {
    for (const c of contexts) await c.close()
    await browser?.close()
    await fanfare?.close()
  })

  it('shows the moderator what waits, and counts a new comment on the Inbox badge live', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, errors } = await signedIn(DEMO_USERS.moderator.id, viewport)
      const complaints = page.locator('#home-inbox .complaints-by-age li')
      expect(await complaints.count()).toBeGreaterThan(0)
      expect(await page.locator('#home-inbox').textContent()).toMatch(/binnengekomen .*geleden/)
      expect(await fitsWidth(page)).toBe(true)
      await shot(page, `home-moderator-${viewport.width}`)
      expect(errors).toEqual([])
    }

    const { page, errors } = await signedIn(DEMO_USERS.moderator.id)
    await page.goto(`${baseUrl}/comments`)
    await page.goto(`${baseUrl}/`)
    const badge = page.locator('.nav-badge[data-badge="inbox"]')
    await expect.poll(() => badge.getAttribute('data-live')).toBe('on')
    expect(await badge.isHidden()).toBe(true)
    await fanComment('Mijn bestelling is kapot aangekomen, heel teleurstellend')
    await expect.poll(() => badge.locator('.count').textContent(), { timeout: 10_000 }).toBe('1')
    expect(await badge.isVisible()).toBe(true)
    await fanComment('Waar blijft mijn pakket? Al een week niets')
    await expect.poll(() => badge.locator('.count').textContent(), { timeout: 10_000 }).toBe('2')
    expect(errors).toEqual([])
  })

  it('lets the moderator search the inbox and mark the found comments done at once, on a phone too', async () => {
    const a = await fanComment('De rits van de regenjas Storm is stuk', DEMO_FANS[2])
    const b = await fanComment('Ook mijn regenjas Storm lekt bij de rits', DEMO_FANS[3])
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, errors } = await signedIn(DEMO_USERS.moderator.id, viewport)
      await page.goto(`${baseUrl}/comments`)
      expect(await fitsWidth(page)).toBe(true)
      if (viewport === PHONE) {
        const row = await page.locator('table.inbox tbody tr').first().boundingBox()
        expect(row?.width ?? 999).toBeLessThanOrEqual(PHONE.width)
      }
      await shot(page, `inbox-${viewport.width}`)
      expect(errors).toEqual([])
    }
    const { page, errors } = await signedIn(DEMO_USERS.moderator.id)
    await page.goto(`${baseUrl}/comments`)
    await page.locator('#f-q').fill('rits')
    await page.getByRole('button', { name: 'Filteren' }).click()
    await page.waitForURL(/q=rits/)
    const rows = page.locator('table.inbox tbody tr.comment')
    expect(await rows.count()).toBe(2)
    for (const id of [a.id, b.id]) await page.locator(`#pick-${id}`).check()
    await page.locator('#bulk-action').selectOption('done')
    await page.getByRole('button', { name: 'Uitvoeren' }).click()
    await page.waitForURL(`${baseUrl}/comments/bulk`)
    expect(await page.locator('#bulk-summary').textContent()).toContain('2 reacties afgehandeld.')
    expect(await page.locator('table.bulk-results tr.ok').count()).toBe(2)
    const open = await stored(fanfare.app).comments.countDocuments({
      facebookCommentId: { $in: [a.id, b.id] },
      status: 'open',
    })
    expect(open).toBe(0)
    expect(errors).toEqual([])
  })

  it('draws the barometer with Chart.js, a day without comments as a zero, and the words apart', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, errors } = await signedIn(DEMO_USERS.moderator.id, viewport)
      await page.goto(`${baseUrl}/barometer`)
      const chart = page.locator('#day-chart')
      await expect.poll(() => chart.getAttribute('data-drawn')).toBe('14')
      // The last 14 days: the demo comments are of the last few days, so some days have none.
      expect(await page.locator('#balance table.days tbody tr.quiet').count()).toBeGreaterThan(0)
      expect(await page.locator('#drivers-negative').textContent()).toContain('kapot')
      expect(await page.locator('#drivers-positive').textContent()).not.toContain('kapot')
      await shot(page, `barometer-${viewport.width}`)
      expect(await fitsWidth(page)).toBe(true)
      expect(errors).toEqual([])
    }
  })

  it('shows the marketer the next posts and the running contest', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, errors } = await signedIn(DEMO_USERS.marketer.id, viewport)
      const posts = page.locator('#home-posts li')
      expect(await posts.count()).toBe(2)
      expect(await posts.first().textContent()).toContain('regenjas Storm')
      expect(await posts.first().textContent()).toMatch(/over 1 dag|morgen|over \d+ uur/)
      expect(await page.locator('#home-campaigns').textContent()).toContain('Win een zomerjas')
      expect(await page.locator('#home-campaigns').textContent()).toContain('0 deelnames')
      expect(await page.locator('#home-inbox').count()).toBe(0)
      expect(await fitsWidth(page)).toBe(true)
      await shot(page, `home-marketer-${viewport.width}`)
      // The campaign's results: entries per day as a Chart.js chart, today included with no entries yet.
      await page.locator('#home-campaigns a', { hasText: 'Win een zomerjas' }).click()
      await expect.poll(() => page.locator('#entries-chart').getAttribute('data-drawn')).toBe('1')
      expect(errors).toEqual([])
    }
  })

  it('shows the admin a page that needs reconnecting, the team and the open invite', async () => {
    await stored(fanfare.app).pages.updateOne(
      { facebookPageId: DEMO_PAGE_ID },
      { $set: { tokenStatus: 'needs_reconnect', tokenProblemAt: new Date(Date.now() - 2 * 3600_000) } },
    )
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, errors } = await signedIn(DEMO_USERS.admin.id, viewport)
      expect(await page.locator('#home-reconnect').textContent()).toContain(
        '1 pagina moet opnieuw gekoppeld worden',
      )
      expect(await page.locator('#home-reconnect').textContent()).toContain('2 uur geleden')
      const team = await page.locator('#home-team').textContent()
      expect(team).toContain('3 teamleden')
      expect(team).toContain('Mark de Marketer')
      expect(await page.locator('#home-invites').textContent()).toContain('Lisa van de klantenservice')
      expect(await page.locator('#home-invites').textContent()).toMatch(/verloopt over \d+ dagen/)
      expect(await fitsWidth(page)).toBe(true)
      await shot(page, `home-admin-${viewport.width}`)
      // The audit log reads as sentences with the changed fields, and fits the window.
      await page.goto(`${baseUrl}/audit`)
      expect(await page.locator('table.audit').textContent()).toContain(
        'Anne de Admin maakte een uitnodiging',
      )
      expect(await page.locator('table.audit').textContent()).not.toContain('team.invite')
      expect(await fitsWidth(page)).toBe(true)
      await shot(page, `audit-${viewport.width}`)
      // The team page, with a role form and page boxes per member, fits the window too.
      await page.goto(`${baseUrl}/team`)
      expect(await page.locator('table.team').textContent()).toContain('Mark de Marketer')
      expect(await fitsWidth(page)).toBe(true)
      await shot(page, `team-${viewport.width}`)
      expect(errors).toEqual([])
    }
  })
})
