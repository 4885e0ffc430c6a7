// In a real browser, on a phone (390×844) and on a desktop (1366×768): an English fan reads the
// English rules and switches to Dutch on the same page; the marketer is asked in a dialog before
// closing and before the draw; the fan sees their own result and the verification page checks the
// draw in the browser — correct for the real draw, not correct when one entry of the list is altered.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_FANS, DEMO_USERS } from '../../sandbox/seed.js'
import { type ListeningFanfare, launchChromium, startListeningFanfare } from '../helpers/browser.js'
import { fanLogin, openContest, publishedCampaign } from '../helpers/campaigns.js'
import { csrfFrom, loginThroughDialog } from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true }
const DESKTOP = { viewport: { width: 1366, height: 768 } }
const SHOTS = process.env.FANFARE_SCREENSHOTS // a folder: where the screenshots go (docs/screenshots)

/** Every console error and every failed or 404 response of a page, to assert there were none. */
function watch(page: Page) {
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`)
  })
  page.on('pageerror', (e) => problems.push(`script: ${e.message}`))
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`)
  })
  return problems
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false })
}

describe('fan pages and the draw in the browser', () => {
  let fanfare: ListeningFanfare
  let app: FastifyInstance
  let browser: Browser
  let baseUrl: string
  let campaign: { id: string; slug: string }
  let marketer: ReturnType<typeof supertest.agent>

  beforeAll(async () => {
    fanfare = await startListeningFanfare()
    ;({ app, baseUrl } = fanfare)
    browser = await launchChromium()
    marketer = supertest.agent(app.server).set('accept-language', 'en')
    await loginThroughDialog(marketer, DEMO_USERS.admin.id)
    const csrf = await csrfFrom(marketer, '/pages/connect')
    await marketer
      .post('/pages/connect')
      .type('form')
      .send({ _csrf: csrf, facebookPageIds: '100000000000001' })
    const page = await stored(app).pages.findOne().lean()
    campaign = await publishedCampaign(
      marketer,
      openContest(String(page?._id), {
        minAge: '',
        winnerCount: 2,
        descriptionEn: 'Win one of our summer coats.',
        rulesEn:
          'Organiser: Demo Webshop. Take part by logging in and pressing Take part. Winners are drawn and told by message. Complaints: klantenservice@demo-webshop.example.',
        prizesEn: 'Three summer coats',
      }),
    )
    // Three fans enter (over HTTP); the fourth enters in the browser below.
    for (const fan of DEMO_FANS.slice(1, 4)) {
      const agent = supertest.agent(app.server).set('accept-language', 'en')
      await fanLogin(agent, campaign.slug, fan.id)
      const token = await csrfFrom(agent, `/c/${campaign.slug}`)
      await agent.post(`/c/${campaign.slug}/enter`).type('form').send({ _csrf: token, country: 'NL' })
    }
  })
  afterAll(async () => {
    await browser?.close()
    await fanfare?.close()
  })

  for (const [size, options] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`shows an English fan the English rules and switches to Dutch on the same page (${size})`, async () => {
      const context = await browser.newContext({ ...options, locale: 'en-GB' })
      const fan = await context.newPage()
      const problems = watch(fan)
      await fan.goto(`${baseUrl}/c/${campaign.slug}`)
      expect(await fan.locator('html').getAttribute('lang')).toBe('en')
      expect(await fan.locator('#rules + .rules').textContent()).toContain('Organiser: Demo Webshop.')
      expect(await fan.locator('main').textContent()).toContain('Three summer coats')
      expect(await fan.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true')
      const overflow = Number(await fan.evaluate('document.documentElement.scrollWidth - window.innerWidth'))
      expect(overflow).toBeLessThanOrEqual(0)
      await shot(fan, `fan-campaign-en-${size}`)

      await fan.getByRole('button', { name: 'Nederlands' }).click()
      await fan.waitForURL(`${baseUrl}/c/${campaign.slug}`)
      await expect.poll(() => fan.locator('html').getAttribute('lang')).toBe('nl')
      expect(await fan.locator('#rules + .rules').textContent()).toContain('Organisator: Demo Webshop.')
      expect(await fan.locator('h2#rules').textContent()).toBe('Spelregels')
      // Remembered: a new visit in this browser stays Dutch although the browser asks for English.
      await fan.goto(`${baseUrl}/c/${campaign.slug}/verify`)
      expect(await fan.locator('html').getAttribute('lang')).toBe('nl')
      expect(problems).toEqual([])
      await context.close()
    })
  }

  it('asks the marketer in a dialog before closing and before the draw; the fan checks the draw in the page', async () => {
    // The fourth fan enters on a phone.
    const fanContext: BrowserContext = await browser.newContext({ ...PHONE, locale: 'en-GB' })
    const fan = await fanContext.newPage()
    const fanProblems = watch(fan)
    await fan.goto(`${baseUrl}/c/${campaign.slug}`)
    await fan.getByRole('link', { name: 'Log in with Facebook' }).click()
    await fan.locator(`input[name="user"][value="${DEMO_FANS[0].id}"]`).check()
    await fan.locator('button.approve').click()
    await fan.waitForURL(`${baseUrl}/c/${campaign.slug}`)
    await fan.getByLabel('Country where I live').selectOption('NL')
    await fan.getByRole('button', { name: 'Take part' }).click()
    await expect.poll(() => fan.locator('#my-result').textContent()).toContain('not drawn yet')
    const mine = (await fan.locator('.take-part code').textContent()) as string

    // The marketer, on a desktop.
    const desk = await browser.newContext({ ...DESKTOP, locale: 'en-GB' })
    const marketerPage = await desk.newPage()
    const deskProblems = watch(marketerPage)
    await marketerPage.goto(`${baseUrl}/auth/login`)
    await marketerPage.locator(`input[name="user"][value="${DEMO_USERS.admin.id}"]`).check()
    await marketerPage.locator('button.approve').click()
    await marketerPage.waitForURL(/\/pages$|\/$/)
    await marketerPage.goto(`${baseUrl}/campaigns/${campaign.id}`)

    const dialog = marketerPage.locator('dialog.confirm-dialog')
    await marketerPage.getByRole('button', { name: 'Close now' }).click()
    await expect.poll(() => dialog.isVisible()).toBe(true)
    expect(await dialog.locator('h2').textContent()).toBe('Close this campaign now?')
    // The safe choice has the focus; Escape closes without doing anything.
    expect(await marketerPage.evaluate('document.activeElement?.className')).toContain(
      'confirm-dialog-cancel',
    )
    await marketerPage.keyboard.press('Escape')
    await expect.poll(() => dialog.isVisible()).toBe(false)
    expect(await marketerPage.evaluate('document.activeElement?.textContent')).toBe('Close now')
    expect((await stored(app).campaigns.findById(campaign.id).lean())?.closesAt.getTime()).toBeGreaterThan(
      Date.now(),
    )

    await marketerPage.getByRole('button', { name: 'Close now' }).click()
    await dialog.getByRole('button', { name: 'Close now' }).click()
    await expect.poll(() => marketerPage.locator('main').textContent()).toContain('The campaign is closed.')

    await marketerPage.getByRole('button', { name: 'Draw the winners' }).click()
    await expect.poll(() => dialog.isVisible()).toBe(true)
    expect(await dialog.locator('h2').textContent()).toBe('Draw the winners now?')
    expect(await dialog.textContent()).toContain('This cannot be undone.')
    await shot(marketerPage, 'confirm-draw-dialog-desktop')
    expect((await stored(app).campaigns.findById(campaign.id).lean())?.phase).toBe('published')
    await dialog.getByRole('button', { name: 'Draw the winners' }).click()
    await expect
      .poll(() => marketerPage.locator('main').textContent())
      .toContain('The winners are drawn and the seed is revealed.')
    expect((await stored(app).campaigns.findById(campaign.id).lean())?.phase).toBe('drawn')

    // The fan's own page says whether they won.
    const { winners } = (await stored(app).campaigns.findById(campaign.id).lean()) as { winners: string[] }
    await fan.goto(`${baseUrl}/c/${campaign.slug}`)
    await expect
      .poll(() => fan.locator('#my-result').textContent())
      .toContain(winners.includes(mine) ? 'You won!' : 'you did not win this time')
    await shot(fan, 'fan-result-phone')

    // The verification page checks the real draw in the browser.
    await fan.getByRole('link', { name: 'Check the draw' }).first().click()
    await expect.poll(() => fan.locator('#browser-check').getAttribute('data-verdict')).toBe('ok')
    expect(await fan.locator('#verdict-ok').textContent()).toBe('This draw is correct.')
    expect(await fan.locator('#verdict-mine').textContent()).toContain(mine)
    expect(await fan.locator('#verdict-wrong').isVisible()).toBe(false)
    await shot(fan, 'verify-correct-phone')
    // The shell recipe stays, folded, and wraps on a phone instead of being cut off.
    const recipe = fan.locator('details.experts')
    expect(await recipe.getAttribute('open')).toBeNull()
    await recipe.locator('summary').click()
    await recipe.locator('pre').scrollIntoViewIfNeeded()
    await shot(fan, 'verify-recipe-phone')
    const overflow = Number(await fan.evaluate('document.documentElement.scrollWidth - window.innerWidth'))
    expect(overflow).toBeLessThanOrEqual(0)
    const pre = await recipe.locator('pre').evaluate((el) => el.scrollWidth - el.clientWidth)
    expect(pre).toBeLessThanOrEqual(0)
    await recipe.locator('summary').click()

    // The same page with one entry of the published list altered: the browser says not correct.
    const tampered = await fanContext.newPage()
    await tampered.route('**/entries.csv', async (route) => {
      const original = await route.fetch()
      // Another last character (a ref that already ends in "A" would otherwise stay the same).
      const ref = winners[0] as string
      const altered = `${ref.slice(0, -1)}${ref.endsWith('A') ? 'B' : 'A'}`
      const csv = (await original.text()).replace(`${ref},`, `${altered},`)
      await route.fulfill({ response: original, body: csv })
    })
    await tampered.goto(`${baseUrl}/c/${campaign.slug}/verify`)
    await expect.poll(() => tampered.locator('#browser-check').getAttribute('data-verdict')).toBe('wrong')
    expect(await tampered.locator('#verdict-wrong').textContent()).toBe('This draw is not correct.')
    expect(await tampered.locator('#problem-winners').isVisible()).toBe(true)
    expect(await tampered.locator('#verdict-ok').isVisible()).toBe(false)
    await shot(tampered, 'verify-tampered-phone')

    expect(fanProblems).toEqual([])
    expect(deskProblems).toEqual([])
    await fanContext.close()
    await desk.close()
  })

  it('shows the queue dashboard without blocked fonts, script errors or missing files', async () => {
    const context = await browser.newContext({ ...DESKTOP, locale: 'en-GB' })
    const admin = await context.newPage()
    const problems = watch(admin)
    await admin.goto(`${baseUrl}/auth/login`)
    await admin.locator(`input[name="user"][value="${DEMO_USERS.admin.id}"]`).check()
    await admin.locator('button.approve').click()
    await admin.waitForURL(/\/pages$|\/$/)
    await admin.goto(`${baseUrl}/admin/queues`)
    await expect.poll(() => admin.locator('#root').textContent()).toContain('posts')
    await expect.poll(() => admin.evaluate(`document.fonts.check('16px "IBM Plex Sans"')`)).toBe(true)
    expect(problems).toEqual([])
    await context.close()
  })
})
