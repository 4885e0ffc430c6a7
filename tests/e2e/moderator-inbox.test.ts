// In a real browser: a moderator watches the inbox, a sandbox fan posts an angry Dutch comment, it
// appears on top without a reload (SSE), the moderator sees why it was flagged, answers with a saved
// reply, corrects the verdict in one click, and the barometer shows the day's balance, the response
// time and how often the moderator agreed with the verdict.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEMO_FANS, DEMO_USERS } from '../../sandbox/seed.js'
// @ts-expect-error plain JavaScript module shared with the bootstrap script
import { freePort } from '../../scripts/services.mjs'
import { launchChromium } from '../helpers/browser.js'
import { type FanfareWithWorker, startFanfareWithWorker } from '../helpers/comments.js'
import { adminWithDemoPage, control, DEMO_PAGE_ID } from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

describe('moderator inbox in the browser', () => {
  let fanfare: FanfareWithWorker
  let browser: Browser
  let baseUrl: string

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
    await adminWithDemoPage(fanfare)
    // Mo has worked through the imported backlog: the inbox starts empty (it sorts oldest first).
    await vi.waitFor(
      async () => {
        const run = await stored(fanfare.app).commentImports.findOne({ facebookPageId: DEMO_PAGE_ID }).lean()
        if (run?.state !== 'done') throw new Error(`import ${run?.state}`)
      },
      { timeout: 20_000, interval: 100 },
    )
    await stored(fanfare.app).comments.updateMany({}, { $set: { status: 'done' } })
    // Mo joined the team earlier (the admin walkthrough shows the invite itself).
    await stored(fanfare.app).users.create({
      facebookUserId: DEMO_USERS.moderator.id,
      name: DEMO_USERS.moderator.name,
      role: 'moderator',
    })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await fanfare?.close()
  })

  it('shows an angry Dutch comment on top within seconds, explains it, answers it and reports it', async () => {
    const mo = await (await browser.newContext({ locale: 'en-GB' })).newPage()
    await mo.goto(`${baseUrl}/auth/login`)
    await mo.locator(`input[name="user"][value="${DEMO_USERS.moderator.id}"]`).check()
    await mo.locator('button.approve').click()
    await mo.waitForURL(`${baseUrl}/`)
    await mo.getByRole('link', { name: 'Inbox' }).click()
    await mo.waitForURL(`${baseUrl}/comments`)
    await expect.poll(() => mo.locator('body').getAttribute('data-live')).toBe('on')

    const post = await control(fanfare.sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, {
      message: 'Nieuw: regenjassen!',
    })
    const fan = DEMO_FANS[1]
    const angry = 'Wat een teleurstelling, mijn jas kwam kapot aan 😡 echt niet blij'
    const comment = await control(fanfare.sandbox, 'POST', '/comments', {
      on: post.id,
      from: fan.id,
      message: angry,
    })

    // No reload: the row arrives through server-sent events and sorts on top (a complaint).
    const first = mo.locator('table.inbox tbody tr').first()
    await expect.poll(() => first.textContent(), { timeout: 10_000 }).toContain(angry)
    expect(await first.getAttribute('class')).toContain('complaint')
    const why = await first.locator('.why').textContent()
    expect(why).toContain('kapot')

    await first.getByRole('link', { name: angry }).click()
    await mo.waitForURL(`${baseUrl}/comments/${comment.id}`)
    const verdict = await mo.locator('#verdict').textContent()
    expect(verdict).toContain('damaged or broken')
    expect(verdict).toContain('“kapot')
    await mo.getByRole('button', { name: 'Kapot ontvangen (nl)' }).click()
    expect(await mo.locator('#reply-message').inputValue()).toContain('Hoi Daan')
    await mo.locator('#order-number').fill('NL-2026-118')
    await mo.getByRole('button', { name: 'Send reply' }).click()
    await expect.poll(() => mo.locator('.flash').textContent()).toContain('Your reply is on Facebook.')
    expect(await mo.locator('ol.history').textContent()).toContain('replied')

    const onSandbox = await control(fanfare.sandbox, 'GET', `/pages/${DEMO_PAGE_ID}/comments`)
    const reply = onSandbox.data.find((c: { parentId?: string }) => c.parentId === comment.id)
    expect(reply.message).toContain('NL-2026-118')

    // Mo disagrees with the verdict: one click (a plain form), and the barometer counts it.
    await mo.locator('#verdict').getByRole('button', { name: 'no complaint' }).click()
    await expect.poll(() => mo.locator('.flash').textContent()).toContain('Verdict saved')
    expect(await mo.locator('#verdict .badge.bad').count()).toBe(0)
    expect(await mo.locator('#verdict button[value="false"]').getAttribute('aria-pressed')).toBe('true')

    await mo.goto(`${baseUrl}/barometer`)
    expect(await mo.locator('#verdict-agreement td.agreement').first().textContent()).toBe('0 %')
    expect(await mo.locator('#verdict-agreement td.precision').first().textContent()).toBe('0 %')
    const balance = await mo.locator('#balance table.days tbody tr').last().textContent()
    expect(balance).toMatch(/\d/)
    const negative = await mo.locator('#balance .badge.bad').textContent()
    expect(Number(negative?.replace(/\D/g, ''))).toBeGreaterThan(0)
    const median = await mo.locator('#response-time td.median').textContent()
    expect(median).not.toBe('—')
    expect(await mo.locator('#response-time').textContent()).toContain('Mo de Moderator')
  })
})
