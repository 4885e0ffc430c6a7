// The sandbox's page webhooks: installation, app subscription with verification, signed
// deliveries, retries and dropped deliveries.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StartedSandbox } from '../../sandbox/app.js'
import { DEMO_FANS } from '../../sandbox/seed.js'
import {
  control,
  DEMO_PAGE_ID,
  DEMO_USERS,
  graph,
  pageToken,
  startReceiver,
  startTestSandbox,
  TEST_APP_ID,
  TEST_APP_SECRET,
} from '../helpers/sandbox.js'

/** What Fanfare's webhook route must do: HMAC-SHA256 over the raw bytes, constant-time compare. */
function verifySignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (!header?.startsWith('sha256=')) return false
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('hex'))
  const given = Buffer.from(header.slice('sha256='.length))
  return expected.length === given.length && timingSafeEqual(expected, given)
}

let sandbox: StartedSandbox
let receiver: Awaited<ReturnType<typeof startReceiver>>
let token: string
let postId: string
beforeEach(async () => {
  receiver = await startReceiver()
  sandbox = await startTestSandbox({
    webhook: { callbackUrl: receiver.url, verifyToken: receiver.verifyToken },
  })
  token = await pageToken(sandbox)
  postId = (await control(sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, { message: 'Wie wint?' })).id
})
afterEach(async () => {
  await sandbox.close()
  await receiver.close()
})

async function install() {
  const answer = await graph(sandbox, 'POST', `/v25.0/${DEMO_PAGE_ID}/subscribed_apps`, {
    access_token: token,
    subscribed_fields: 'feed',
  })
  expect(answer.body).toEqual({ success: 'true' })
}

describe('webhook setup', () => {
  it('installs the app on the page and lists it', async () => {
    await install()
    const list = await graph(sandbox, 'GET', `/v25.0/${DEMO_PAGE_ID}/subscribed_apps`, {
      access_token: token,
    })
    expect(list.body.data).toEqual([
      expect.objectContaining({ id: TEST_APP_ID, subscribed_fields: ['feed'] }),
    ])
    const removed = await graph(sandbox, 'DELETE', `/v25.0/${DEMO_PAGE_ID}/subscribed_apps`, {
      access_token: token,
    })
    expect(removed.body).toEqual({ success: true })
  })

  it('subscribes the app with an app token after the verification GET', async () => {
    const appToken = `${TEST_APP_ID}|${TEST_APP_SECRET}`
    const ok = await graph(sandbox, 'POST', `/v25.0/${TEST_APP_ID}/subscriptions`, {
      access_token: appToken,
      object: 'page',
      callback_url: receiver.url,
      verify_token: receiver.verifyToken,
      fields: 'feed',
    })
    expect(ok.body).toEqual({ success: true })
    const wrong = await graph(sandbox, 'POST', `/v25.0/${TEST_APP_ID}/subscriptions`, {
      access_token: appToken,
      object: 'page',
      callback_url: receiver.url,
      verify_token: 'wrong',
      fields: 'feed',
    })
    expect(wrong.body.error.code).toBe(2200)
    const notApp = await graph(sandbox, 'GET', `/v25.0/${TEST_APP_ID}/subscriptions`, { access_token: token })
    expect(notApp.status).toBe(403)
  })

  it('sends nothing for a page that did not install the app', async () => {
    await control(sandbox, 'POST', '/comments', { on: postId, from: DEMO_FANS[0].id, message: 'hallo' })
    await control(sandbox, 'POST', '/webhook/flush')
    expect(receiver.received).toHaveLength(0)
  })
})

