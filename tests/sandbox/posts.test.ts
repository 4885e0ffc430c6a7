// The sandbox's page publishing: feed, photos, scheduling window, edit/delete, permissions,
// appsecret_proof, usage headers and crash-after-commit injection.
import { createHmac } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StartedSandbox } from '../../sandbox/app.js'
import {
  control,
  DEMO_PAGE_ID,
  DEMO_USERS,
  graph,
  pageToken,
  startTestSandbox,
  TEST_APP_SECRET,
  userToken,
} from '../helpers/sandbox.js'

let sandbox: StartedSandbox
let token: string
beforeEach(async () => {
  sandbox = await startTestSandbox()
  token = await pageToken(sandbox)
})
afterEach(async () => {
  await sandbox.close()
})

const feed = `/v25.0/${DEMO_PAGE_ID}/feed`

describe('publishing', () => {
  it('publishes a post that is then first in the feed, and edits and deletes it', async () => {
    const created = await graph(sandbox, 'POST', feed, {
      access_token: token,
      message: 'Nieuwe collectie!',
      link: 'https://demo-webshop.example/nieuw',
    })
    expect(created.status).toBe(200)
    expect(created.body.id).toMatch(new RegExp(`^${DEMO_PAGE_ID}_\\d+$`))
    expect(created.headers.get('x-business-use-case-usage')).toContain(DEMO_PAGE_ID)

    const list = await graph(sandbox, 'GET', feed, {
      access_token: token,
      fields: 'id,message,attachments{unshimmed_url},created_time',
    })
    expect(list.body.data[0]).toMatchObject({ id: created.body.id, message: 'Nieuwe collectie!' })
    expect(list.body.data[0].created_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/)

    const edited = await graph(sandbox, 'POST', `/v25.0/${created.body.id}`, {
      access_token: token,
      message: 'Aangepast',
    })
    expect(edited.body).toEqual({ success: true })
    const read = await graph(sandbox, 'GET', `/v25.0/${created.body.id}`, {
      access_token: token,
      fields: 'message',
    })
    expect(read.body).toEqual({ message: 'Aangepast', id: created.body.id })

    expect(
      (await graph(sandbox, 'DELETE', `/v25.0/${created.body.id}`, { access_token: token })).body,
    ).toEqual({
      success: true,
    })
    const gone = await graph(sandbox, 'GET', `/v25.0/${created.body.id}`, { access_token: token })
    expect(gone.status).toBe(400)
    expect(gone.body.error).toMatchObject({ code: 100, error_subcode: 33 })
  })

  it('takes JSON bodies too', async () => {
    const response = await fetch(`${sandbox.url}${feed}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ message: 'via JSON', published: true }),
    })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { id: string }).id).toContain(`${DEMO_PAGE_ID}_`)
  })

  it('publishes a photo by url', async () => {
    const photo = await graph(sandbox, 'POST', `/v25.0/${DEMO_PAGE_ID}/photos`, {
      access_token: token,
      url: 'https://demo-webshop.example/img/jas.jpg',
      caption: 'De jas',
    })
    expect(photo.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      post_id: expect.stringContaining(`${DEMO_PAGE_ID}_`),
    })
    const post = await graph(sandbox, 'GET', `/v25.0/${photo.body.post_id}`, {
      access_token: token,
      fields: 'message,full_picture',
    })
    expect(post.body).toMatchObject({
      message: 'De jas',
      full_picture: 'https://demo-webshop.example/img/jas.jpg',
    })
  })

  it('refuses a scheduled time less than 10 minutes or more than 30 days ahead', async () => {
    const now = Math.floor(Date.now() / 1000)
    for (const at of [now + 5 * 60, now + 31 * 86400]) {
      const answer = await graph(sandbox, 'POST', feed, {
        access_token: token,
        message: 'later',
        published: false,
        scheduled_publish_time: at,
      })
      expect(answer.status).toBe(400)
      expect(answer.body.error).toMatchObject({ code: 100, type: 'OAuthException' })
      expect(answer.body.error.message).toContain('scheduled publish time is invalid')
    }
  })

  it('schedules within the window (unix or ISO 8601): in scheduled_posts, not in the feed until the time', async () => {
    const at = new Date(Date.now() + 3600_000)
    const answer = await graph(sandbox, 'POST', feed, {
      access_token: token,
      message: 'straks',
      published: false,
      scheduled_publish_time: at.toISOString(),
    })
    expect(answer.status).toBe(200)
    const scheduled = await graph(sandbox, 'GET', `/v25.0/${DEMO_PAGE_ID}/scheduled_posts`, {
      access_token: token,
      fields: 'id,scheduled_publish_time,is_published',
    })
    expect(scheduled.body.data).toEqual([
      { id: answer.body.id, scheduled_publish_time: Math.floor(at.getTime() / 1000), is_published: false },
    ])
    const before = await graph(sandbox, 'GET', feed, { access_token: token })
    expect(before.body.data.map((p: { id: string }) => p.id)).not.toContain(answer.body.id)
    await control(sandbox, 'POST', '/clock', { advanceMs: 2 * 3600_000 })
    const after = await graph(sandbox, 'GET', `/v25.0/${DEMO_PAGE_ID}/published_posts`, {
      access_token: await pageToken(sandbox),
    })
    expect(after.body.data.map((p: { id: string }) => p.id)).toContain(answer.body.id)
  })

  it('pages the feed newest first with cursors and paging.next', async () => {
    for (let i = 0; i < 7; i++)
      await graph(sandbox, 'POST', feed, { access_token: token, message: `post ${i}` })
    const seen: string[] = []
    let answer = await graph(sandbox, 'GET', feed, { access_token: token, limit: 4 })
    seen.push(...answer.body.data.map((p: { message: string }) => p.message))
    expect(answer.body.paging.next).toContain('after=')
    answer = await graph(sandbox, 'GET', feed, {
      access_token: token,
      limit: 4,
      after: answer.body.paging.cursors.after,
    })
    seen.push(...answer.body.data.map((p: { message: string }) => p.message))
    answer = await graph(sandbox, 'GET', feed, {
      access_token: token,
      limit: 4,
      after: answer.body.paging.cursors.after,
    })
    seen.push(...answer.body.data.map((p: { message: string }) => p.message))
    expect(answer.body.paging?.next).toBeUndefined()
    expect(seen.slice(0, 7)).toEqual(['post 6', 'post 5', 'post 4', 'post 3', 'post 2', 'post 1', 'post 0'])
    expect(seen).toHaveLength(10) // 7 new + 3 demo posts
  })
})

describe('who may publish', () => {
  it('refuses a moderator (no CREATE_CONTENT task) with (#200)', async () => {
    const moderator = await pageToken(sandbox, DEMO_USERS.moderator.id)
    const answer = await graph(sandbox, 'POST', feed, { access_token: moderator, message: 'x' })
    expect(answer.status).toBe(403)
    expect(answer.body.error.code).toBe(200)
  })

  it('refuses a token without pages_manage_posts with (#200) naming the permission', async () => {
    const limited = await pageToken(sandbox, DEMO_USERS.admin.id, {
      scopes: ['pages_show_list', 'pages_read_engagement'],
    })
    const answer = await graph(sandbox, 'POST', feed, { access_token: limited, message: 'x' })
    expect(answer.body.error.code).toBe(200)
    expect(answer.body.error.message).toContain('pages_manage_posts')
  })

  it('needs a page token to publish', async () => {
    const answer = await graph(sandbox, 'POST', feed, {
      access_token: await userToken(sandbox),
      message: 'x',
    })
    expect(answer.body.error.code).toBe(210)
  })

  it('refuses to edit a post the app did not make', async () => {
    const demoPost = (await graph(sandbox, 'GET', feed, { access_token: token })).body.data[0].id
    const answer = await graph(sandbox, 'POST', `/v25.0/${demoPost}`, {
      access_token: token,
      message: 'hijack',
    })
    expect(answer.status).toBe(403)
    expect(answer.body.error.code).toBe(200)
  })

  it('answers 190/492 once the user lost the page role', async () => {
    await control(sandbox, 'PUT', `/pages/${DEMO_PAGE_ID}/roles/${DEMO_USERS.admin.id}`, { tasks: [] })
    const answer = await graph(sandbox, 'GET', feed, { access_token: token })
    expect(answer.body.error).toMatchObject({ code: 190, error_subcode: 492 })
  })

  it('answers 190 for a token it cannot parse and 104 without a token', async () => {
    expect((await graph(sandbox, 'GET', feed, { access_token: 'garbage' })).body.error.code).toBe(190)
    expect((await graph(sandbox, 'GET', feed)).body.error.code).toBe(104)
  })
})

describe('appsecret_proof', () => {
  const proof = (value: string) => createHmac('sha256', TEST_APP_SECRET).update(value).digest('hex')

  it('accepts the right proof and refuses a wrong one', async () => {
    const good = await graph(sandbox, 'GET', feed, { access_token: token, appsecret_proof: proof(token) })
    expect(good.status).toBe(200)
    const bad = await graph(sandbox, 'GET', feed, { access_token: token, appsecret_proof: proof('other') })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatchObject({
      code: 100,
      message: 'Invalid appsecret_proof provided in the API argument',
    })
  })

  it('requires it when requireAppsecretProof is on', async () => {
    const strict = await startTestSandbox({ requireAppsecretProof: true })
    try {
      const strictToken = await pageToken(strict)
      const missing = await graph(strict, 'GET', feed, { access_token: strictToken })
      expect(missing.body.error.code).toBe(100)
      const given = await graph(strict, 'GET', feed, {
        access_token: strictToken,
        appsecret_proof: proof(strictToken),
      })
      expect(given.status).toBe(200)
    } finally {
      await strict.close()
    }
  })
})

describe('usage and injected failures', () => {
  it('reports growing usage and throttles at 100% with 80001 for page tokens', async () => {
    const small = await startTestSandbox({ limits: { pageCallsPerDay: 4 } })
    try {
      const smallToken = await pageToken(small)
      const counts: number[] = []
      for (let i = 0; i < 3; i++) {
        const answer = await graph(small, 'GET', feed, { access_token: smallToken })
        counts.push(
          JSON.parse(answer.headers.get('x-business-use-case-usage') ?? '')[DEMO_PAGE_ID][0].call_count,
        )
      }
      expect(counts).toEqual([25, 50, 75])
      const throttled = await graph(small, 'GET', feed, { access_token: smallToken })
      expect(throttled.body.error.code).toBe(80001)
      const usage = JSON.parse(throttled.headers.get('x-business-use-case-usage') ?? '')[DEMO_PAGE_ID][0]
      expect(usage.call_count).toBe(100)
      expect(usage.estimated_time_to_regain_access).toBeGreaterThan(0)
    } finally {
      await small.close()
    }
  })

  it('commits the post and then answers a transient 500 (crash after commit)', async () => {
    await control(sandbox, 'POST', '/failures', {
      kind: 'commit_then_transient',
      path: '/feed$',
      method: 'POST',
    })
    const answer = await graph(sandbox, 'POST', feed, { access_token: token, message: 'exactly once?' })
    expect(answer.status).toBe(500)
    expect(answer.body.error).toMatchObject({ code: 2, is_transient: true })
    const posts = await control(sandbox, 'GET', `/pages/${DEMO_PAGE_ID}/posts`)
    expect(posts.data.filter((p: { message: string }) => p.message === 'exactly once?')).toHaveLength(1)
  })

  it('commits the post and then closes the socket', async () => {
    await control(sandbox, 'POST', '/failures', { kind: 'commit_then_close', path: '/feed$', method: 'POST' })
    await expect(
      graph(sandbox, 'POST', feed, { access_token: token, message: 'lost answer' }),
    ).rejects.toThrow()
    const posts = await control(sandbox, 'GET', `/pages/${DEMO_PAGE_ID}/posts`)
    expect(posts.data.some((p: { message: string }) => p.message === 'lost answer')).toBe(true)
  })

  it('fails only the next N matching calls', async () => {
    await control(sandbox, 'POST', '/failures', {
      kind: 'transient',
      times: 2,
      path: '/feed$',
      method: 'GET',
    })
    expect((await graph(sandbox, 'GET', feed, { access_token: token })).status).toBe(500)
    expect((await graph(sandbox, 'GET', `/v25.0/${DEMO_PAGE_ID}`, { access_token: token })).status).toBe(200)
    expect((await graph(sandbox, 'GET', feed, { access_token: token })).status).toBe(500)
    expect((await graph(sandbox, 'GET', feed, { access_token: token })).status).toBe(200)
  })
})
