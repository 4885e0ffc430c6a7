// Fan pages in the fan's language (the browser's, or the one they chose, remembered in a cookie),
// the fan's own result of the draw, and the small things every page needs (icons, no 404).
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PUBLIC_CACHE_MS } from '../../src/modules/campaigns/public-routes.js'
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

describe('fan pages', () => {
  let fanfare: Fanfare
  let marketer: Browser
  let pageId: string
  beforeAll(async () => {
    fanfare = await startFanfare()
    ;({ browser: marketer, pageId } = await adminWithDemoPage(fanfare))
  })
  afterAll(() => fanfare.close())

  const visitor = (language?: string) => {
    const agent = supertest.agent(fanfare.app.server)
    return language ? agent.set('accept-language', language) : agent
  }

  it("speaks the browser's language, and keeps a switched language in a cookie on the same page", async () => {
    const { slug } = await publishedCampaign(marketer, openContest(pageId, { minAge: '' }))
    const dutch = await visitor('nl-NL,nl;q=0.9').get(`/c/${slug}`)
    expect(dutch.text).toContain('<html lang="nl">')
    expect(dutch.text).toContain('Meedoen')
    const english = await visitor('en-GB,en;q=0.8').get(`/c/${slug}`)
    expect(english.text).toContain('<html lang="en">')
    expect(english.text).toContain('Take part')
    expect(english.text).toMatch(
      /<button type="submit" name="locale" value="en" lang="en" aria-pressed="true">English/,
    )

    const fan = visitor('nl-NL')
    const csrf = await csrfFrom(fan, `/c/${slug}`)
    const switched = await fan
      .post('/locale')
      .type('form')
      .send({ _csrf: csrf, locale: 'en', returnTo: `/c/${slug}` })
    expect(switched.status).toBe(303)
    expect(switched.headers.location).toBe(`/c/${slug}`)
    const cookie = ([] as string[])
      .concat(switched.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('fanfare_locale=en'))
    expect(cookie).toMatch(/Max-Age=31536000/)
    expect((await fan.get(`/c/${slug}`)).text).toContain('<html lang="en">')
    // The cookie alone (a later visit, the session gone) still wins over the browser's Dutch.
    const later = await visitor('nl-NL')
      .get(`/c/${slug}`)
      .set('cookie', (cookie as string).split(';')[0] as string)
    expect(later.text).toContain('<html lang="en">')
  })

  it('shows a campaign text in the other language with a clear note when the fan’s is missing', async () => {
    const { slug } = await publishedCampaign(
      marketer,
      openContest(pageId, { minAge: '', descriptionNl: 'Alleen in het Nederlands.' }),
    )
    const english = await visitor('en').get(`/c/${slug}`)
    expect(english.text).toContain('<p class="lead" lang="nl">Alleen in het Nederlands.</p>')
    expect(english.text).toContain('This text is only available in Dutch.')
    const dutch = await visitor('nl').get(`/c/${slug}`)
    expect(dutch.text).toContain('<p class="lead" lang="nl">Alleen in het Nederlands.</p>')
    expect(dutch.text).not.toContain('alleen in het')
  })

  it('tells each fan their own result: not drawn yet, then won or not won, and nothing about others', async () => {
    const { id, slug } = await publishedCampaign(
      marketer,
      openContest(pageId, { minAge: '', winnerCount: 1 }),
    )
    const fans: Browser[] = []
    for (let i = 0; i < 3; i++) {
      const fbId = `14800000000000${i}`
      await control(fanfare.sandbox, 'POST', '/users', { id: fbId, name: `Result fan ${i}`, kind: 'fan' })
      const fan = newBrowser(fanfare)
      await fanLogin(fan, slug, fbId)
      const csrf = await csrfFrom(fan, `/c/${slug}`)
      await fan.post(`/c/${slug}/enter`).type('form').send({ _csrf: csrf, country: 'NL' })
      fans.push(fan)
    }
    expect((await fans[0]?.get(`/c/${slug}`))?.text).toContain('The winners are not drawn yet.')
    let csrf = await csrfFrom(marketer, `/campaigns/${id}`)
    await marketer.post(`/campaigns/${id}/close`).type('form').send({ _csrf: csrf, confirm: 'yes' })
    csrf = await csrfFrom(marketer, `/campaigns/${id}`)
    await marketer.post(`/campaigns/${id}/draw`).type('form').send({ _csrf: csrf, confirm: 'yes' })

    const resultsNow = () =>
      Promise.all(
        fans.map(async (fan) => {
          const html = (await fan.get(`/c/${slug}`)).text
          return /<p class="result (\w+)" id="my-result"/.exec(html)?.[1] as string
        }),
      )
    // The campaign page is shared for up to PUBLIC_CACHE_MS: wait for the draw to show.
    await expect
      .poll(async () => (await resultsNow()).sort(), { timeout: 10_000 })
      .toEqual(['notWon', 'notWon', 'won'])
    const results = await resultsNow()
    const winnerPage = (await fans[results.indexOf('won')]?.get(`/c/${slug}`))?.text ?? ''
    expect(winnerPage).toContain('You won!')
    expect(winnerPage).not.toContain('Result fan 1')
    expect(winnerPage.match(/<code>[A-Za-z0-9_-]{16}<\/code>/g)).toHaveLength(1) // only their own number
    // The Dutch fan reads it in Dutch.
    const dutch = await fans[0]?.get(`/c/${slug}`).set('accept-language', 'nl')
    expect(dutch?.text).toMatch(/Je hebt gewonnen!|je hebt deze keer niet gewonnen/)
  })

  it(`shows a campaign closed early as closed once its ${PUBLIC_CACHE_MS} ms of sharing are over`, async () => {
    const { id, slug } = await publishedCampaign(marketer, openContest(pageId, { minAge: '' }))
    const anonymous = visitor('en')
    expect((await anonymous.get(`/c/${slug}`)).text).toContain('Log in with Facebook')
    const csrf = await csrfFrom(marketer, `/campaigns/${id}`)
    await marketer.post(`/campaigns/${id}/close`).type('form').send({ _csrf: csrf, confirm: 'yes' })
    // Waits on the condition (never a fixed sleep); the bound itself is short-cache's unit test.
    await expect
      .poll(async () => (await anonymous.get(`/c/${slug}`)).text, { timeout: 10_000, interval: 50 })
      .toContain('This campaign is closed.')
  })

  it('serves favicon.ico and the SVG icon that every page links', async () => {
    const ico = await visitor().get('/favicon.ico')
    expect(ico.status).toBe(200)
    expect(ico.headers['content-type']).toMatch(/icon/)
    expect((ico.body as Buffer).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]))
    const svg = await visitor().get('/assets/icon.svg')
    expect(svg.status).toBe(200)
    expect(svg.headers['content-type']).toMatch(/svg/)
    const home = await visitor('en').get('/')
    expect(home.text).toContain('<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">')
  })
})
