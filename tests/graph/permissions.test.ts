// A person who unticks permissions in the login dialog is told which ones and what stops working
// (read from /me/permissions after login), and sees it again when reconnecting pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_USERS } from '../../sandbox/seed.js'
import { type Fanfare, newBrowser, startFanfare } from '../helpers/fanfare.js'

describe('missing permissions after login', () => {
  let fanfare: Fanfare
  beforeAll(async () => {
    fanfare = await startFanfare()
  })
  afterAll(() => fanfare?.close())

  it('lists the declined permissions with their consequences, in the person’s language, and on the connect page', async () => {
    const browser = newBrowser(fanfare)
    const start = await browser.get('/auth/login')
    const dialog = new URL(start.headers.location as string)
    dialog.searchParams.set('sandbox_user', DEMO_USERS.admin.id)
    dialog.searchParams.set('sandbox_decision', 'approve')
    dialog.searchParams.set('sandbox_decline', 'pages_manage_posts,pages_manage_metadata')
    const decided = await fetch(dialog, { redirect: 'manual' })
    const back = new URL(decided.headers.get('location') as string)
    const callback = await browser.get(back.pathname + back.search)
    expect(callback.status).toBe(303)
    expect(callback.headers.location).toBe('/auth/permissions')

    const page = await browser.get('/auth/permissions').set('accept-language', 'en')
    expect(page.status).toBe(200)
    expect(page.text).toContain('pages_manage_posts')
    expect(page.text).toContain('cannot publish, schedule, edit or delete posts')
    expect(page.text).toContain('pages_manage_metadata')
    expect(page.text).not.toContain('<code>pages_manage_engagement</code>')

    const connect = await browser.get('/pages/connect')
    expect(connect.status).toBe(200)
    expect(connect.text).toContain('pages_manage_posts')

    const dutch = await browser.get('/auth/permissions').set('accept-language', 'nl')
    expect(dutch.text).toContain('<html lang="nl">')
    expect(dutch.text).toContain('pages_manage_posts')
    expect(dutch.text).not.toContain('cannot publish, schedule, edit or delete posts')
  })

  it('asks Facebook again for what was declined when the person tries again', async () => {
    const browser = newBrowser(fanfare)
    const again = await browser.get('/auth/login?rerequest=1')
    expect(again.status).toBe(302)
    expect(new URL(again.headers.location as string).searchParams.get('auth_type')).toBe('rerequest')
    const plain = await browser.get('/auth/login')
    expect(new URL(plain.headers.location as string).searchParams.get('auth_type')).toBeNull()
    expect((await browser.get('/auth/login?rerequest=yes')).status).toBe(400)
  })
})
