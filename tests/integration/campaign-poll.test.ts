import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

describe('polls', () => {
  let fanfare: Fanfare
  let pageId: string
  let api: ReturnType<typeof apiClient>
  beforeAll(async () => {
    fanfare = await startFanfare()
    const admin = await adminWithDemoPage(fanfare)
    pageId = admin.pageId
    api = apiClient(fanfare, await createApiToken(admin.browser))
  })
  afterAll(() => fanfare.close())

  async function openPoll(pollShowResults: string) {
    const created = await api.post('/api/v1/campaigns', {
      ...openContest(pageId, { kind: 'poll', minAge: '', countries: '' }),
      pollOptions: ['Zomerjas', 'Winterjas', 'Regenjas'],
      pollShowResults,
    })
    expect(created.status).toBe(201)
    const { id, slug } = created.body.campaign
    await api.post(`/api/v1/campaigns/${id}/publish`)
    return { id: id as string, slug: slug as string }
  }

  async function loggedInFans(slug: string, count: number, prefix: string) {
    const fans: { browser: Browser; csrf: string }[] = []
    for (let i = 0; i < count; i++) {
      const fbId = `${prefix}${String(i).padStart(3, '0')}`
      await control(fanfare.sandbox, 'POST', '/users', { id: fbId, name: `Voter ${i}`, kind: 'fan' })
      const browser = newBrowser(fanfare)
      await fanLogin(browser, slug, fbId)
      fans.push({ browser, csrf: await csrfFrom(browser, `/c/${slug}`) })
    }
    return fans
  }

  it('counts exactly one vote per distinct voter after a concurrent burst with double submits', async () => {
    const { id, slug } = await openPoll('always')
    const fans = await loggedInFans(slug, 12, '160000000000')
    const vote = (fan: { browser: Browser; csrf: string }, i: number) =>
      fan.browser
        .post(`/c/${slug}/vote`)
        .type('form')
        .send({ _csrf: fan.csrf, choice: i % 3 })
    // Every fan votes, and the first four press the button twice at the same instant.
    const answers = await Promise.all([...fans.map(vote), ...fans.slice(0, 4).map(vote)])
    expect(answers.filter((a) => a.status === 303)).toHaveLength(12)
    expect(answers.filter((a) => a.status === 409)).toHaveLength(4)
    expect(answers.some((a) => a.status >= 500)).toBe(false)

    const results = await newBrowser(fanfare).get(`/c/${slug}/results.json`)
    expect(results.body.total).toBe(12)
    expect(results.body.options.map((o: { votes: number }) => o.votes)).toEqual([4, 4, 4])
    expect(await stored(fanfare.app).entries.countDocuments({ campaignId: id })).toBe(12)

    // Taking a vote back takes its count with it.
    const first = fans[0] as { browser: Browser; csrf: string }
    await first.browser.post(`/c/${slug}/withdraw`).type('form').send({ _csrf: first.csrf })
    const after = await newBrowser(fanfare).get(`/c/${slug}/results.json`)
    expect(after.body.total).toBe(11)
  })

  it('hides the results until the fan voted when the marketer chose so', async () => {
    const { slug } = await openPoll('after_vote')
    const [fan] = await loggedInFans(slug, 1, '161000000000')
    const visitor = await newBrowser(fanfare).get(`/c/${slug}/results.json`)
    expect(visitor.body).toEqual({ visible: false, total: 0, options: [] })
    const before = await fan?.browser.get(`/c/${slug}`)
    expect(before?.text).toContain('The results are shown after you voted')
    await fan?.browser.post(`/c/${slug}/vote`).type('form').send({ _csrf: fan.csrf, choice: 1 })
    const mine = await fan?.browser.get(`/c/${slug}/results.json`)
    expect(mine?.body).toMatchObject({ visible: true, total: 1 })
    expect((await fan?.browser.get(`/c/${slug}`))?.text).toContain('<span class="votes">1</span>')
  })
})
