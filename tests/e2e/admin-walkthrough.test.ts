// In a real browser: the demo admin logs in through the sandbox dialog, connects the demo page,
// invites a moderator who then joins, and both show up in the audit log.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_USERS } from '../../sandbox/seed.js'
import { type ListeningFanfare, launchChromium, startListeningFanfare } from '../helpers/browser.js'

describe('admin walkthrough in the browser', () => {
  let fanfare: ListeningFanfare
  let browser: Browser
  let baseUrl: string

  beforeAll(async () => {
    fanfare = await startListeningFanfare()
    baseUrl = fanfare.baseUrl
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await fanfare?.close()
  })

  it('logs in, connects the demo page, invites a moderator and shows it all in the audit log', async () => {
    const admin = await browser.newPage({ locale: 'en-GB' })
    await admin.goto(baseUrl)
    await admin.getByRole('link', { name: 'Log in with Facebook' }).first().click()
    await admin.locator(`input[name="user"][value="${DEMO_USERS.admin.id}"]`).check()
    await admin.locator('button.approve').click()
    await admin.waitForURL(`${baseUrl}/pages`)

    await admin.getByRole('link', { name: 'Connect pages' }).click()
    await admin.getByRole('button', { name: 'Connect selected pages' }).click()
    await expect.poll(() => admin.locator('table').textContent()).toContain('Demo Webshop')

    await admin.goto(`${baseUrl}/team`)
    await admin.locator('#invite-role').selectOption('moderator')
    await admin.locator('#f-note').fill('Mo from customer service')
    await admin.getByRole('button', { name: 'Create invite link' }).click()
    const inviteUrl = await admin.locator('#invite-url').inputValue()
    expect(inviteUrl).toMatch(new RegExp(`^${baseUrl}/invite/`))

    const moderator = await (await browser.newContext({ locale: 'nl-NL' })).newPage()
    await moderator.goto(inviteUrl)
    await moderator.getByRole('link', { name: 'Inloggen met Facebook' }).last().click()
    await moderator.locator(`input[name="user"][value="${DEMO_USERS.moderator.id}"]`).check()
    await moderator.locator('button.approve').click()
    await expect
      .poll(() => moderator.locator('main').textContent())
      .toContain('Ingelogd als Mo de Moderator (moderator)')

    await admin.goto(`${baseUrl}/audit`)
    const log = await admin.locator('table').textContent()
    // Entries read as sentences, not as codes.
    for (const sentence of ['joined the team', 'connected page', 'made an invitation'])
      expect(log).toContain(sentence)
    expect(log).not.toContain('team.join')
    expect(log).toContain('Mo de Moderator')
  })
})
