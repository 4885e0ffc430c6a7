// Inbox search (text, author, post), bulk actions with a result per comment (hiding through Graph),
// the unread count behind the menu badge, and readable signals and saved replies in the comment's language.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEMO_FANS } from '../../sandbox/seed.js'
import { type FanfareWithWorker, startFanfareWithWorker, waitForComment } from '../helpers/comments.js'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  control,
  createApiToken,
  csrfFrom,
  DEMO_PAGE_ID,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

let fanfare: FanfareWithWorker
let browser: Browser
let api: ReturnType<typeof apiClient>
let postId: string
let otherPostId: string

async function fanComment(message: string, fan: { id: string } = DEMO_FANS[0], on = postId) {
  const made = await control(fanfare.sandbox, 'POST', '/comments', { on, from: fan.id, message })
  await waitForComment(fanfare, made.id, (c) => c.contentVersion > 0 && c.sentiment !== null)
  return made as { id: string }
}

beforeAll(async () => {
  fanfare = await startFanfareWithWorker()
  await fanfare.app.listen({ host: '127.0.0.1', port: 0 })
  const address = fanfare.app.server.address() as { port: number }
  await control(fanfare.sandbox, 'PUT', '/webhook', {
    callbackUrl: `http://127.0.0.1:${address.port}/webhooks/facebook`,
    verifyToken: fanfare.config.WEBHOOK_VERIFY_TOKEN,
    verify: true,
  })
  ;({ browser } = await adminWithDemoPage(fanfare))
  api = apiClient(fanfare, await createApiToken(browser))
  await vi.waitFor(
    async () => {
      const run = await stored(fanfare.app).commentImports.findOne({ facebookPageId: DEMO_PAGE_ID }).lean()
      if (run?.state !== 'done') throw new Error(`import ${run?.state}`)
    },
    { timeout: 20_000, interval: 100 },
  )
  // The imported backlog is worked through: only this file's comments are open.
  await stored(fanfare.app).comments.updateMany({}, { $set: { status: 'done' } })
  postId = (await control(fanfare.sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, { message: 'Jassen!' })).id
  otherPostId = (
    await control(fanfare.sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, { message: 'Sokken' })
  ).id
})
afterAll(async () => {
  await fanfare?.close()
})

describe('inbox search', () => {
  it('finds comments by a word of the text, by part of the author’s name and by post, literally', async () => {
    const fan = DEMO_FANS[2] as { id: string; name: string }
    const rits = await fanComment('De rits van mijn regenjas (maat L) is stuk', fan)
    const other = await fanComment('Wanneer komen de sokken weer binnen?', DEMO_FANS[0], otherPostId)

    const byText = await api.get('/api/v1/comments?q=RITS')
    expect(byText.body.comments.map((c: { id: string }) => c.id)).toEqual([rits.id])
    // Special characters are text, not a pattern: "(maat L)" matches, ".*" matches nothing.
    const literal = await api.get(`/api/v1/comments?q=${encodeURIComponent('(maat L)')}`)
    expect(literal.body.comments.map((c: { id: string }) => c.id)).toEqual([rits.id])
    expect((await api.get(`/api/v1/comments?q=${encodeURIComponent('.*')}`)).body.comments).toEqual([])

    const firstName = fan.name.split(' ')[0] as string
    const byAuthor = await api.get(`/api/v1/comments?author=${encodeURIComponent(firstName.toLowerCase())}`)
    expect(byAuthor.body.comments.map((c: { id: string }) => c.id)).toContain(rits.id)
    expect(byAuthor.body.comments.map((c: { id: string }) => c.id)).not.toContain(other.id)

    const byPost = await api.get(`/api/v1/comments?post=${otherPostId}`)
    expect(byPost.body.comments.map((c: { id: string }) => c.id)).toEqual([other.id])

    const page = await browser.get('/comments?q=rits')
    expect(page.text).toContain('De rits van mijn regenjas')
    expect(page.text).not.toContain('Wanneer komen de sokken')
    const none = await browser.get('/comments?q=onvindbaar')
    expect(none.text).toContain('No comments match this search.')
  })
})

