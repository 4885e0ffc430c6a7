// Contract (b): the sandbox answers each call Fanfare makes in the shape Facebook was recorded
// answering it (tests/fixtures/graph/): same field names and value kinds, id and time formats,
// error object, paging object, webhook payload. A mismatch either way fails.
import { createHmac } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StartedSandbox } from '../../sandbox/app.js'
import { DEMO_FANS } from '../../sandbox/seed.js'
import { COMMENT_FIELDS, POST_FIELDS } from '../../src/graph/index.js'
import { response, webhook } from '../graph/corpus.js'
import { compareShapes, queryKeys } from '../graph/shape.js'
import {
  control,
  DEMO_PAGE_ID,
  graph,
  pageToken,
  startReceiver,
  startTestSandbox,
  TEST_APP_ID,
  TEST_APP_SECRET,
  userToken,
} from '../helpers/sandbox.js'

let sandbox: StartedSandbox
let receiver: Awaited<ReturnType<typeof startReceiver>>
let token: string
beforeEach(async () => {
  receiver = await startReceiver()
  sandbox = await startTestSandbox({
    webhook: { callbackUrl: receiver.url, verifyToken: receiver.verifyToken },
  })
  token = await pageToken(sandbox)
})
afterEach(async () => {
  await sandbox.close()
  await receiver.close()
})

const v = (path: string) => `/v25.0${path}`
const same = (recorded: unknown, actual: unknown, ignore: string[] = []) =>
  expect(compareShapes(recorded, actual, { ignore })).toEqual([])

async function postWithComments(n: number) {
  const post = await control(sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, {
    message: 'Win!',
    link: 'https://shop.example/jas',
  })
  const ids: string[] = []
  for (let i = 0; i < n; i += 1) {
    const fan = DEMO_FANS[i % DEMO_FANS.length] as (typeof DEMO_FANS)[number]
    ids.push(
      (
        await control(sandbox, 'POST', '/comments', {
          on: post.id,
          from: fan.psid,
          message: `Reactie ${i + 1}`,
        })
      ).id,
    )
  }
  return { postId: post.id as string, ids }
}

describe('answers have the recorded shapes', () => {
  it('/me/accounts, /me/permissions, debug_token', async () => {
    const user = await userToken(sandbox)
    const accounts = await graph(sandbox, 'GET', v('/me/accounts'), {
      access_token: user,
      fields: 'id,name,category,category_list,access_token,tasks',
    })
    same(response('me-accounts').body, accounts.body, ['paging'])
    const permissions = await graph(sandbox, 'GET', v('/me/permissions'), { access_token: user })
    same(response('me-permissions-declined').body, permissions.body)
    const debug = await graph(sandbox, 'GET', v('/debug_token'), {
      access_token: `${TEST_APP_ID}|${TEST_APP_SECRET}`,
      input_token: user,
    })
    // granular_scopes is documented, the sandbox does not model it
    same(response('debug-token').body, debug.body, ['data.granular_scopes'])
  })

  it('the feed with POST_FIELDS: attachments{url,unshimmed_url,media_type}, no link', async () => {
    await postWithComments(0)
    const feed = await graph(sandbox, 'GET', v(`/${DEMO_PAGE_ID}/feed`), {
      access_token: token,
      fields: POST_FIELDS,
      limit: 2,
    })
    expect(feed.status).toBe(200)
    same(response('feed-posts').body, feed.body, ['data[].full_picture', 'paging.previous'])
    expect(queryKeys(feed.body.paging.next)).toContain('after')
  })

  it('a comment with its parent, and a list with summary=true', async () => {
    const { postId, ids } = await postWithComments(1)
    const fan = DEMO_FANS[1]
    const reply = await control(sandbox, 'POST', '/comments', {
      on: ids[0],
      from: fan.psid,
      message: 'Ik ook',
    })
    const one = await graph(sandbox, 'GET', v(`/${reply.id}`), {
      access_token: token,
      fields: COMMENT_FIELDS,
    })
    same(response('comment-full').body, one.body)
    const list = await graph(sandbox, 'GET', v(`/${postId}/comments`), {
      access_token: token,
      summary: 'true',
      filter: 'toplevel',
      fields: 'created_time,from,message,id',
    })
    same(response('comments-summary').body, list.body)
  })

  it('cursor paging, and an empty page that still has next (as restfb recorded)', async () => {
    const { postId } = await postWithComments(5)
    const first = await graph(sandbox, 'GET', v(`/${postId}/comments`), {
      access_token: token,
      limit: 2,
      fields: 'id,message,created_time,from',
    })
    same(response('walk-cursor-1').body, first.body)
    await control(sandbox, 'POST', '/paging', { emptyPages: 1 })
    const empty = await graph(sandbox, 'GET', v(`/${postId}/comments`), {
      access_token: token,
      limit: 2,
      fields: 'id,message,created_time,from',
      after: first.body.paging.cursors.after,
    })
    same(response('walk-cursor-2-empty').body, empty.body)
    same(response('list-cursor-empty-with-next').body, empty.body)
  })

  it('time-based paging: next/previous with until/since and __paging_token, no cursors', async () => {
    const { postId } = await postWithComments(5)
    await control(sandbox, 'POST', '/paging', { timeBased: ['comments'] })
    const first = await graph(sandbox, 'GET', v(`/${postId}/comments`), {
      access_token: token,
      limit: 2,
      fields: 'id,message,created_time,from',
    })
    same(response('walk-time-1').body, first.body, ['paging.previous'])
    const next = new URL(first.body.paging.next)
    const second = await graph(sandbox, 'GET', `${next.pathname}`, {
      ...Object.fromEntries(next.searchParams),
      access_token: token,
    })
    same(response('walk-time-1').body, second.body)
    const recorded = response('walk-time-1').body.paging
    for (const key of ['next', 'previous'] as const)
      expect(queryKeys(second.body.paging[key]).filter((k) => !['fields', 'limit'].includes(k))).toEqual(
        queryKeys(recorded[key]).filter((k) => !['fields', 'limit'].includes(k)),
      )
  })

  it('write answers: {id} as {page}_{post}, {success: true}, subscribed_apps {success: "true"}', async () => {
    const created = await graph(sandbox, 'POST', v(`/${DEMO_PAGE_ID}/feed`), {
      access_token: token,
      message: 'Hallo',
    })
    same(response('publish-post').body, created.body)
    const edited = await graph(sandbox, 'POST', v(`/${created.body.id}`), {
      access_token: token,
      message: 'Nieuw',
    })
    same(response('success').body, edited.body)
    const installed = await graph(sandbox, 'POST', v(`/${DEMO_PAGE_ID}/subscribed_apps`), {
      access_token: token,
      subscribed_fields: 'feed',
    })
    same(response('subscribed-apps-post').body, installed.body)
    expect(installed.body.success).toBe('true')
  })
})

