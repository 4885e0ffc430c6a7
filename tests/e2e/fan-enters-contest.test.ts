// In a real browser on a phone-sized screen: a fan opens a contest page, reads it without logging
// in, logs in through the sandbox dialog (fan login), confirms eligibility and enters; then the
// marketer draws and the fan checks the draw on the verification page.
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { type Browser, devices } from 'playwright-core'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_FANS } from '../../sandbox/seed.js'
import { drawWinners } from '../../src/modules/campaigns/draw.js'
import { type ListeningFanfare, launchChromium, startListeningFanfare } from '../helpers/browser.js'
import { openContest, publishedCampaign } from '../helpers/campaigns.js'
import { csrfFrom, loginThroughDialog } from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

describe('a fan enters a contest on a phone', () => {
  let fanfare: ListeningFanfare
  let app: FastifyInstance
  let browser: Browser
  let baseUrl: string

  beforeAll(async () => {
    fanfare = await startListeningFanfare()
    ;({ app, baseUrl } = fanfare)
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await fanfare?.close()
  })

  it('reads the rules first, logs in with Facebook, enters once, and can verify the draw', async () => {
    // The marketer sets up an open contest (over HTTP, as in the integration tests).
    const marketer = supertest.agent(app.server).set('accept-language', 'en')
    await loginThroughDialog(marketer, '110000000000001')
    const csrf = await csrfFrom(marketer, '/pages/connect')
    await marketer
      .post('/pages/connect')
      .type('form')
      .send({ _csrf: csrf, facebookPageIds: '100000000000001' })
    const page = await stored(app).pages.findOne().lean()
    const { id, slug } = await publishedCampaign(marketer, openContest(String(page?._id)))

    const context = await browser.newContext({ ...devices['iPhone 13'], locale: 'en-GB' })
    const fan = await context.newPage()
    await fan.goto(`${baseUrl}/c/${slug}`)
    // No login wall: the rules and Meta's statement are there before logging in.
    await expect.poll(() => fan.locator('#rules').isVisible()).toBe(true)
    expect(await fan.locator('.statement').textContent()).toContain(
      'in no way sponsored, endorsed or administered by',
    )
    // Mobile first: nothing is wider than the phone.
    const overflow = Number(await fan.evaluate('document.documentElement.scrollWidth - window.innerWidth'))
    expect(overflow).toBeLessThanOrEqual(0)

    await fan.getByRole('link', { name: 'Log in with Facebook' }).click()
    await fan.locator(`input[name="user"][value="${DEMO_FANS[0].id}"]`).check()
    await fan.locator('button.approve').click()
    await fan.waitForURL(`${baseUrl}/c/${slug}`)
    await expect.poll(() => fan.locator('main').textContent()).toContain('Logged in as Sanne de Vries')

    await fan.getByLabel('I am 18 years or older').check()
    await fan.getByLabel('Country where I live').selectOption('NL')
    await fan.getByRole('button', { name: 'Take part' }).click()
    await expect.poll(() => fan.locator('main').textContent()).toContain('You are in! Good luck.')
    const ref = await fan.locator('.take-part code').textContent()
    expect(ref).toMatch(/^[A-Za-z0-9_-]{16}$/)

    // The marketer closes and draws; the fan recomputes the winner from the verification page.
    let token = await csrfFrom(marketer, `/campaigns/${id}`)
    await marketer.post(`/campaigns/${id}/close`).type('form').send({ _csrf: token, confirm: 'yes' })
    token = await csrfFrom(marketer, `/campaigns/${id}`)
    await marketer.post(`/campaigns/${id}/draw`).type('form').send({ _csrf: token, confirm: 'yes' })

    await fan.getByRole('link', { name: 'Check the draw' }).first().click()
    const seed = (await fan.locator('#seed').textContent()) as string
    const commitment = await fan.locator('#commitment').textContent()
    expect(createHash('sha256').update(seed).digest('hex')).toBe(commitment)
    const download = fan.waitForEvent('download')
    await fan.getByRole('link', { name: 'Download the anonymous entry list (CSV)' }).click()
    const csv = await (await (await download).createReadStream()).toArray()
    const refs = Buffer.concat(csv)
      .toString()
      .trim()
      .split('\n')
      .slice(1)
      .map((row) => row.split(',')[0] as string)
    expect(refs).toEqual([ref])
    expect(await fan.locator('#winners code').allTextContents()).toEqual(drawWinners(seed, refs, 1))
    await context.close()
  })
})
