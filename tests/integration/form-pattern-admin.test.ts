// The one form pattern on the team, comment and campaign admin forms: a refused submit answers the
// same form (not the error page), every problem inline by its field's Dutch name, the input kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fanLogin, openContest, publishedCampaign } from '../helpers/campaigns.js'
import {
  adminWithDemoPage,
  type Browser,
  control,
  csrfFrom,
  DEMO_PAGE_ID,
  type Fanfare,
  newBrowser,
  startFanfare,
} from '../helpers/fanfare.js'
import { expectInlineError, submitForm } from '../helpers/forms.js'
import { stored } from '../helpers/stored.js'

describe('refused admin forms', () => {
  let fanfare: Fanfare
  let admin: Browser
  let pageId: string
  beforeAll(async () => {
    fanfare = await startFanfare()
    ;({ browser: admin, pageId } = await adminWithDemoPage(fanfare))
  })
  afterAll(() => fanfare.close())

  const post = (action: string, from: string, fields: Record<string, string>) =>
    submitForm(admin, { action, from, fields })
  const notTheErrorPage = (html: string) => expect(html).not.toContain('Terug naar de startpagina')

  it('team invite: a note too long, with the chosen role and the note kept', async () => {
    const note = 'x'.repeat(201)
    const res = await post('/team/invites', '/team', { role: 'marketer', note })
    expect(res.status).toBe(400)
    notTheErrorPage(res.text)
    expectInlineError(res.text, 'note', {
      label: 'Notitie \\(voor wie is het\\?\\)',
      message: 'Gebruik hoogstens 200 tekens.',
    })
    expect(res.text).toContain(`value="${note}"`)
    expect(res.text).toMatch(/<option value="marketer" selected>/)
    expect(await fanfare.app.team.listOpenInvites()).toHaveLength(0)
  })

  it('team role change: an unknown role inline on that member, the last admin kept as admin', async () => {
    const [me] = await fanfare.app.team.list()
    const bad = await post(`/team/${me?.id}/role`, '/team', { role: 'owner' })
    expect(bad.status).toBe(400)
    notTheErrorPage(bad.text)
    expectInlineError(bad.text, 'role', {
      label: 'Rol',
      message: 'Kies een van: admin, marketer, moderator, ambassador.',
    })

    const last = await post(`/team/${me?.id}/role`, '/team', { role: 'marketer' })
    expect(last.status).toBe(409)
    notTheErrorPage(last.text)
    expect(last.text).toContain('class="error-summary"')
    // The choice the person made stays selected on their row.
    expect(last.text).toMatch(/<select id="f-role" name="role">[\s\S]*?<option value="marketer" selected>/)
    expect((await fanfare.app.team.list())[0]?.role).toBe('admin')
  })

  it('saved reply: an empty name and text at once, the language kept', async () => {
    const before = (await fanfare.app.comments.savedReplies.list()).length
    const res = await post('/comments/saved-replies', '/comments/saved-replies', {
      name: '   ',
      language: 'en',
      text: '',
    })
    expect(res.status).toBe(400)
    notTheErrorPage(res.text)
    expectInlineError(res.text, 'name', { label: 'Naam', message: 'Vul dit in.' })
    expectInlineError(res.text, 'text', { label: 'Tekst', message: 'Vul dit in.' })
    expect(res.text).toContain('<option value="en" selected>English</option>')
    expect(await fanfare.app.comments.savedReplies.list()).toHaveLength(before)
  })

  it('comment settings: bad word lines and a bad time, named together, the word list kept', async () => {
    const before = await fanfare.app.comments.settings.settings(DEMO_PAGE_ID)
    const words = 'top 3\nslecht\nsuper 9'
    const res = await post(`/comments/settings/${DEMO_PAGE_ID}`, `/comments/settings/${DEMO_PAGE_ID}`, {
      words,
      businessHoursStart: '25:00',
      businessHoursEnd: '17:00',
    })
    expect(res.status).toBe(400)
    notTheErrorPage(res.text)
    expectInlineError(res.text, 'words', {
      label: 'Barometerwoorden',
      message:
        'Regels 2, 3: schrijf op elke regel een woord en een gewicht van -5 tot 5, zoals &quot;top 3&quot;.',
    })
    expectInlineError(res.text, 'businessHoursStart', {
      label: 'Openingstijden: van',
      message: 'Vul een tijd in, zoals 22:00.',
    })
    expect(res.text).toContain(`>${words}</textarea>`)
    expect(res.text).toContain('value="25:00"')
    expect((await fanfare.app.comments.settings.settings(DEMO_PAGE_ID)).version).toBe(before.version)
  })

  it('campaign disqualify: a reason too short inline on that entry, the reason and block kept', async () => {
    const { id, slug } = await publishedCampaign(admin, openContest(pageId, { minAge: '' }))
    const fanId = '130000000000009'
    await control(fanfare.sandbox, 'POST', '/users', { id: fanId, name: 'Fan Negen', kind: 'fan' })
    const fan = newBrowser(fanfare)
    await fanLogin(fan, slug, fanId)
    const fanCsrf = await csrfFrom(fan, `/c/${slug}`)
    const entered = await fan.post(`/c/${slug}/enter`).type('form').send({ _csrf: fanCsrf, country: 'NL' })
    expect(entered.status).toBe(303)
    const entry = await stored(fanfare.app).entries.findOne({ campaignId: id }).lean()

    const res = await post(`/campaigns/${id}/entries/${entry?._id}/disqualify`, `/campaigns/${id}`, {
      reason: 'ab',
      block: 'on',
      confirm: 'yes',
    })
    expect(res.status).toBe(400)
    notTheErrorPage(res.text)
    expectInlineError(res.text, 'reason', { label: 'Reden', message: 'Schrijf minstens 3 tekens.' })
    expect(res.text).toMatch(/id="f-reason"[^>]*value="ab"/)
    expect(res.text).toMatch(/<input type="checkbox" name="block" checked>/)
    const after = await stored(fanfare.app).entries.findOne({ _id: entry?._id }).lean()
    expect(after?.status).toBe('active')
  })

  it('campaign block list: a refused unblock answers the list with the problem on top', async () => {
    const res = await post('/campaigns/blocked/remove', '/campaigns/blocked', { kind: 'fan', id: '123' })
    expect(res.status).toBe(400)
    notTheErrorPage(res.text)
    expect(res.text).toContain('class="error-summary"')
    expect(res.text).toContain('Kies een van: app, page.')
    expect(res.text).toContain('<h1>Geblokkeerde fans</h1>')
  })

  it('comment import: a page that is no Facebook page answers the inbox with the problem by its name', async () => {
    const res = await post('/comments/imports', '/comments', { pageId: 'geen-pagina' })
    expect(res.status).toBe(400)
    notTheErrorPage(res.text)
    expect(res.text).toContain('class="error-summary"')
    expect(res.text).toMatch(/<a href="#f-pageId">Pagina<\/a>: /)
    expect(res.text).toContain('<h1>Inbox</h1>')
  })
})
