// In a real browser: an admin invites an employee as ambassador for the shop's page (the invite
// form's page checkboxes, refused inline without one) and a marketer; the marketer makes a kit; the
// ambassador opens it on a phone (390×844), copies the text, follows "Share on Facebook" through the
// sandbox's Share Dialog to their own /r/ link, and the marketer then sees that person's click on
// the kit's figures; the marketer archives the kit and restores it from the list.
// FANFARE_SCREENSHOTS=dir keeps screenshots of both sizes.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_FANS, DEMO_USERS } from '../../sandbox/seed.js'
import { type ListeningFanfare, launchChromium, startListeningFanfare } from '../helpers/browser.js'

const SHOTS = process.env.FANFARE_SCREENSHOTS
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1366, height: 768 }
// A phone's own browser: headless Chromium's user agent says "HeadlessChrome", which counts as a bot.
const PHONE_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'

describe('an ambassador shares a kit from their phone', () => {
  let fanfare: ListeningFanfare
  let browser: Browser
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    fanfare = await startListeningFanfare()
    browser = await launchChromium()
  })
  afterAll(async () => {
    for (const c of contexts) await c.close()
    await browser?.close()
    await fanfare?.close()
  })

  async function person(options: Parameters<Browser['newContext']>[0]): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB', ...options })
    contexts.push(context)
    return context.newPage()
  }
  async function logIn(page: Page, facebookUserId: string) {
    await page.goto(`${fanfare.baseUrl}/auth/login`)
    await page.locator(`input[name="user"][value="${facebookUserId}"]`).check()
    await page.locator('button.approve').click()
  }
  /** An invite for the shop's page: the only page, so the form has it ticked already. */
  async function invite(admin: Page, role: string): Promise<string> {
    await admin.goto(`${fanfare.baseUrl}/team`)
    await admin.locator('#invite-role').selectOption(role)
    expect(await shopPage(admin).isChecked()).toBe(true)
    await admin.getByRole('button', { name: 'Create invite link' }).click()
    return admin.locator('#invite-url').inputValue()
  }
  const shopPage = (admin: Page) =>
    admin.locator('#f-pageIds').getByRole('checkbox', { name: 'Demo Webshop' })
  const shoot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
  }

  it('copies the text, shares through the Share Dialog with their own link, and the marketer sees the click', async () => {
    const { baseUrl } = fanfare
    const employee = DEMO_FANS[0]
    const admin = await person({ viewport: DESKTOP })
    await logIn(admin, DEMO_USERS.admin.id)
    await admin.waitForURL(`${baseUrl}/pages`)
    await admin.getByRole('link', { name: 'Connect pages' }).click()
    await admin.getByRole('button', { name: 'Connect selected pages' }).click()

    // The admin invites the employee as ambassador for the page: without a page the form refuses,
    // naming the field, with the role and note kept.
    await admin.goto(`${baseUrl}/team`)
    await shoot(admin, 'invite-form-desktop')
    await admin.setViewportSize(PHONE)
    await shoot(admin, 'invite-form-phone')
    await admin.setViewportSize(DESKTOP)
    await admin.locator('#invite-role').selectOption('ambassador')
    await admin.getByLabel('Note (who is it for?)').fill(employee.name)
    await shopPage(admin).uncheck()
    await admin.getByRole('button', { name: 'Create invite link' }).click()
    await expect
      .poll(() => admin.locator('#f-pageIds-error').textContent())
      .toBe('Tick at least one page the person will work on.')
    expect(await admin.locator('#f-role').inputValue()).toBe('ambassador')
    expect(await admin.getByLabel('Note (who is it for?)').inputValue()).toBe(employee.name)
    await shoot(admin, 'invite-form-refused-desktop')
    await admin.setViewportSize(PHONE)
    await shoot(admin, 'invite-form-refused-phone')
    await admin.setViewportSize(DESKTOP)
    await shopPage(admin).check()
    await admin.getByRole('button', { name: 'Create invite link' }).click()
    expect(await admin.locator('#invite-pages').textContent()).toContain('Demo Webshop')
    const ambassadorInvite = await admin.locator('#invite-url').inputValue()
    const marketerInvite = await invite(admin, 'marketer')
    const phone = await person({
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      userAgent: PHONE_UA,
      permissions: ['clipboard-read', 'clipboard-write'],
    })
    await phone.goto(ambassadorInvite)
    await logIn(phone, employee.id)
    await phone.waitForURL(`${baseUrl}/kits`)
    await expect
      .poll(() => phone.locator('.kit-cards').textContent())
      .toContain('There is no kit for you yet.')
    // Only kits in their navigation.
    const nav = await phone.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))
    expect(nav.filter((href) => href !== '/')).toEqual(['/kits'])

    // The invite gave them the shop's page, and only that.
    await admin.goto(`${baseUrl}/team`)
    expect(await admin.locator('tr', { hasText: employee.name }).getByRole('checkbox').isChecked()).toBe(true)

    // The marketer makes the kit in the form; a bad image address is refused inline, input kept.
    const marketer = await person({ viewport: DESKTOP })
    await marketer.goto(marketerInvite)
    await logIn(marketer, DEMO_USERS.marketer.id)
    await marketer.goto(`${baseUrl}/kits/new`)
    await marketer.getByLabel('Title').fill('Winteractie')
    await marketer.getByLabel('Text in Dutch').fill('Onze winterjassen zijn deze week 20 % goedkoper!')
    await marketer.getByLabel('Text in English').fill('Our winter coats are 20 % off this week!')
    await marketer.getByLabel('Link', { exact: true }).fill('https://demo-webshop.example/winter')
    await marketer.getByLabel('Image address').fill('http://demo-webshop.example/winter.jpg')
    await marketer.getByLabel('Shares per person per day').fill('1')
    await marketer.getByRole('button', { name: 'Make kit' }).click()
    await expect.poll(() => marketer.locator('#f-imageUrl-error').textContent()).toContain('https://')
    expect(await marketer.getByLabel('Title').inputValue()).toBe('Winteractie')
    await shoot(marketer, 'kit-form-refused-desktop')
    await marketer.setViewportSize(PHONE)
    await shoot(marketer, 'kit-form-refused-phone')
    await marketer.setViewportSize(DESKTOP)
    await marketer.getByLabel('Image address').fill('')
    await marketer.getByRole('button', { name: 'Make kit' }).click()
    await expect.poll(() => marketer.locator('.flash').first().textContent()).toContain('Winteractie')
    const kitUrl = marketer.url()
    await shoot(marketer, 'kit-marketer-desktop')

    // On the phone: the kit, in English, with the disclosure; copy puts text and disclosure on the clipboard.
    await phone.goto(`${baseUrl}/kits`)
    await phone.getByRole('link', { name: 'Winteractie' }).click()
    await expect
      .poll(() => phone.locator('#kit-text').inputValue())
      .toContain('Our winter coats are 20 % off')
    expect(await phone.locator('#kit-disclosure').textContent()).toContain('#medewerker')
    await phone.getByRole('button', { name: 'Copy text' }).click()
    await expect.poll(() => phone.locator('.kit-copy-status').textContent()).toContain('Copied')
    const clipboard = String(await phone.evaluate('navigator.clipboard.readText()'))
    expect(clipboard).toContain('Our winter coats are 20 % off this week!')
    expect(clipboard).toContain('I work at')
    const ownLink = await phone.locator('.kit-short-url').textContent()
    expect(ownLink).toMatch(new RegExp(`^${baseUrl}/r/[A-Za-z0-9]{8}$`))
    // The page fits the phone: nothing wider than the window.
    expect(
      Number(await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth')),
    ).toBeLessThanOrEqual(0)
    await shoot(phone, 'kit-ambassador-phone')

    // Share: the intent is counted, then the sandbox's Share Dialog shows the person's own link.
    await phone.getByRole('button', { name: 'Share on Facebook' }).click()
    await phone.waitForURL((url) => url.pathname === '/dialog/share')
    const dialog = new URL(phone.url())
    expect(dialog.searchParams.get('href')).toBe(ownLink)
    expect(dialog.searchParams.get('app_id')).toBe(fanfare.config.FACEBOOK_APP_ID)
    expect(dialog.searchParams.has('quote')).toBe(false)
    expect(await phone.locator('#message').inputValue()).toBe('')
    await shoot(phone, 'kit-share-dialog-phone')
    // Following the shared link goes through Fanfare's redirect to the shop, with the person's UTM.
    const [shop] = await Promise.all([
      phone.waitForRequest((r) => r.url().startsWith('https://demo-webshop.example/winter')),
      phone.locator('a.shared-href').click(),
    ])
    const landing = new URL(shop.url())
    expect(landing.searchParams.get('utm_medium')).toBe('ambassador')
    expect(landing.searchParams.get('utm_content')).toBe(`person-${ownLink?.split('/r/')[1]}`)

    // The marketer sees the employee's click on the kit's figures.
    await expect
      .poll(
        async () => {
          await marketer.goto(kitUrl)
          return marketer.locator('tr', { hasText: employee.name }).locator('td.clicks').textContent()
        },
        { timeout: 10_000 },
      )
      .toBe('1')
    expect(await marketer.locator('tr', { hasText: employee.name }).locator('td').nth(5).textContent()).toBe(
      '1',
    )
    await shoot(marketer, 'kit-figures-desktop')
    await marketer.setViewportSize(PHONE)
    await shoot(marketer, 'kit-figures-phone')
    // The kits list carries the same click, on a phone as a card per kit.
    await marketer.goto(`${baseUrl}/kits`)
    expect(
      await marketer
        .locator('table.kits tbody tr', { hasText: 'Winteractie' })
        .locator('td')
        .nth(3)
        .textContent(),
    ).toBe('1')
    await shoot(marketer, 'kits-list-phone')
    await marketer.setViewportSize(DESKTOP)
    await shoot(marketer, 'kits-list-desktop')

    // The ambassador sees their own click back on the kit page.
    await phone.goto(`${baseUrl}/kits`)
    await shoot(phone, 'kits-mine-phone')
    await phone.goto(kitUrl)
    await expect.poll(() => phone.locator('.own-clicks').textContent()).toBe('1')
    // One share a day on this kit: the button is off now, with the reason next to it.
    expect(await phone.locator('.kit-share-button').isDisabled()).toBe(true)
    expect(await phone.locator('#kit-share-reason').textContent()).toContain('You shared this kit once today')
    await shoot(phone, 'kit-ambassador-capped-phone')
    await phone.setViewportSize(DESKTOP)
    await shoot(phone, 'kit-ambassador-desktop')
    await phone.setViewportSize(PHONE)

    // The marketer archives the kit: it is gone for the ambassador, and the list offers to restore it.
    await marketer.goto(kitUrl)
    await marketer.getByRole('button', { name: 'Archive' }).click()
    await expect.poll(() => marketer.locator('.flash').first().textContent()).toContain('archived')
    expect((await phone.goto(kitUrl))?.status()).toBe(404)
    await marketer.goto(`${baseUrl}/kits`)
    const archived = marketer.locator('table.kits tbody tr', { hasText: 'Winteractie' })
    expect(await archived.locator('.badge').textContent()).toBe('archived')
    await shoot(marketer, 'kits-list-archived-desktop')
    await marketer.setViewportSize(PHONE)
    await shoot(marketer, 'kits-list-archived-phone')
    await archived.getByRole('button', { name: 'Restore kit “Winteractie”' }).click()
    await expect.poll(() => marketer.locator('.flash').first().textContent()).toContain('The kit is back')
    expect(marketer.url()).toBe(kitUrl)
    await marketer.setViewportSize(DESKTOP)
    // Back for the ambassador, with the same link.
    await phone.goto(kitUrl)
    expect(await phone.locator('.kit-short-url').textContent()).toBe(ownLink)
  })
})
