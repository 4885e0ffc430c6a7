// In a real browser: the demo admin logs in through the sandbox dialog, connects the demo page,
// invites a moderator who then joins, and both show up in the audit log.
import type { FastifyInstance } from 'fastify'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type StartedSandbox, startSandbox } from '../../sandbox/app.js'
import { DEMO_USERS } from '../../sandbox/seed.js'
// @ts-expect-error plain JavaScript module shared with the bootstrap script
import { freePort } from '../../scripts/services.mjs'
import { buildApp } from '../../src/app.js'
import { TEST_APP_ID, TEST_APP_SECRET, testConfig } from '../helpers/config.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

describe('admin walkthrough in the browser', () => {
  let sandbox: StartedSandbox
  let app: FastifyInstance
  let browser: Browser
  let baseUrl: string

  beforeAll(async () => {
    sandbox = await startSandbox({ appId: TEST_APP_ID, appSecret: TEST_APP_SECRET })
    const port: number = await freePort()
    baseUrl = `http://127.0.0.1:${port}`
    const config = testConfig({
      GRAPH_BASE_URL: sandbox.url,
      FACEBOOK_DIALOG_URL: sandbox.url,
      PUBLIC_URL: baseUrl,
    })
    app = await buildApp(config, { logger: false })
    await app.listen({ host: '127.0.0.1', port })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await sandbox?.close()
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
    await admin.locator('#invite-note').fill('Mo from customer service')
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
    for (const action of ['team.join', 'page.connect', 'team.invite']) expect(log).toContain(action)
    expect(log).toContain('Mo de Moderator')
  })
})
