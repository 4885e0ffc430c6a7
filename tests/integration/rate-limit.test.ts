import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postWebhook } from '../helpers/comments.js'
import { type Fanfare, newBrowser, startFanfare } from '../helpers/fanfare.js'

describe('login rate limit', () => {
  let fanfare: Fanfare
  beforeAll(async () => {
    fanfare = await startFanfare()
  })
  afterAll(() => fanfare.close())

  it('answers 429 with a clear page after 20 login attempts a minute from one address', async () => {
    const browser = newBrowser(fanfare)
    const statuses: number[] = []
    for (let i = 0; i < 20; i++) statuses.push((await browser.get('/auth/login')).status)
    expect(statuses.every((s) => s === 302)).toBe(true)
    const limited = await browser.get('/auth/login')
    expect(limited.status).toBe(429)
    expect(limited.text).toContain('Too many requests')
    // Other pages stay reachable.
    expect((await browser.get('/')).status).toBe(200)
  })
})

describe('login rate limit behind one trusted proxy', () => {
  let fanfare: Fanfare
  beforeAll(async () => {
    fanfare = await startFanfare({ TRUST_PROXY: '127.0.0.1' })
  })
  afterAll(() => fanfare.close())

  it('counts a client by the address the proxy saw, not by a leftmost X-Forwarded-For it chose', async () => {
    const browser = newBrowser(fanfare)
    const statuses: number[] = []
    // The proxy appends the address it saw (203.0.113.7); the client prepends a new lie every time.
    for (let i = 0; i < 21; i++) {
      const res = await browser.get('/auth/login').set('x-forwarded-for', `198.51.100.${i}, 203.0.113.7`)
      statuses.push(res.status)
    }
    expect(statuses.slice(0, 20).every((s) => s === 302)).toBe(true)
    expect(statuses[20]).toBe(429)
    // Another client behind the same proxy is counted on its own.
    const other = await browser.get('/auth/login').set('x-forwarded-for', '203.0.113.8')
    expect(other.status).toBe(302)
  })
})

describe('webhook rate limit', () => {
  let fanfare: Fanfare
  beforeAll(async () => {
    fanfare = await startFanfare({ WEBHOOK_RATE_LIMIT_PER_MINUTE: '3' })
  })
  afterAll(() => fanfare.close())

  it('answers 429 to a client over WEBHOOK_RATE_LIMIT_PER_MINUTE posts a minute, before the signature is checked', async () => {
    // Unsigned posts count too: a flood of forged deliveries is what the limit is for.
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await postWebhook(fanfare, '{}', 'sha256=00')).status)
    expect(statuses).toEqual([401, 401, 401, 429])
    // Meta's verification is the same endpoint: limited alike.
    const verify = await newBrowser(fanfare).get('/webhooks/facebook?hub.mode=subscribe&hub.challenge=1')
    expect(verify.status).toBe(429)
    // Other routes are not.
    expect((await newBrowser(fanfare).get('/auth/login')).status).toBe(302)
  })
})
