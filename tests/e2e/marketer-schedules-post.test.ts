// In a real browser: a marketer composes a post with a live preview, schedules it a few seconds
// ahead, watches its page go from scheduled to published, and finds it on the sandbox page.
import type { FastifyInstance } from 'fastify'
import { DateTime } from 'luxon'
import pino from 'pino'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningWorker, startWorker } from '../../jobs/start-worker.js'
import { DEMO_PAGE_ID, DEMO_USERS } from '../../sandbox/seed.js'
import { SYSTEM_ACTOR } from '../../src/modules/audit/service.js'
import { type ListeningFanfare, launchChromium, startListeningFanfare } from '../helpers/browser.js'

describe('a marketer schedules a post in the browser', () => {
  let fanfare: ListeningFanfare
  let app: FastifyInstance
  let sandbox: ListeningFanfare['sandbox']
  let worker: RunningWorker
  let browser: Browser
  let baseUrl: string

  beforeAll(async () => {
    fanfare = await startListeningFanfare()
    ;({ app, sandbox, baseUrl } = fanfare)
    worker = await startWorker(fanfare.config, pino({ level: 'silent' }))
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await worker?.close()
    await fanfare?.close()
  })

  it('composes with a preview, schedules, sees it published and finds it on the page', async () => {
    // The admin connects the demo page; the marketer joins through an invite.
    const admin = await browser.newPage({ locale: 'en-GB' })
    await admin.goto(`${baseUrl}/auth/login`)
    await admin.locator(`input[name="user"][value="${DEMO_USERS.admin.id}"]`).check()
    await admin.locator('button.approve').click()
    await admin.waitForURL(`${baseUrl}/pages`)
    await admin.getByRole('link', { name: 'Connect pages' }).click()
    await admin.getByRole('button', { name: 'Connect selected pages' }).click()
    const connected = (await app.pages.list()).map((p) => p.id)
    const { token } = await app.team.invite(
      SYSTEM_ACTOR,
      { role: 'marketer', note: 'Mila', pageIds: connected },
      connected,
    )

    const marketer = await (await browser.newContext({ locale: 'en-GB' })).newPage()
    await marketer.goto(`${baseUrl}/invite/${token}`)
    await marketer.getByRole('link', { name: 'Log in with Facebook' }).last().click()
    await marketer.locator(`input[name="user"][value="${DEMO_USERS.marketer.id}"]`).check()
    await marketer.locator('button.approve').click()
    await marketer.waitForURL(`${baseUrl}/`)

    await marketer.getByRole('link', { name: 'Posts' }).click()
    await marketer.getByRole('link', { name: 'New post' }).click()
    const text = 'Vanavond live: onze wintercollectie! ❄️'
    await marketer.getByLabel('Text').fill(text)
    await expect.poll(() => marketer.locator('#p-text').textContent()).toBe(text)
    await expect.poll(() => marketer.locator('#c-count').textContent()).toBe(`${text.length} characters`)

    // A few seconds ahead rather than two minutes: the input takes seconds once its step allows them.
    const at = DateTime.now()
      .setZone('Europe/Amsterdam')
      .plus({ seconds: 8 })
      .toFormat("yyyy-MM-dd'T'HH:mm:ss")
    await marketer.locator('#f-scheduledAt').evaluate((input) => input.setAttribute('step', '1'))
    await marketer.locator('#f-scheduledAt').fill(at)
    await expect
      .poll(() => marketer.locator('#c-load').textContent())
      .toContain('That day: 0 of at most 3 posts')
    await marketer.getByRole('button', { name: 'Save' }).click()

    await expect.poll(() => marketer.locator('.flash').first().textContent()).toContain('Post scheduled.')
    await expect.poll(() => marketer.locator('#post-status').textContent()).toBe('scheduled')
    await expect
      .poll(() => marketer.locator('#post-status').textContent(), { timeout: 30_000, interval: 500 })
      .toBe('published')

    const view = await browser.newPage()
    await view.goto(`${sandbox.url}/__sandbox/pages/${DEMO_PAGE_ID}/view`)
    await expect(view.locator('.post .message').first().textContent()).resolves.toBe(text)
  })
})
