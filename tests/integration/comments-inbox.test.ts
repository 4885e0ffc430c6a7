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
  DEMO_USERS,
  loginThroughDialog,
  newBrowser,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

let fanfare: FanfareWithWorker
let browser: Browser
let api: ReturnType<typeof apiClient>
let postId: string

async function importDone(after: Date) {
  return vi.waitFor(
    async () => {
      const run = await stored(fanfare.app)
        .commentImports.findOne({ facebookPageId: DEMO_PAGE_ID, createdAt: { $gte: after } })
        .sort({ createdAt: -1 })
        .lean()
      if (run?.state !== 'done') throw new Error(`import ${run?.state}`)
      return run
    },
    { timeout: 20_000, interval: 100 },
  )
}

async function fanComment(message: string, fan: { id: string } = DEMO_FANS[0]) {
  return control(fanfare.sandbox, 'POST', '/comments', { on: postId, from: fan.id, message })
}

beforeAll(async () => {
  fanfare = await startFanfareWithWorker()
  await fanfare.app.listen({ host: '127.0.0.1', port: 0 })
  const address = fanfare.app.server.address() as { port: number }
  // The sandbox delivers its signed page webhooks to the real endpoint, after Meta's verification GET.
  await control(fanfare.sandbox, 'PUT', '/webhook', {
    callbackUrl: `http://127.0.0.1:${address.port}/webhooks/facebook`,
    verifyToken: fanfare.config.WEBHOOK_VERIFY_TOKEN,
    verify: true,
  })
  const started = new Date(Date.now() - 1000)
  ;({ browser } = await adminWithDemoPage(fanfare))
  await importDone(started)
  api = apiClient(fanfare, await createApiToken(browser))
  postId = (
    await control(fanfare.sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, { message: 'Nieuwe jassen!' })
  ).id
})
afterAll(async () => {
  await fanfare?.close()
})

describe('comment import', () => {
  it('imported the demo page’s recent comments when the page was connected', async () => {
    const listed = await api.get(`/api/v1/comments?page=${DEMO_PAGE_ID}&status=all`)
    expect(listed.status).toBe(200)
    const messages = listed.body.comments.map((c: { message: string }) => c.message)
    expect(messages).toContain('Mijn pakket is nog steeds niet geleverd 😡')
    // The seed's page reply counts as an answer given outside Fanfare.
    const late = listed.body.comments.find((c: { message: string }) => c.message.startsWith('Mijn pakket'))
    expect(late.firstResponseAt).not.toBeNull()
    const imports = await api.get('/api/v1/comments/imports')
    expect(imports.body.imports[0]).toMatchObject({
      facebookPageId: DEMO_PAGE_ID,
      state: 'done',
      percent: 100,
    })
  })

  it('finds comments made while webhooks were failing, once, after a backfill', async () => {
    const delivered = await fanComment('Is deze jas waterdicht?')
    await waitForComment(fanfare, delivered.id, (c) => c.contentVersion > 0)

    await control(fanfare.sandbox, 'POST', '/webhook/failures', { drop: 5 })
    const lost = [await fanComment('Nooit geleverd, waardeloos 😡'), await fanComment('Mooie jas, blij mee!')]
    const log = await control(fanfare.sandbox, 'POST', '/webhook/flush')
    expect(log.data.filter((d: { state: string }) => d.state === 'dropped').length).toBeGreaterThan(0)
    for (const c of lost) {
      expect(await stored(fanfare.app).comments.countDocuments({ facebookCommentId: c.id })).toBe(0)
    }
    await control(fanfare.sandbox, 'POST', '/webhook/failures', { drop: 0 })

    for (let run = 0; run < 2; run++) {
      const started = new Date(Date.now() - 1000)
      const res = await api.post('/api/v1/comments/imports', { pageId: DEMO_PAGE_ID, days: 30 })
      expect(res.status).toBe(202)
      await importDone(started)
    }
    for (const c of [delivered, ...lost]) {
      expect(await stored(fanfare.app).comments.countDocuments({ facebookCommentId: c.id })).toBe(1)
    }
    const lostComplaint = await stored(fanfare.app).comments.findOne({ facebookCommentId: lost[0].id }).lean()
    expect(lostComplaint).toMatchObject({ complaint: true, sentiment: 'negative' })
  })
})

