// In a real browser, on a desktop and on a phone: the campaign builder shows only the chosen kind's
// fields, checks Meta's rules while the marketer types, keeps the form and names every violation
// inline when it is refused, takes quiz questions as rows, and stores the English texts.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_USERS } from '../../sandbox/seed.js'
import { type ListeningFanfare, launchChromium, startListeningFanfare } from '../helpers/browser.js'
import { stored } from '../helpers/stored.js'

const SCREENS = [
  { name: 'desktop', viewport: { width: 1366, height: 768 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const

/** Screenshots land in SCREENSHOT_DIR when it is set (docs/screenshots holds the chosen ones). */
const shotDir = process.env.SCREENSHOT_DIR
const shoot = async (page: Page, name: string) => {
  if (!shotDir) return
  mkdirSync(shotDir, { recursive: true })
  await page.screenshot({ path: join(shotDir, `${name}.png`) })
}

describe('a marketer builds a campaign in the browser', () => {
  let fanfare: ListeningFanfare
  let browser: Browser
  let baseUrl: string

  beforeAll(async () => {
    fanfare = await startListeningFanfare()
    baseUrl = fanfare.baseUrl
    browser = await launchChromium()
    const admin = await browser.newPage({ locale: 'nl-NL' })
    await admin.goto(`${baseUrl}/auth/login`)
    await admin.locator(`input[name="user"][value="${DEMO_USERS.admin.id}"]`).check()
    await admin.locator('button.approve').click()
    await admin.waitForURL(`${baseUrl}/pages`)
    await admin.locator('a[href="/pages/connect"]').first().click()
    await admin.locator('form[action="/pages/connect"] button[type="submit"]').click()
    await admin.waitForURL(`${baseUrl}/pages`)
    await admin.close()
  })
  afterAll(async () => {
    await browser?.close()
    await fanfare?.close()
  })

  async function loggedIn(viewport: { width: number; height: number }) {
    const context = await browser.newContext({ locale: 'nl-NL', viewport })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    // The live check must never fail; a refused form's own 4xx is expected, so resource loads are not errors.
    page.on('response', (res) => {
      if (res.url().includes('/api/v1/campaigns/check') && res.status() !== 200)
        errors.push(`check answered ${res.status()}`)
    })
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(msg.text())
    })
    await page.goto(`${baseUrl}/auth/login`)
    await page.locator(`input[name="user"][value="${DEMO_USERS.admin.id}"]`).check()
    await page.locator('button.approve').click()
    // An admin lands on the home (or on Pages while none is connected).
    await page.waitForURL((url) => !url.pathname.startsWith('/auth/'))
    return { page, errors }
  }

  for (const screen of SCREENS) {
    describe(`on a ${screen.name} (${screen.viewport.width}×${screen.viewport.height})`, () => {
      it('shows only the chosen kind’s fields, switching without a reload', async () => {
        const { page, errors } = await loggedIn(screen.viewport)
        await page.goto(`${baseUrl}/campaigns/new?kind=contest`)
        const prizes = page.getByLabel('Prijzen (Nederlands)')
        const quiz = page.getByRole('group', { name: 'Quizvragen' })
        const poll = page.getByLabel('Optie 1 (Nederlands)')
        await expect.poll(() => prizes.isVisible()).toBe(true)
        expect(await quiz.isVisible()).toBe(false)
        expect(await poll.isVisible()).toBe(false)

        await page.getByLabel('poll', { exact: true }).check()
        await expect.poll(() => poll.isVisible()).toBe(true)
        expect(await prizes.isVisible()).toBe(false)
        expect(await page.getByText('De winnaars worden na het sluiten').isVisible()).toBe(false)

        await page.getByLabel('quiz', { exact: true }).check()
        await expect.poll(() => quiz.isVisible()).toBe(true)
        expect(await poll.isVisible()).toBe(false)
        // The radio sits before its label on the same line, on a phone too.
        const radio = await page.getByLabel('quiz', { exact: true }).boundingBox()
        const text = await page.locator('label.choice', { hasText: 'quiz' }).first().boundingBox()
        expect(
          radio && text && Math.abs(radio.y + radio.height / 2 - (text.y + text.height / 2)),
        ).toBeLessThan(6)
        expect(errors).toEqual([])
      })

      it('checks Meta’s rules while typing, then keeps the form and names every violation inline', async () => {
        const { page, errors } = await loggedIn(screen.viewport)
        await page.goto(`${baseUrl}/campaigns/new?kind=contest`)
        // The slug's pattern is a valid expression, so the browser checks it before sending.
        const slugValidity = () =>
          page.evaluate(
            "(() => { const v = document.getElementById('f-slug').validity; return [v.valid, v.patternMismatch] })()",
          )
        expect(await slugValidity()).toEqual([true, false])
        await page.locator('#f-slug').fill('Niet Goed!')
        expect(await slugValidity()).toEqual([false, true])
        await page.locator('#f-slug').fill('')

        const title = `Win een winterjas ${screen.name}`
        await page.getByLabel('Titel (Nederlands)').fill(title)
        await page.getByLabel('Titel (Engels)').fill(`Win a winter coat ${screen.name}`)
        await page.getByLabel('Beschrijving (Nederlands)').fill('Deel dit bericht en maak kans!')
        await expect
          .poll(() => page.locator('#f-descriptionNl-check').textContent())
          .toContain('"Deel dit bericht"')
        await expect.poll(() => page.locator('#live-findings').isVisible()).toBe(true)
        await page.locator('#f-descriptionNl').scrollIntoViewIfNeeded()
        await shoot(page, `campaign-builder-live-check-${screen.name}`)

        await page
          .getByLabel('Spelregels (Nederlands)')
          .fill('Like onze pagina om mee te doen. Klachten via de klantenservice van de winkel.')
        await page.getByLabel('Uitleg voor fans (Nederlands)').fill('Tag 3 vrienden in een reactie.')
        await page.getByRole('button', { name: 'Opslaan' }).click()

        await expect.poll(() => page.locator('#error-summary').isVisible()).toBe(true)
        expect(page.url()).toBe(`${baseUrl}/campaigns`)
        const summary = await page.locator('#error-summary').textContent()
        expect(summary).toContain('3 problemen')
        for (const [field, phrase] of [
          ['descriptionNl', 'Deel dit bericht'],
          ['rulesNl', 'Like onze pagina'],
          ['entryInstructionsNl', 'Tag 3 vrienden'],
        ] as const) {
          const input = page.locator(`#f-${field}`)
          expect(await input.getAttribute('aria-invalid')).toBe('true')
          expect(await input.getAttribute('aria-describedby')).toContain(`f-${field}-error`)
          expect(await page.locator(`#f-${field}-error`).textContent()).toContain(`"${phrase}"`)
          expect(await page.locator(`#error-summary a[href="#f-${field}"]`).count()).toBe(1)
        }
        // In Dutch, with the fields' human names, never the internal ones.
        expect(summary).toContain('Beschrijving (Nederlands)')
        expect(summary).not.toMatch(/descriptionNl|entryInstructions|body\./)
        // Nothing lost: every text is still in its field.
        expect(await page.getByLabel('Titel (Nederlands)').inputValue()).toBe(title)
        expect(await page.getByLabel('Uitleg voor fans (Nederlands)').inputValue()).toBe(
          'Tag 3 vrienden in een reactie.',
        )
        await page.evaluate('window.scrollTo(0, 0)')
        await shoot(page, `campaign-builder-errors-${screen.name}`)
        await page.locator('#error-summary a[href="#f-rulesNl"]').click()
        await expect
          .poll(() => page.evaluate('document.activeElement && document.activeElement.id'))
          .toBe('f-rulesNl')
        await shoot(page, `campaign-builder-errors-inline-${screen.name}`)
        expect(await stored(fanfare.app).campaigns.countDocuments({ 'title.nl': title })).toBe(0)
        expect(errors).toEqual([])
      })

      it('takes quiz questions as rows, in Dutch and English, and stores them', async () => {
        const { page, errors } = await loggedIn(screen.viewport)
        await page.goto(`${baseUrl}/campaigns/new?kind=quiz`)
        const title = `Kleurenquiz ${screen.name}`
        await page.getByLabel('Titel (Nederlands)').fill(title)
        await page.getByLabel('Titel (Engels)').fill(`Colour quiz ${screen.name}`)
        await page
          .getByLabel('Spelregels (Engels)')
          .fill('Organised by Demo Webshop. Complaints to the shop’s customer service.')
        expect(await page.locator('[data-fallback-for="f-rulesNl"]').isVisible()).toBe(true)

        expect(await page.locator('li.question').count()).toBe(2)
        await page.getByRole('button', { name: 'Vraag toevoegen' }).click()
        await expect.poll(() => page.locator('li.question').count()).toBe(3)
        await page.getByLabel('Vraag 3 (Nederlands)').fill('Welke kleur heeft de zee?')
        await page.getByLabel('Vraag 3 (Engels)').fill('What colour is the sea?')
        await page.getByLabel('Vraag 3, antwoord 1 (Nederlands)').fill('Rood')
        await page.getByLabel('Vraag 3, antwoord 2 (Nederlands)').fill('Blauw')
        await page.getByLabel('Vraag 3, antwoord 2 (Engels)').fill('Blue')
        await page.locator('li.question').nth(2).getByLabel('goed antwoord').nth(1).check()
        // The first question, with an answer removed and one added.
        await page.getByLabel('Vraag 1 (Nederlands)').fill('Hoeveel winkels hebben we?')
        await page.getByLabel('Vraag 1, antwoord 1 (Nederlands)').fill('weg')
        await page
          .locator('li.question')
          .first()
          .getByRole('button', { name: 'Dit antwoord weghalen' })
          .first()
          .click()
        await page.locator('li.question').first().getByLabel('Vraag 1, antwoord 1 (Nederlands)').fill('Eén')
        await page.locator('li.question').first().getByLabel('Vraag 1, antwoord 2 (Nederlands)').fill('Twee')
        await page.locator('li.question').first().getByLabel('goed antwoord').nth(1).check()
        await page.getByRole('button', { name: 'Opslaan' }).click()
        await page.waitForURL(/\/campaigns\/[a-f0-9]{24}$/)

        const saved = await stored(fanfare.app).campaigns.findOne({ 'title.nl': title }).lean()
        expect(saved?.title).toEqual({ nl: title, en: `Colour quiz ${screen.name}` })
        expect(saved?.rules).toMatchObject({ nl: '', en: expect.stringContaining('Demo Webshop') })
        expect(saved?.questions).toMatchObject([
          {
            text: { nl: 'Hoeveel winkels hebben we?' },
            options: [{ nl: 'Eén' }, { nl: 'Twee' }],
            correct: 1,
          },
          {
            text: { nl: 'Welke kleur heeft de zee?', en: 'What colour is the sea?' },
            options: [{ nl: 'Rood' }, { nl: 'Blauw', en: 'Blue' }],
            correct: 1,
          },
        ])
        expect(errors).toEqual([])
      })
    })
  }
})
