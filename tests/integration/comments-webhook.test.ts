import { randomUUID } from 'node:crypto'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEMO_FANS } from '../../sandbox/seed.js'
import {
  type Change,
  type FanfareWithWorker,
  feedBody,
  postWebhook,
  sign,
  startFanfareWithWorker,
  waitForComment,
} from '../helpers/comments.js'
import { adminWithDemoPage, DEMO_PAGE_ID } from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

const fan = { id: DEMO_FANS[1].psid, name: DEMO_FANS[1].name }
const POST = `${DEMO_PAGE_ID}_900`
const newId = () => `${POST}_${randomUUID().replaceAll('-', '').slice(0, 12)}`.replace(/[a-f]/g, '7')
const now = () => Math.floor(Date.now() / 1000)

let fanfare: FanfareWithWorker
beforeAll(async () => {
  fanfare = await startFanfareWithWorker()
  await adminWithDemoPage(fanfare)
  // Connecting imports the page's last 30 days; let it finish so counters stay still.
  await vi.waitFor(
    async () => {
      const run = await stored(fanfare.app).commentImports.findOne({ facebookPageId: DEMO_PAGE_ID }).lean()
      if (run?.state !== 'done') throw new Error(`import ${run?.state}`)
    },
    { timeout: 20_000, interval: 100 },
  )
})
afterAll(async () => {
  await fanfare?.close()
})

describe('webhook verification', () => {
  it('echoes the challenge for the right verify token and refuses a wrong one', async () => {
    const ok = await supertest(fanfare.app.server).get('/webhooks/facebook').query({
      'hub.mode': 'subscribe',
      'hub.verify_token': 'verify-token-for-tests',
      'hub.challenge': '1158201444',
    })
    expect(ok.status).toBe(200)
    expect(ok.text).toBe('1158201444')
    const wrong = await supertest(fanfare.app.server).get('/webhooks/facebook').query({
      'hub.mode': 'subscribe',
      'hub.verify_token': 'not-the-token',
      'hub.challenge': '1158201444',
    })
    expect(wrong.status).toBe(403)
    expect(wrong.text).not.toContain('1158201444')
  })
})

describe('webhook signature', () => {
  it('accepts a correctly signed delivery and builds the comment from it', async () => {
    const id = newId()
    const body = feedBody(DEMO_PAGE_ID, [
      {
        verb: 'add',
        comment_id: id,
        post_id: POST,
        created_time: now(),
        message: 'Kapot aangekomen 😡',
        from: fan,
      },
    ])
    const res = await postWebhook(fanfare, body)
    expect(res.status).toBe(200)
    const comment = await waitForComment(fanfare, id, (c) => c.contentVersion > 0)
    expect(comment).toMatchObject({ message: 'Kapot aangekomen 😡', sentiment: 'negative', complaint: true })
  })

  it('rejects a tampered body and a wrong secret, and stores nothing', async () => {
    const id = newId()
    const body = feedBody(DEMO_PAGE_ID, [
      { verb: 'add', comment_id: id, post_id: POST, created_time: now(), message: 'Hallo', from: fan },
    ])
    const tampered = await postWebhook(fanfare, body.replace('Hallo', 'Hallo!'), sign(body))
    expect(tampered.status).toBe(401)
    const wrongSecret = await postWebhook(fanfare, body, sign(body, 'some-other-app-secret'))
    expect(wrongSecret.status).toBe(401)
    const unsigned = await supertest(fanfare.app.server)
      .post('/webhooks/facebook')
      .set('content-type', 'application/json')
      .send(body)
    expect(unsigned.status).toBe(401)
    const models = stored(fanfare.app)
    expect(await models.webhookEvents.countDocuments({ body: { $regex: id } })).toBe(0)
    expect(await models.comments.countDocuments({ facebookCommentId: id })).toBe(0)
  })

  it('answers 413 to a body over the limit', async () => {
    const huge = JSON.stringify({ object: 'page', entry: [], pad: 'x'.repeat(3 * 1024 * 1024) })
    const res = await postWebhook(fanfare, huge)
    expect(res.status).toBe(413)
  })
})

