import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QUEUE_NAMES } from '../../src/queues.js'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  createApiToken,
  DEMO_USERS,
  type Fanfare,
  joinTeam,
  newBrowser,
  PUBLIC_URL,
  startFanfare,
} from '../helpers/fanfare.js'

describe('queue dashboard', () => {
  let fanfare: Fanfare
  let admin: Browser
  let marketer: Browser

  beforeAll(async () => {
    fanfare = await startFanfare()
    ;({ browser: admin } = await adminWithDemoPage(fanfare))
    const adminApi = apiClient(fanfare, await createApiToken(admin))
    ;({ browser: marketer } = await joinTeam(fanfare, adminApi, DEMO_USERS.marketer.id, 'marketer'))
  })
  afterAll(() => fanfare.close())

  it('shows bull-board to admins with the posts queue in it', async () => {
    const page = await admin.get('/admin/queues')
    expect(page.status).toBe(200)
    expect(page.text).toContain('static/js/main')
    const queues = await admin.get('/admin/queues/api/queues')
    expect(queues.status).toBe(200)
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([...QUEUE_NAMES].sort())
    expect(QUEUE_NAMES).toContain('posts')
  })

  it('serves bull-board its fonts from Fanfare itself, not from Google Fonts the CSP refuses', async () => {
    const page = await admin.get('/admin/queues')
    expect(page.text).not.toContain('fonts.googleapis.com')
    const sheets = [...page.text.matchAll(/<link href="(\/admin\/queues-fonts\/[^"]+\.css)"/g)].map(
      (m) => m[1],
    )
    expect(sheets).toContain('/admin/queues-fonts/ibm-plex-sans/latin-400.css')
    const css = await admin.get(sheets[0] as string)
    expect(css.status).toBe(200)
    const font = /url\(\.\/(files\/[^)]+\.woff2)\)/.exec(css.text)?.[1]
    const woff2 = await admin.get(`/admin/queues-fonts/ibm-plex-sans/${font}`)
    expect(woff2.status).toBe(200)
    expect(page.headers['content-security-policy']).toContain("font-src 'self'")
    // Only the stylesheets and fonts of the packages, and only for admins.
    expect((await admin.get('/admin/queues-fonts/ibm-plex-sans/package.json')).status).toBe(404)
    expect((await marketer.get(sheets[0] as string)).status).toBe(403)
  })

  it('lets its buttons retry jobs from Fanfare’s own pages, and refuses the same call from another site', async () => {
    const retry = '/admin/queues/api/queues/posts/retry/failed'
    const own = await admin.put(retry).set('origin', PUBLIC_URL).send({})
    expect(own.status).toBe(200)
    const sameOriginFetch = await admin.put(retry).set('sec-fetch-site', 'same-origin').send({})
    expect(sameOriginFetch.status).toBe(200)
    const forged = await admin.put(retry).set('origin', 'https://evil.example').send({})
    expect(forged.status).toBe(403)
    expect(forged.body.error.code).toBe('csrf')
    expect((await admin.put(retry).send({})).status).toBe(403)
    expect((await marketer.put(retry).set('origin', PUBLIC_URL).send({})).status).toBe(403)
  })

  it('keeps everyone else out', async () => {
    expect((await marketer.get('/admin/queues/api/queues')).status).toBe(403)
    const anonymous = await newBrowser(fanfare).get('/admin/queues')
    expect(anonymous.status).toBe(303)
    expect(anonymous.headers.location).toBe('/auth/login')
  })
})
