// Irreversible actions without JavaScript: the action refuses a post without `confirm=yes` and sends
// the person to its confirm page, which says what will happen and carries a CSRF-protected form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fanLogin, openContest, publishedCampaign } from '../helpers/campaigns.js'
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

/** The confirm page's form: where it posts and the fields it sends. */
function confirmForm(html: string) {
  const form = /<form method="post" action="([^"]+)"[^>]*>(.*?)<\/form>/s.exec(
    html.split('confirm-page')[1] ?? '',
  )
  const fields = Object.fromEntries(
    [...(form?.[2] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1],
      m[2],
    ]),
  )
  return { action: form?.[1], fields }
}

describe('confirmation before an irreversible action, without JavaScript', () => {
  let fanfare: Fanfare
  let admin: Browser
  let pageId: string
  beforeAll(async () => {
    fanfare = await startFanfare()
    ;({ browser: admin, pageId } = await adminWithDemoPage(fanfare))
  })
  afterAll(() => fanfare.close())

  const campaignPhase = async (id: string) =>
    (await stored(fanfare.app).campaigns.findById(id).lean())?.phase as string

  it('asks before the draw: the post without confirm draws nothing, the confirm page draws', async () => {
    const { id } = await publishedCampaign(admin, openContest(pageId, { minAge: '' }))
    let csrf = await csrfFrom(admin, `/campaigns/${id}`)
    const closeAsked = await admin.post(`/campaigns/${id}/close`).type('form').send({ _csrf: csrf })
    expect(closeAsked.status).toBe(303)
    expect(closeAsked.headers.location).toBe(`/campaigns/${id}/close/confirm`)
    const closePage = await admin.get(closeAsked.headers.location as string)
    expect(closePage.text).toContain('Close this campaign now?')
    const close = confirmForm(closePage.text)
    expect(close).toMatchObject({ action: `/campaigns/${id}/close`, fields: { confirm: 'yes' } })
    expect(
      await admin
        .post(close.action as string)
        .type('form')
        .send(close.fields),
    ).toMatchObject({ status: 303 })

    csrf = await csrfFrom(admin, `/campaigns/${id}`)
    const asked = await admin.post(`/campaigns/${id}/draw`).type('form').send({ _csrf: csrf })
    expect(asked.headers.location).toBe(`/campaigns/${id}/draw/confirm`)
    expect(await campaignPhase(id)).toBe('published')
    const page = await admin.get(`/campaigns/${id}/draw/confirm`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Draw the winners now?')
    expect(page.text).toContain('The secret seed is revealed')
    expect(page.text).toContain(`href="/campaigns/${id}"`) // cancel goes back
    const form = confirmForm(page.text)
    expect(form.fields._csrf).toMatch(/.{10,}/)
    // The confirm field alone is not enough: the CSRF check still applies.
    const forged = await admin.post(`/campaigns/${id}/draw`).type('form').send({ confirm: 'yes' })
    expect(forged.status).toBe(403)
    expect(await campaignPhase(id)).toBe('published')
    const drawn = await admin
      .post(form.action as string)
      .type('form')
      .send(form.fields)
    expect(drawn.headers.location).toBe(`/campaigns/${id}`)
    expect(await campaignPhase(id)).toBe('drawn')
  })

  it('carries the fields of the form (a disqualification reason) through the confirm page', async () => {
    const { id, slug } = await publishedCampaign(admin, openContest(pageId, { minAge: '' }))
    await control(fanfare.sandbox, 'POST', '/users', {
      id: '147000000000001',
      name: 'Confirm fan',
      kind: 'fan',
    })
    const fan = newBrowser(fanfare)
    await fanLogin(fan, slug, '147000000000001')
    const fanCsrf = await csrfFrom(fan, `/c/${slug}`)
    await fan.post(`/c/${slug}/enter`).type('form').send({ _csrf: fanCsrf, country: 'NL' })
    const entry = await stored(fanfare.app).entries.findOne({ 'entrant.id': '147000000000001' }).lean()
    const csrf = await csrfFrom(admin, `/campaigns/${id}`)
    const asked = await admin
      .post(`/campaigns/${id}/entries/${entry?._id}/disqualify`)
      .type('form')
      .send({ _csrf: csrf, reason: 'Works at the shop', block: 'on' })
    expect(asked.headers.location).toBe(
      `/campaigns/${id}/entries/${entry?._id}/disqualify/confirm?reason=Works+at+the+shop&block=on`,
    )
    const form = confirmForm((await admin.get(asked.headers.location as string)).text)
    expect(form.fields).toMatchObject({ reason: 'Works at the shop', block: 'on', confirm: 'yes' })
    expect((await stored(fanfare.app).entries.findById(entry?._id).lean())?.status).toBe('active')
    await admin
      .post(form.action as string)
      .type('form')
      .send(form.fields)
    expect((await stored(fanfare.app).entries.findById(entry?._id).lean())?.status).toBe('disqualified')
  })

  it('asks before revoking a token and before logging out everywhere', async () => {
    const token = await createApiToken(admin, 'to revoke')
    const api = apiClient(fanfare, token)
    const { body } = await api.get('/api/v1/tokens')
    const record = body.tokens.find((t: { name: string }) => t.name === 'to revoke')
    const csrf = await csrfFrom(admin, '/tokens')
    const asked = await admin.post(`/tokens/${record.id}/revoke`).type('form').send({ _csrf: csrf })
    expect(asked.headers.location).toBe(`/tokens/${record.id}/revoke/confirm`)
    expect((await api.get('/api/v1/me')).status).toBe(200)
    const page = await admin.get(asked.headers.location as string)
    expect(page.text).toContain('Revoke this API token?')
    const form = confirmForm(page.text)
    await admin
      .post(form.action as string)
      .type('form')
      .send(form.fields)
    expect((await api.get('/api/v1/me')).status).toBe(401)

    const out = await admin
      .post('/auth/logout-everywhere')
      .type('form')
      .send({ _csrf: await csrfFrom(admin, '/tokens') })
    expect(out.headers.location).toBe('/auth/logout-everywhere/confirm')
    expect((await admin.get('/tokens')).status).toBe(200) // still logged in
  })

  it('asks a fan before deleting their data, in the fan layout, and returns them to the campaign', async () => {
    const { slug } = await publishedCampaign(admin, openContest(pageId, { minAge: '' }))
    await control(fanfare.sandbox, 'POST', '/users', { id: '147000000000002', name: 'Data fan', kind: 'fan' })
    const fan = newBrowser(fanfare)
    await fanLogin(fan, slug, '147000000000002')
    const csrf = await csrfFrom(fan, `/c/${slug}`)
    await fan.post(`/c/${slug}/enter`).type('form').send({ _csrf: csrf, country: 'NL' })
    const asked = await fan
      .post('/fan/delete-my-data')
      .type('form')
      .send({ _csrf: csrf, returnTo: `/c/${slug}` })
    expect(asked.headers.location).toBe(`/fan/delete-my-data/confirm?returnTo=%2Fc%2F${slug}`)
    const page = await fan.get(asked.headers.location as string)
    expect(page.text).toContain('body class="fan"')
    expect(page.text).toContain('Delete your data?')
    expect(page.text).toContain(`href="/c/${slug}"`)
    expect((await fan.get(`/c/${slug}`)).text).toContain('href="/fan/my-data.json"')
    const form = confirmForm(page.text)
    const done = await fan
      .post(form.action as string)
      .type('form')
      .send(form.fields)
    expect(done.headers.location).toBe(`/c/${slug}`)
    expect((await fan.get(`/c/${slug}`)).text).not.toContain('href="/fan/my-data.json"')
  })

  it('marks every irreversible form of the campaign page for the dialog, with its texts', async () => {
    const { id } = await publishedCampaign(admin, openContest(pageId, { minAge: '' }))
    const html = (await admin.get(`/campaigns/${id}`)).text
    expect(html).toMatch(
      new RegExp(
        `action="/campaigns/${id}/close" class="inline" data-confirm="campaigns.close" data-confirm-question="Close this campaign now\\?"`,
      ),
    )
    expect(html).toContain('<script src="/assets/confirm.js" defer></script>')
  })
})
