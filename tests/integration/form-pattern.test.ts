// The one form pattern on forms other than the campaign builder: a refused form comes back with
// every problem inline by its field's human name, in the person's language, the input kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminWithDemoPage, type Browser, type Fanfare, startFanfare } from '../helpers/fanfare.js'
import { expectInlineError, submitForm } from '../helpers/forms.js'

describe('refused forms', () => {
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

  it('page settings: a bad time zone and a missing quiet-hours end, in Dutch, nothing saved', async () => {
    const res = await post(`/pages/${pageId}/settings`, `/pages/${pageId}`, {
      timeZone: 'Europe/Amsterdm',
      maxPostsPerDay: '3',
      quietHoursStart: '22:00',
    })
    expect(res.status).toBe(400)
    expectInlineError(res.text, 'timeZone')
    expectInlineError(res.text, 'quietHoursEnd')
    expect(res.text).toContain('Vul een tijdzone in, zoals Europe/Amsterdam.')
    expect(res.text).toContain('Tijdzone')
    expect(res.text).toContain('value="Europe/Amsterdm"')
    expect(res.text).not.toMatch(/body\.timeZone|expected a time zone/)
    expect((await fanfare.app.pages.find(pageId)).timeZone).toBe('Europe/Amsterdam')
  })

  it('post compose: an empty text and a bad link, both at once, with the other input kept', async () => {
    const res = await post('/posts', '/posts/new', {
      pageId,
      label: 'news',
      message: '',
      link: 'geen-link',
      action: 'draft',
    })
    expect(res.status).toBe(400)
    expectInlineError(res.text, 'message')
    expectInlineError(res.text, 'link')
    expect(res.text).toContain('value="geen-link"')
    expect(res.text).not.toContain('Terug naar de startpagina')
  })

  it('API token: a name of spaces only', async () => {
    const res = await post('/tokens', '/tokens', { name: '   ' })
    expect(res.status).toBe(400)
    expectInlineError(res.text, 'name')
    expect(res.text).toContain('Geef de API-sleutel een naam.')
  })
})