describe('errors have the recorded shapes and statuses', () => {
  it('190 at HTTP 400 like the recording, with subcode and user texts', async () => {
    await control(sandbox, 'POST', '/tokens/invalidate', { token, subcode: 460 })
    const answer = await graph(sandbox, 'GET', v('/me'), { access_token: token })
    const recorded = response('error-190-460')
    expect(answer.status).toBe(recorded.status)
    same(recorded.body, answer.body)
  })

  it('(#12) for link, type or object_id on a post or the feed', async () => {
    const { postId } = await postWithComments(0)
    const recorded = response('error-12-link')
    for (const [path, fields] of [
      [`/${postId}`, 'id,link'],
      [`/${DEMO_PAGE_ID}/feed`, 'id,message,link'],
      [`/${DEMO_PAGE_ID}/feed`, 'type'],
      [`/${postId}`, 'object_id'],
    ] as const) {
      const answer = await graph(sandbox, 'GET', v(path), { access_token: token, fields })
      expect(answer.status, `${path}?fields=${fields}`).toBe(recorded.status)
      same(recorded.body, answer.body)
      expect(answer.body.error.message).toBe(recorded.body.error.message)
    }
  })
})

describe('webhooks have the recorded shapes and bytes', () => {
  beforeEach(async () => {
    await graph(sandbox, 'POST', v(`/${DEMO_PAGE_ID}/subscribed_apps`), {
      access_token: token,
      subscribed_fields: 'feed',
    })
  })

  async function deliveries() {
    await control(sandbox, 'POST', '/webhook/flush')
    return receiver.received.filter((r) => r.method === 'POST')
  }

  it('add as recorded (from form), remove as recorded: no created_time, no message', async () => {
    const { ids } = await postWithComments(1)
    await control(sandbox, 'DELETE', `/comments/${ids[0]}`)
    const bodies = (await deliveries()).map((d) => JSON.parse(d.rawBody.toString('utf8')))
    const values = bodies.flatMap((b) =>
      b.entry.flatMap((e: { changes: { value: { verb: string } }[] }) => e.changes),
    )
    const add = values.find((c: { value: { verb: string } }) => c.value.verb === 'add')
    const remove = values.find((c: { value: { verb: string } }) => c.value.verb === 'remove')
    same(webhook('comment-add-from').body.entry[0].changes[0], add)
    same(webhook('comment-remove').body.entry[0].changes[0], remove)
    same({ ...webhook('comment-remove').body, entry: [] }, { ...bodies[0], entry: [] })
  })

  it('escapes non-ASCII as \\uXXXX like Meta and signs those exact bytes', async () => {
    const post = await control(sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, { message: 'Win!' })
    await control(sandbox, 'POST', '/comments', {
      on: post.id,
      from: DEMO_FANS[0].psid,
      message: 'Café 😀 https://shop.example/a',
    })
    const [delivery] = await deliveries()
    const raw = delivery?.rawBody.toString('utf8') ?? ''
    expect(raw).toContain('Caf\\u00e9 \\ud83d\\ude00 https:\\/\\/shop.example\\/a')
    expect([...raw].every((char) => char.charCodeAt(0) < 0x80)).toBe(true)
    const signature = `sha256=${createHmac('sha256', TEST_APP_SECRET)
      .update(delivery?.rawBody ?? '')
      .digest('hex')}`
    expect(delivery?.headers['x-hub-signature-256']).toBe(signature)
    expect(JSON.parse(raw).entry[0].changes[0].value.message).toBe(
      webhook('comment-add-escaped').expect?.message,
    )
  })
})