describe('bulk actions', () => {
  it('marks several comments done, assigns them, and reports each comment', async () => {
    const a = await fanComment('Waar blijft mijn bestelling nou?')
    const b = await fanComment('Nog steeds niets ontvangen')
    const admin = await stored(fanfare.app).users.findOne({ role: 'admin' }).lean()
    const csrf = await csrfFrom(browser, '/comments')
    const assigned = await browser
      .post('/comments/bulk')
      .type('form')
      .send(`_csrf=${csrf}&action=assign&assigneeId=${admin?._id}&ids=${a.id}&ids=${b.id}`)
    expect(assigned.status).toBe(200)
    expect(assigned.text).toContain('2 comments assigned.')
    for (const id of [a.id, b.id]) {
      const c = await stored(fanfare.app).comments.findOne({ facebookCommentId: id }).lean()
      expect(c?.assigneeName).toBe(admin?.name)
    }

    const done = await api.post('/api/v1/comments/bulk', { ids: [a.id, b.id, '999_404'], action: 'done' })
    expect(done.status).toBe(200)
    expect(done.body.results).toEqual([
      { id: a.id, ok: true, error: null },
      { id: b.id, ok: true, error: null },
      { id: '999_404', ok: false, error: expect.objectContaining({ code: 'comments.notFound' }) },
    ])
    const stillOpen = await stored(fanfare.app).comments.countDocuments({
      facebookCommentId: { $in: [a.id, b.id] },
      status: 'open',
    })
    expect(stillOpen).toBe(0)
    // Each comment's change is audited, as when done one at a time.
    const audited = await stored(fanfare.app).audit.countDocuments({
      action: 'comment.done',
      'target.id': { $in: [a.id, b.id] },
    })
    expect(audited).toBe(2)
  })

  it('hides through Graph per comment and says which one Facebook refused', async () => {
    const good = await fanComment('Spam spam koop hier goedkope jassen')
    const refused = await fanComment('Nog meer spam hier')
    await control(fanfare.sandbox, 'POST', '/failures', {
      kind: 'permission',
      method: 'POST',
      path: `^/${refused.id}$`,
      times: 1,
    })
    const csrf = await csrfFrom(browser, '/comments')
    const res = await browser
      .post('/comments/bulk')
      .type('form')
      .send(`_csrf=${csrf}&action=hide&ids=${good.id}&ids=${refused.id}`)
    expect(res.status).toBe(200)
    expect(res.text).toContain('1 comment hidden on Facebook.')
    expect(res.text).toContain('1 comment did not work')
    const onSandbox = await control(fanfare.sandbox, 'GET', `/pages/${DEMO_PAGE_ID}/comments`)
    const hidden = (id: string) => onSandbox.data.find((c: { id: string }) => c.id === id)?.isHidden
    expect(hidden(good.id)).toBe(true)
    expect(hidden(refused.id)).not.toBe(true)
    const stored1 = await stored(fanfare.app).comments.findOne({ facebookCommentId: refused.id }).lean()
    expect(stored1?.hidden).toBe(false)
  })

  it('refuses a bulk form without its CSRF token', async () => {
    const res = await browser.post('/comments/bulk').type('form').send('action=done&ids=1_2')
    expect(res.status).toBe(403)
  })
})

describe('unread count', () => {
  it('counts open comments that arrived after the member last opened the inbox', async () => {
    await browser.get('/comments')
    expect((await api.get('/api/v1/comments/unread')).body.unread).toBe(0)
    await fanComment('Een nieuwe vraag over maat M')
    await fanComment('En nog eentje over de kleur')
    expect((await api.get('/api/v1/comments/unread')).body.unread).toBe(2)
    const home = await browser.get('/')
    expect(home.text).toMatch(/class="nav-badge" data-badge="inbox"[^>]*> <span class="count">2<\/span>/)
    await browser.get('/comments')
    expect((await api.get('/api/v1/comments/unread')).body.unread).toBe(0)
  })
})

describe('what the moderator is shown', () => {
  it('shows whole words and emoji that drove the verdict, and saved replies in the comment’s language first', async () => {
    const en = await fanComment(
      'Terrible service, the jacket arrived broken 3 weeks ago and nobody answers 😡',
    )
    const csrf = await csrfFrom(browser, '/comments/saved-replies')
    for (const [name, language] of [
      ['Alpha nl', 'nl'],
      ['Zulu en', 'en'],
    ] as const) {
      await browser
        .post('/comments/saved-replies')
        .type('form')
        .send({ _csrf: csrf, name, language, text: `Reply ${name}` })
    }
    const thread = await browser.get(`/comments/${en.id}`)
    const saved = [...thread.text.matchAll(/class="secondary use-saved"[^>]*>([^<]+)</g)].map((m) => m[1])
    expect(saved.indexOf('Zulu en (en)')).toBeLessThan(saved.indexOf('Alpha nl (nl)'))
    const signals = /<ul class="signals">([\s\S]*?)<\/ul>/.exec(thread.text)?.[1] ?? ''
    expect(signals).toContain('😡')
    expect(signals).not.toMatch(/“ago and”|“and”|“the”/)
  })
})