describe('comment import of a busy post', () => {
  it('imports more comments than one Graph page holds, each once, replies with their parent', async () => {
    await control(fanfare.sandbox, 'POST', '/webhook/failures', { drop: 1000 })
    const busy = (
      await control(fanfare.sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, { message: 'Winactie: jassen!' })
    ).id as string
    const made: { id: string }[] = []
    for (let i = 0; i < 130; i++)
      made.push(
        await control(fanfare.sandbox, 'POST', '/comments', {
          on: busy,
          from: (DEMO_FANS[i % DEMO_FANS.length] as (typeof DEMO_FANS)[number]).id,
          message: `Mooie jas nummer ${i}!`,
        }),
      )
    const first = made[0] as { id: string }
    const reply = await control(fanfare.sandbox, 'POST', '/comments', {
      on: first.id,
      from: DEMO_FANS[1].id,
      message: 'Helemaal mee eens',
    })
    await control(fanfare.sandbox, 'POST', '/webhook/flush')
    await control(fanfare.sandbox, 'POST', '/webhook/failures', { drop: 0 })
    const { comments } = stored(fanfare.app)
    expect(await comments.countDocuments({ postId: busy })).toBe(0)

    const started = new Date(Date.now() - 1000)
    expect((await api.post('/api/v1/comments/imports', { pageId: DEMO_PAGE_ID, days: 30 })).status).toBe(202)
    await importDone(started)
    // 131 comments in two chunks of Graph's pages, each stored and counted once.
    expect(await comments.countDocuments({ postId: busy })).toBe(131)
    expect(await comments.countDocuments({ postId: busy, counted: { $ne: null } })).toBe(131)
    expect(await comments.findOne({ _id: reply.id }).lean()).toMatchObject({ parentId: first.id })
  })
})