describe('idempotency and order', () => {
  it('makes one comment of the same delivery sent three times', async () => {
    const id = newId()
    const body = feedBody(DEMO_PAGE_ID, [
      { verb: 'add', comment_id: id, post_id: POST, created_time: now(), message: 'Drie keer?', from: fan },
    ])
    for (let i = 0; i < 3; i++) expect((await postWebhook(fanfare, body)).status).toBe(200)
    await waitForComment(fanfare, id, (c) => c.contentVersion > 0)
    const models = stored(fanfare.app)
    expect(await models.comments.countDocuments({ facebookCommentId: id })).toBe(1)
    expect(await models.webhookEvents.countDocuments({ body: { $regex: id } })).toBe(1)
    const days = await models.barometerDays.find({ facebookPageId: DEMO_PAGE_ID }).lean()
    const before = days.reduce((n, d) => n + (d.total ?? 0), 0)
    for (let i = 0; i < 2; i++) await postWebhook(fanfare, body)
    await new Promise((r) => setTimeout(r, 300))
    const after = (await models.barometerDays.find({ facebookPageId: DEMO_PAGE_ID }).lean()).reduce(
      (n, d) => n + (d.total ?? 0),
      0,
    )
    expect(after).toBe(before)
  })

  const permutations = <T>(xs: T[]): T[][] =>
    xs.length <= 1
      ? [xs]
      : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]))

  it('ends in the right state for add, edit and remove in every order', async () => {
    const { applier } = fanfare.app.comments
    const t = now() - 100
    for (const order of permutations(['add', 'edit', 'remove'])) {
      const id = newId()
      const events: Record<string, Change> = {
        add: {
          verb: 'add',
          comment_id: id,
          post_id: POST,
          created_time: t,
          message: 'Waar blijft mijn pakket',
          from: fan,
        },
        edit: {
          verb: 'edited',
          comment_id: id,
          post_id: POST,
          created_time: t + 5,
          message: 'Pakket is er, top!',
          from: fan,
        },
        remove: { verb: 'remove', comment_id: id, post_id: POST, created_time: t + 9, from: fan },
      }
      for (const verb of order)
        await applier.apply(DEMO_PAGE_ID, { item: 'comment', ...(events[verb] as Change) })
      // A duplicate of each, late, changes nothing.
      for (const verb of order)
        await applier.apply(DEMO_PAGE_ID, { item: 'comment', ...(events[verb] as Change) })
      const comment = await stored(fanfare.app).comments.findOne({ facebookCommentId: id }).lean()
      // Removed stays removed whatever comes late, and the creation time is the add's.
      expect(comment, order.join(' → ')).toMatchObject({ removed: true, createdTime: new Date(t * 1000) })
    }
    for (const order of permutations(['add', 'edit'])) {
      const id = newId()
      const add: Change = {
        verb: 'add',
        comment_id: id,
        post_id: POST,
        created_time: t,
        message: 'Niet blij',
        from: fan,
      }
      const edit: Change = {
        verb: 'edited',
        comment_id: id,
        post_id: POST,
        created_time: t,
        message: 'Toch blij!',
        from: fan,
      }
      for (const change of order === permutations(['add', 'edit'])[0] ? [add, edit] : [edit, add])
        await applier.apply(DEMO_PAGE_ID, { item: 'comment', ...change })
      const comment = await stored(fanfare.app).comments.findOne({ facebookCommentId: id }).lean()
      expect(comment).toMatchObject({ removed: false, message: 'Toch blij!', sentiment: 'positive' })
    }
  })

  it('converges when add, edit and remove arrive in one batch in reverse', async () => {
    const id = newId()
    const t = now() - 50
    const body = feedBody(DEMO_PAGE_ID, [
      { verb: 'remove', comment_id: id, post_id: POST, created_time: t + 2, from: fan },
      { verb: 'edited', comment_id: id, post_id: POST, created_time: t + 1, message: 'edit', from: fan },
      { verb: 'add', comment_id: id, post_id: POST, created_time: t, message: 'first', from: fan },
    ])
    expect((await postWebhook(fanfare, body)).status).toBe(200)
    const failed = async () => (await fanfare.worker.queues.comments.getFailed()).map((j) => j.failedReason)
    const comment = await waitForComment(fanfare, id, (c) => c.removed).catch(async (e) => {
      throw new Error(`${e.message}: ${JSON.stringify(await failed())}`)
    })
    expect(comment.removed).toBe(true)
  })

  it('counts a page reply seen in the webhook as the first response, even before the comment', async () => {
    const id = newId()
    const replyId = newId()
    const t = now() - 600
    const page = { id: DEMO_PAGE_ID, name: 'Demo Webshop' }
    await postWebhook(
      fanfare,
      feedBody(DEMO_PAGE_ID, [
        {
          verb: 'add',
          comment_id: replyId,
          post_id: POST,
          parent_id: id,
          created_time: t + 120,
          message: 'Sorry!',
          from: page,
        },
      ]),
    )
    await waitForComment(fanfare, replyId)
    await postWebhook(
      fanfare,
      feedBody(DEMO_PAGE_ID, [
        {
          verb: 'add',
          comment_id: id,
          post_id: POST,
          created_time: t,
          message: 'Nog steeds niks ontvangen',
          from: fan,
        },
      ]),
    )
    const comment = await waitForComment(fanfare, id, (c) => typeof c.responseSeconds === 'number').catch(
      async (e) => {
        const doc = await stored(fanfare.app).comments.findOne({ _id: id }).lean()
        throw new Error(`${e.message}: ${JSON.stringify(doc)}`)
      },
    )
    expect(comment.responseSeconds).toBe(120)
    expect(comment.firstResponseBy).toMatchObject({ userId: null })
  })
})
