import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSecretBox } from '../../src/security/secret-box.js'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  control,
  createApiToken,
  csrfFrom,
  DEMO_PAGE_ID,
  type Fanfare,
  startFanfare,
} from '../helpers/fanfare.js'

describe('connecting pages', () => {
  let fanfare: Fanfare
  let admin: Browser
  let pageId: string
  let api: ReturnType<typeof apiClient>
  beforeAll(async () => {
    fanfare = await startFanfare()
    ;({ browser: admin, pageId } = await adminWithDemoPage(fanfare))
    api = apiClient(fanfare, await createApiToken(admin))
  })
  afterAll(() => fanfare.close())

  it('lists the pages the admin manages on Facebook, marking connected ones', async () => {
    const res = await api.get('/api/v1/pages/available')
    expect(res.status).toBe(200)
    const demo = res.body.pages.find((p: { facebookPageId: string }) => p.facebookPageId === DEMO_PAGE_ID)
    expect(demo).toMatchObject({ name: 'Demo Webshop', connected: true, canPublishAndModerate: true })
  })

  it('stores the page token encrypted: the raw document holds no token', async () => {
    const raw = await fanfare.app.store.connection
      .collection('pages')
      .findOne({ facebookPageId: DEMO_PAGE_ID })
    expect(raw?.sealedPageToken).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/)
    const token = createSecretBox(fanfare.config.secretKey, 'page tokens').open(raw?.sealedPageToken)
    expect(JSON.stringify(raw)).not.toContain(token)
    // What was sealed is a working, non-expiring page token for the demo page.
    const info = await fanfare.app.graph.debugToken(token)
    expect(info).toMatchObject({ isValid: true, type: 'PAGE', profileId: DEMO_PAGE_ID })
    expect(info.expiresAt).toBeUndefined()
  })

  it('subscribes the app to the page’s feed webhooks when connecting', async () => {
    const page = await api.get(`/api/v1/pages/${pageId}`)
    expect(page.body.webhookSubscribed).toBe(true)
  })

  it('marks the page as needing reconnection when Graph answers 190, and reconnecting clears it', async () => {
    await control(fanfare.sandbox, 'POST', '/tokens/invalidate', { pageId: DEMO_PAGE_ID, subcode: 460 })
    const checked = await api.post(`/api/v1/pages/${pageId}/check`)
    expect(checked.status).toBe(200)
    expect(checked.body.tokenStatus).toBe('needs_reconnect')
    expect(checked.body.tokenProblem).toBeTruthy()

    const page = await admin.get(`/pages/${pageId}`)
    expect(page.text).toContain('Facebook no longer accepts this page')

    const audit = await api.get('/api/v1/audit?action=page.needs_reconnect')
    expect(audit.body.entries).toHaveLength(1)

    const csrf = await csrfFrom(admin, '/pages/connect')
    const again = await admin
      .post('/pages/connect')
      .type('form')
      .send({ _csrf: csrf, facebookPageIds: DEMO_PAGE_ID })
    expect(again.status).toBe(303)
    const after = await api.post(`/api/v1/pages/${pageId}/check`)
    expect(after.body.tokenStatus).toBe('ok')
  })

  it('saves time zone, cap and quiet hours, and refuses bad ones naming the field', async () => {
    const bad = await api.patch(`/api/v1/pages/${pageId}`, {
      timeZone: 'Mars/Olympus',
      maxPostsPerDay: 0,
      quietHoursStart: '22:00',
    })
    expect(bad.status).toBe(400)
    const paths = bad.body.error.details.map((d: { path: string }) => d.path).sort()
    expect(paths).toEqual(['body.maxPostsPerDay', 'body.quietHoursEnd', 'body.timeZone'])

    const good = await api.patch(`/api/v1/pages/${pageId}`, {
      timeZone: 'Europe/Brussels',
      maxPostsPerDay: 4,
      quietHoursStart: '22:00',
      quietHoursEnd: '07:30',
    })
    expect(good.status).toBe(200)
    expect(good.body).toMatchObject({
      timeZone: 'Europe/Brussels',
      maxPostsPerDay: 4,
      quietHours: { start: '22:00', end: '07:30' },
    })

    const audit = await api.get('/api/v1/audit?action=page.settings')
    expect(audit.body.entries[0]).toMatchObject({
      before: { timeZone: 'Europe/Amsterdam' },
      after: { timeZone: 'Europe/Brussels', maxPostsPerDay: 4 },
    })
  })

  it('refuses to connect a page the admin does not manage', async () => {
    const res = await api.post('/api/v1/pages', { facebookPageIds: ['999999999'] })
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('pageNotManaged')
  })
})
