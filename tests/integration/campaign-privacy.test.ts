import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pseudonymiseEntrants } from '../../jobs/pseudonymise-entrants.js'
import { drawWinners } from '../../src/modules/campaigns/draw.js'
import { fanLogin, openContest } from '../helpers/campaigns.js'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  control,
  createApiToken,
  csrfFrom,
  type Fanfare,
  newBrowser,
  startFanfare,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

describe('fans’ data', () => {
  let fanfare: Fanfare
  let marketer: Browser
  let pageId: string
  let api: ReturnType<typeof apiClient>
  beforeAll(async () => {
    fanfare = await startFanfare()
    ;({ browser: marketer, pageId } = await adminWithDemoPage(fanfare))
    api = apiClient(fanfare, await createApiToken(marketer))
  })
  afterAll(() => fanfare.close())

  async function contestWithEntries(prefix: string, count: number) {
    const created = await api.post('/api/v1/campaigns', {
      ...openContest(pageId, { minAge: '' }),
      askEmail: true,
    })
    const { id, slug } = created.body.campaign
    await api.post(`/api/v1/campaigns/${id}/publish`)
    const fans: Browser[] = []
    for (let i = 0; i < count; i++) {
      const fbId = `${prefix}${i}`
      await control(fanfare.sandbox, 'POST', '/users', {
        id: fbId,
        name: `Private fan ${prefix}${i}`,
        kind: 'fan',
      })
      const fan = newBrowser(fanfare)
      await fanLogin(fan, slug, fbId)
      const csrf = await csrfFrom(fan, `/c/${slug}`)
      const res = await fan
        .post(`/c/${slug}/enter`)
        .type('form')
        .send({ _csrf: csrf, country: 'NL', email: `fan${i}@example.nl` })
      expect(res.status).toBe(303)
      fans.push(fan)
    }
    return { id: id as string, slug: slug as string, fans }
  }

  it('lets a fan download and delete their data; the draw stays verifiable and they still cannot enter twice', async () => {
    const { id, slug, fans } = await contestWithEntries('18000000000000', 3)
    const fan = fans[0] as Browser
    const data = await fan.get('/fan/my-data.json')
    expect(data.status).toBe(200)
    expect(data.body).toMatchObject({
      facebookAppScopedId: '180000000000000',
      name: 'Private fan 180000000000000',
    })
    expect(data.body.entries).toHaveLength(1)
    expect(data.body.entries[0]).toMatchObject({ campaign: slug, email: 'fan0@example.nl', country: 'NL' })

    const csrf = await csrfFrom(fan, `/c/${slug}`)
    const deleted = await fan
      .post('/fan/delete-my-data')
      .type('form')
      .send({ _csrf: csrf, returnTo: `/c/${slug}`, confirm: 'yes' })
    expect(deleted.status).toBe(303)
    const raw = await fanfare.app.store.connection
      .collection('campaignentries')
      .find({ campaignId: { $exists: true } })
      .toArray()
    const text = JSON.stringify(raw)
    expect(text).not.toContain('180000000000000"')
    expect(text).not.toContain('Private fan 180000000000000')
    expect(text).not.toContain('fan0@example.nl')
    expect(raw.filter((e) => String(e.campaignId) === id)).toHaveLength(3)
    // Logged out; logging in again and entering is refused: the pseudonym still holds the place.
    await fanLogin(fan, slug, '180000000000000')
    const again = await fan
      .post(`/c/${slug}/enter`)
      .type('form')
      .send({ _csrf: await csrfFrom(fan, `/c/${slug}`), country: 'NL', email: 'x@example.nl' })
    expect(again.status).toBe(409)
    // Exports no longer carry them either.
    const exported = await marketer.get(`/campaigns/${id}/export.csv`)
    expect(exported.text).not.toContain('Private fan 180000000000000')

    await api.post(`/api/v1/campaigns/${id}/close`)
    const drawn = await api.post(`/api/v1/campaigns/${id}/draw`)
    const csv = (await newBrowser(fanfare).get(`/c/${slug}/entries.csv`)).text.trim().split('\n').slice(1)
    const refs = csv.map((row) => row.split(',')[0] as string)
    expect(refs).toHaveLength(3)
    expect(drawn.body.revealedSeed).toMatch(/^[0-9a-f]{64}$/)
    const results = await api.get(`/api/v1/campaigns/${id}/results`)
    expect(results.body.winners).toEqual(drawWinners(drawn.body.revealedSeed, refs, 1))
  })

  it('pseudonymises entrants after the retention period, as an idempotent job', async () => {
    const { id } = await contestWithEntries('18100000000000', 2)
    await api.post(`/api/v1/campaigns/${id}/close`)
    await api.post(`/api/v1/campaigns/${id}/draw`)
    const deps = fanfare.app
    expect(await pseudonymiseEntrants({}, deps)).toEqual({ entries: 0 })
    await stored(fanfare.app).campaigns.updateOne(
      { _id: id },
      { $set: { drawnAt: new Date(Date.now() - 91 * 86_400_000) } },
    )
    expect(await pseudonymiseEntrants({}, deps)).toEqual({ entries: 2 })
    expect(await pseudonymiseEntrants({}, deps)).toEqual({ entries: 0 })
    const entries = await stored(fanfare.app).entries.find({ campaignId: id }).lean()
    expect(
      entries.every(
        (e) => e.entrant?.name === '' && e.email === null && e.entrant?.id.startsWith('pseudonym:'),
      ),
    ).toBe(true)
  })
})
