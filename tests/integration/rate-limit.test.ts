import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