describe('the inbox', () => {
  it('lists complaints first, then negative comments, then the oldest', async () => {
    const res = await api.get(`/api/v1/comments?page=${DEMO_PAGE_ID}`)
    const rows: { complaint: boolean; sentiment: string; createdTime: string }[] = res.body.comments
    const rank = (c: (typeof rows)[number]) => (c.complaint ? 0 : c.sentiment === 'negative' ? 1 : 2)
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]] as [(typeof rows)[number], (typeof rows)[number]]
      expect(rank(a) < rank(b) || (rank(a) === rank(b) && a.createdTime <= b.createdTime)).toBe(true)
    }
    expect(rank(rows[0] as (typeof rows)[number])).toBe(0)
  })

  it('posts a reply from the inbox under the comment on the sandbox page and records the first response', async () => {
    const angry = await fanComment(
      'Mijn bestelling is kapot aangekomen, echt teleurstelling 😡',
      DEMO_FANS[2],
    )
    await waitForComment(fanfare, angry.id, (c) => c.contentVersion > 0)
    const page = await browser.get(`/comments/${angry.id}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('kapot')
    const saved = await api.get('/api/v1/comments/saved-replies')
    const damaged = saved.body.savedReplies.find((r: { name: string }) => r.name === 'Kapot ontvangen')
    const csrf = await csrfFrom(browser, `/comments/${angry.id}`)
    const sent = await browser
      .post(`/comments/${angry.id}/reply`)
      .type('form')
      .send({ _csrf: csrf, message: '', savedReplyId: damaged.id, orderNumber: 'NL-4711' })
    expect(sent.status).toBe(303)

    const onSandbox = await control(fanfare.sandbox, 'GET', `/pages/${DEMO_PAGE_ID}/comments`)
    const reply = onSandbox.data.find((c: { parentId?: string }) => c.parentId === angry.id)
    expect(reply).toMatchObject({ authorKind: 'page' })
    expect(reply.message).toBe(
      'Hoi Fleur, sorry dat je product kapot is aangekomen. We sturen je graag een nieuwe; stuur je ordernummer NL-4711 via een privébericht?',
    )
    const comment = await api.get(`/api/v1/comments/${angry.id}`)
    expect(comment.body.comment).toMatchObject({ status: 'done' })
    expect(comment.body.comment.firstResponseAt).not.toBeNull()
    expect(comment.body.comment.responseSeconds).toBeGreaterThanOrEqual(0)
    expect(comment.body.comment.actions.map((a: { kind: string }) => a.kind)).toEqual(['reply'])
    const inStore = await stored(fanfare.app).comments.findOne({ facebookCommentId: angry.id }).lean()
    expect(inStore?.firstResponseBy?.name).toBe('Anne de Admin')
    // The sandbox's webhook for our own reply changes nothing about the first response.
    await control(fanfare.sandbox, 'POST', '/webhook/flush')
    await waitForComment(fanfare, reply.id)
    const again = await stored(fanfare.app).comments.findOne({ facebookCommentId: angry.id }).lean()
    expect(again?.firstResponseAt).toEqual(inStore?.firstResponseAt)
  })

  it('hides, assigns, notes and closes through Graph and the audit log, and shows it in the thread', async () => {
    const c = await fanComment('Waar blijft mijn terugbetaling?', DEMO_FANS[3])
    await waitForComment(fanfare, c.id, (x) => x.contentVersion > 0)
    const me = await api.get('/api/v1/comments/saved-replies')
    expect(me.status).toBe(200)
    const admin = await stored(fanfare.app).users.findOne({ role: 'admin' }).lean()
    expect((await api.post(`/api/v1/comments/${c.id}/hide`, { hidden: true })).body.hidden).toBe(true)
    const assigned = await api.post(`/api/v1/comments/${c.id}/assign`, { assigneeId: String(admin?._id) })
    expect(assigned.body.assignee, JSON.stringify(assigned.body)).toMatchObject({ name: 'Anne de Admin' })
    await api.post(`/api/v1/comments/${c.id}/notes`, { text: 'Klant belt morgen terug' })
    const done = await api.post(`/api/v1/comments/${c.id}/status`, { status: 'done' })
    expect(done.body.actions.map((a: { kind: string }) => a.kind)).toEqual(['hide', 'assign', 'note', 'done'])
    const onSandbox = await control(fanfare.sandbox, 'GET', `/pages/${DEMO_PAGE_ID}/comments`)
    expect(onSandbox.data.find((x: { id: string }) => x.id === c.id)).toMatchObject({ isHidden: true })
    const audit = await api.get('/api/v1/audit?targetType=comment')
    const actions = audit.body.entries.filter((e: { target: { id: string } }) => e.target.id === c.id)
    expect(actions.map((e: { action: string }) => e.action).sort()).toEqual(
      ['comment.assign', 'comment.done', 'comment.hide', 'comment.note'].sort(),
    )
    const thread = await browser.get(`/comments/${c.id}`)
    expect(thread.text).toContain('Klant belt morgen terug')
    const open = await api.get(`/api/v1/comments?page=${DEMO_PAGE_ID}`)
    expect(open.body.comments.map((x: { id: string }) => x.id)).not.toContain(c.id)
  })

  it('uses an edited word list for new comments and re-applies it to past ones', async () => {
    const before = await fanComment('Die nieuwe jas is flubberig', DEMO_FANS[4])
    const old = await waitForComment(fanfare, before.id, (x) => x.contentVersion > 0)
    expect(old.sentiment).not.toBe('negative')
    const settings = await api.get(`/api/v1/comments/settings/${DEMO_PAGE_ID}`)
    expect(settings.body.words).toContainEqual({ term: 'blij', weight: expect.any(Number) })
    const words = [...settings.body.words, { term: 'flubberig', weight: -5 }]
    const saved = await api.put(`/api/v1/comments/settings/${DEMO_PAGE_ID}`, { words, reapply: false })
    expect(saved.status).toBe(200)
    expect(saved.body.version).toBe(1)

    const after = await fanComment('Weer zo flubberig', DEMO_FANS[4])
    const fresh = await waitForComment(fanfare, after.id, (x) => x.contentVersion > 0)
    expect(fresh.sentiment).toBe('negative')
    expect(fresh.signals.map((s: { text?: string | null }) => s.text)).toContain('flubberig')
    expect(
      (await stored(fanfare.app).comments.findOne({ facebookCommentId: before.id }).lean())?.sentiment,
    ).toBe(old.sentiment)

    await api.put(`/api/v1/comments/settings/${DEMO_PAGE_ID}`, { words, reapply: true })
    await waitForComment(fanfare, before.id, (x) => x.sentiment === 'negative')
  })

  it('shows the day’s balance, list words and response time on the barometer, and as CSV', async () => {
    const res = await api.get(`/api/v1/barometer?page=${DEMO_PAGE_ID}`)
    expect(res.status).toBe(200)
    const today = res.body.days[res.body.days.length - 1]
    expect(today.total).toBeGreaterThan(0)
    expect(today.negative).toBeGreaterThan(0)
    expect(res.body.response.answered).toBeGreaterThan(0)
    expect(res.body.response.byModerator.map((m: { name: string }) => m.name)).toContain('Anne de Admin')
    expect(res.body.words.map((w: { term: string }) => w.term)).toContain('flubberig')
    // Counters equal a recount of the comments themselves.
    const comments = await stored(fanfare.app)
      .comments.find({ facebookPageId: DEMO_PAGE_ID, byPage: false, counted: { $ne: null } })
      .lean()
    const total = res.body.days.reduce((n: number, d: { total: number }) => n + d.total, 0)
    const inPeriod = comments.filter((c) => {
      const day = c.counted?.day ?? ''
      return day >= res.body.from && day <= res.body.to
    })
    expect(total).toBe(inPeriod.length)

    const html = await browser.get('/barometer')
    expect(html.status).toBe(200)
    // The chart is drawn by Chart.js from the page's data; the table beside it holds the same figures.
    expect(html.text).toContain('<canvas id="day-chart"')
    expect(html.text).toContain('src="/assets/vendor/chart.js/chart.umd.js"')
    const lib = await browser.get('/assets/vendor/chart.js/chart.umd.js')
    expect(lib.status).toBe(200)
    expect(lib.text).toContain('Chart.js v4')
    expect((await browser.get('/assets/vendor/chart.js/chart.js')).status).toBe(404)
    const csv = await browser.get(`/barometer.csv?page=${DEMO_PAGE_ID}`)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.text.split('\r\n')[0]).toBe(
      'day,total,positive,neutral,negative,complaints,delivery,damaged,refund,customer_service,price_payment,other',
    )
  })

  it('keeps marketers out of the inbox but lets them read the barometer', async () => {
    await stored(fanfare.app).users.create({
      facebookUserId: DEMO_USERS.marketer.id,
      name: DEMO_USERS.marketer.name,
      role: 'marketer',
    })
    const marketer = newBrowser(fanfare)
    await loginThroughDialog(marketer, DEMO_USERS.marketer.id)
    expect((await marketer.get('/comments')).status).toBe(403)
    expect((await marketer.get('/barometer')).status).toBe(200)

    const inbox = await browser.get('/comments')
    expect(inbox.status).toBe(200)
    expect(inbox.text).toContain(`href="/comments/settings/${DEMO_PAGE_ID}"`)
    const settings = await browser.get(`/comments/settings/${DEMO_PAGE_ID}`)
    expect(settings.text).toContain('flubberig -5')
    const docs = await browser.get('/docs/json')
    const paths = Object.keys(docs.body.paths)
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/comments', '/api/v1/comments/{id}/reply', '/api/v1/barometer']),
    )
  })
})
