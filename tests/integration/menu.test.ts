import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  createApiToken,
  DEMO_USERS,
  type Fanfare,
  joinTeam,
  newBrowser,
  startFanfare,
} from '../helpers/fanfare.js'

/** The menu's links in order, split into the always-visible line and the "More" fold. */
function menuOf(html: string) {
  const nav = /<nav class="menu"[^>]*>(.*?)<\/nav>/s.exec(html)?.[1] ?? ''
  const hrefs = (part: string) => [...part.matchAll(/<a class="menu-link" href="([^"]+)"/g)].map((m) => m[1])
  const [main = '', more = ''] = nav.split('<details class="menu-more">')
  return { main: hrefs(main), more: hrefs(more), moreSummary: /<summary([^>]*)>/.exec(more)?.[1] }
}

describe('the menu', () => {
  let fanfare: Fanfare
  let admin: Browser
  let moderator: Browser
  beforeAll(async () => {
    fanfare = await startFanfare()
    ;({ browser: admin } = await adminWithDemoPage(fanfare))
    const api = apiClient(fanfare, await createApiToken(admin))
    ;({ browser: moderator } = await joinTeam(fanfare, api, DEMO_USERS.moderator.id, 'moderator'))
  })
  afterAll(() => fanfare.close())

  it('puts the day’s work in the line and set-up pages under More, marking where the admin is', async () => {
    const home = menuOf((await admin.get('/').set('accept-language', 'nl')).text)
    expect(home.main).toEqual(['/', '/comments', '/posts', '/campaigns', '/goals', '/kits', '/barometer'])
    expect(home.more).toEqual(['/pages', '/shop', '/team', '/audit', '/tokens', '/admin/queues'])
    expect(home.moreSummary).toBe('')
    const team = await admin.get('/team').set('accept-language', 'nl')
    expect(menuOf(team.text).moreSummary).toBe(' class="active"')
    expect(team.text).toMatch(/<a class="menu-link" href="\/team" aria-current="page">Team<\/a>/)
    expect(team.text).toContain('<summary class="active">Meer</summary>')
  })

  it('leads a moderator with the inbox and shows none of the admin’s pages', async () => {
    const menu = menuOf((await moderator.get('/').set('accept-language', 'en')).text)
    expect(menu.main).toEqual(['/', '/comments', '/barometer'])
    expect(menu.more).toEqual(['/tokens'])
  })

  it('keeps the language switch in the footer once signed in, and in the header before', async () => {
    const signedIn = (await admin.get('/')).text
    expect(signedIn.indexOf('id="locale-select"')).toBeGreaterThan(signedIn.indexOf('<footer'))
    const signedOut = (await newBrowser(fanfare).get('/')).text
    const at = signedOut.indexOf('id="locale-select"')
    expect(at).toBeGreaterThan(-1)
    expect(at).toBeLessThan(signedOut.indexOf('</header>'))
  })

  it('folds the inbox’s rarer filters away, and opens the fold when one of them is set', async () => {
    const plain = (await admin.get('/comments').set('accept-language', 'nl')).text
    expect(plain).toContain('<details class="more-filters">')
    expect(plain).toContain('<summary>Meer filters</summary>')
    const filtered = (
      await admin.get('/comments?sentiment=negative&assignee=none').set('accept-language', 'nl')
    ).text
    expect(filtered).toContain('<details class="more-filters" open>')
    expect(filtered).toContain('<summary>Meer filters (2)</summary>')
  })
})
