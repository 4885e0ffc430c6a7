// The entry route's rate limits, each on its own: per fan (a handful a minute) and per address (a
// household behind one router). A fresh app, so no other test's submits count against the address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENTRY_LIMIT_PER_FAN, ENTRY_LIMIT_PER_IP } from '../../src/modules/campaigns/public-routes.js'
import { fanLogin, openContest, publishedCampaign } from '../helpers/campaigns.js'
import {
  adminWithDemoPage,
  type Browser,
  control,
  csrfFrom,
  type Fanfare,
  newBrowser,
  startFanfare,
} from '../helpers/fanfare.js'

describe('entry rate limits', () => {
  let fanfare: Fanfare
  let marketer: Browser
  let pageId: string
  beforeAll(async () => {
    fanfare = await startFanfare()
    ;({ browser: marketer, pageId } = await adminWithDemoPage(fanfare))
  })
  afterAll(() => fanfare.close())

  it('refuses submits from one address past its limit, whichever fans send them', async () => {
    const { slug } = await publishedCampaign(marketer, openContest(pageId, { minAge: '' }))
    // Enough fans behind one address that no fan reaches their own limit first.
    const fans = Math.ceil((ENTRY_LIMIT_PER_IP.max + 1) / ENTRY_LIMIT_PER_FAN.max)
    const statuses: number[] = []
    for (let i = 0; i < fans; i++) {
      const id = String(190_000_000_000_000 + i)
      await control(fanfare.sandbox, 'POST', '/users', { id, name: `Household fan ${i}`, kind: 'fan' })
      const fan = newBrowser(fanfare)
      await fanLogin(fan, slug, id)
      const csrf = await csrfFrom(fan, `/c/${slug}`)
      for (let k = 0; k < ENTRY_LIMIT_PER_FAN.max && statuses.length <= ENTRY_LIMIT_PER_IP.max; k++) {
        const res = await fan.post(`/c/${slug}/enter`).type('form').send({ _csrf: csrf, country: 'NL' })
        statuses.push(res.status)
      }
    }
    // Each fan's first submit enters, the others are told they already did, until the address is spent.
    expect(statuses.slice(0, ENTRY_LIMIT_PER_IP.max).every((s) => s === 303 || s === 409)).toBe(true)
    expect(statuses.slice(0, ENTRY_LIMIT_PER_IP.max)).toContain(303)
    expect(statuses[ENTRY_LIMIT_PER_IP.max]).toBe(429)
  })
})