describe('deliveries', () => {
  it('delivers a fan comment signed with the app secret; a tampered body does not verify', async () => {
    await install()
    const comment = await control(sandbox, 'POST', '/comments', {
      on: postId,
      from: DEMO_FANS[1].id,
      message: 'Mijn pakket is nog steeds niet geleverd 😡',
    })
    const [delivery] = await receiver.waitFor(1)
    if (!delivery) throw new Error('no delivery')
    expect(delivery.headers['content-type']).toBe('application/json')
    const signature = delivery.headers['x-hub-signature-256'] as string
    expect(verifySignature(delivery.rawBody, signature, TEST_APP_SECRET)).toBe(true)
    expect(verifySignature(delivery.rawBody, signature, 'other-secret')).toBe(false)
    const tampered = Buffer.from(delivery.rawBody.toString().replace('geleverd', 'GELEVERD'))
    expect(verifySignature(tampered, signature, TEST_APP_SECRET)).toBe(false)

    const payload = JSON.parse(delivery.rawBody.toString())
    expect(payload.object).toBe('page')
    expect(payload.entry[0]).toMatchObject({ id: DEMO_PAGE_ID, time: expect.any(Number) })
    expect(payload.entry[0].changes[0]).toEqual({
      field: 'feed',
      value: {
        item: 'comment',
        verb: 'add',
        created_time: expect.any(Number),
        post_id: postId,
        comment_id: comment.id,
        parent_id: postId,
        message: 'Mijn pakket is nog steeds niet geleverd 😡',
        from: { id: DEMO_FANS[1].psid, name: DEMO_FANS[1].name },
      },
    })
  })

  it('reports page replies, hides, unhides, edits and removals', async () => {
    await install()
    const comment = await control(sandbox, 'POST', '/comments', {
      on: postId,
      from: DEMO_FANS[0].id,
      message: 'x',
    })
    const moderator = await pageToken(sandbox, DEMO_USERS.moderator.id)
    const reply = await graph(sandbox, 'POST', `/v25.0/${comment.id}/comments`, {
      access_token: moderator,
      message: 'Dank!',
    })
    await graph(sandbox, 'POST', `/v25.0/${comment.id}`, { access_token: moderator, is_hidden: true })
    await graph(sandbox, 'POST', `/v25.0/${comment.id}`, { access_token: moderator, is_hidden: false })
    await control(sandbox, 'POST', `/comments/${comment.id}/edit`, { message: 'y' })
    await graph(sandbox, 'DELETE', `/v25.0/${comment.id}`, { access_token: moderator })
    await control(sandbox, 'POST', '/webhook/flush')
    const changes = receiver.received.flatMap((d) =>
      JSON.parse(d.rawBody.toString()).entry.flatMap((e: { changes: { value: unknown }[] }) =>
        e.changes.map((c) => c.value),
      ),
    )
    expect(changes.map((c: { verb: string }) => c.verb)).toEqual([
      'add',
      'add',
      'hide',
      'unhide',
      'edited',
      'remove',
    ])
    expect(changes[1]).toMatchObject({
      comment_id: reply.body.id,
      parent_id: comment.id,
      from: { id: DEMO_PAGE_ID },
    })
  })

  it('batches changes that happen together into one delivery', async () => {
    await install()
    await Promise.all(
      DEMO_FANS.map((fan) =>
        control(sandbox, 'POST', '/comments', { on: postId, from: fan.id, message: fan.name }),
      ),
    )
    await control(sandbox, 'POST', '/webhook/flush')
    const total = receiver.received.reduce(
      (sum, d) => sum + JSON.parse(d.rawBody.toString()).entry[0].changes.length,
      0,
    )
    expect(total).toBe(DEMO_FANS.length)
    expect(receiver.received.length).toBeLessThan(DEMO_FANS.length)
  })

  it('retries a failed delivery on the schedule and logs the attempts', async () => {
    await install()
    receiver.failWith(500, 503)
    await control(sandbox, 'POST', '/comments', { on: postId, from: DEMO_FANS[0].id, message: 'retry me' })
    const received = await receiver.waitFor(3)
    expect(received.map((d) => d.rawBody.toString())).toEqual(Array(3).fill(received[0]?.rawBody.toString()))
    const log = await control(sandbox, 'GET', '/webhook/deliveries')
    expect(log.data[0].state).toBe('delivered')
    expect(log.data[0].attempts.map((a: { status: number }) => a.status)).toEqual([500, 503, 200])
  })

  it('gives up after the last retry', async () => {
    await install()
    receiver.failWith(500, 500, 500, 500, 500)
    await control(sandbox, 'POST', '/comments', { on: postId, from: DEMO_FANS[0].id, message: 'never' })
    await receiver.waitFor(4)
    await new Promise((resolve) => setTimeout(resolve, 150))
    const log = await control(sandbox, 'GET', '/webhook/deliveries')
    expect(log.data[0].state).toBe('failed')
    expect(log.data[0].attempts).toHaveLength(4)
  })

  it('drops the next N deliveries for good when asked (to test backfill)', async () => {
    await install()
    await control(sandbox, 'POST', '/webhook/failures', { drop: 1 })
    await control(sandbox, 'POST', '/comments', { on: postId, from: DEMO_FANS[0].id, message: 'lost' })
    await control(sandbox, 'POST', '/webhook/flush')
    await control(sandbox, 'POST', '/comments', { on: postId, from: DEMO_FANS[0].id, message: 'arrives' })
    const [delivery] = await receiver.waitFor(1)
    expect(delivery?.rawBody.toString()).toContain('arrives')
    const log = await control(sandbox, 'GET', '/webhook/deliveries')
    expect(log.data.map((d: { state: string }) => d.state)).toEqual(['dropped', 'delivered'])
    // the lost comment is still there for a backfill
    const comments = await graph(sandbox, 'GET', `/v25.0/${postId}/comments`, { access_token: token })
    expect(comments.body.data.map((c: { message: string }) => c.message)).toEqual(['lost', 'arrives'])
  })
})
