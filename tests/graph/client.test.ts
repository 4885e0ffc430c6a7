// The Graph client against the real sandbox over HTTP: typed calls, paging, error kinds,
// usage back-off, timeouts and logs without secrets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StartedSandbox } from '../../sandbox/app.js'
import { DEMO_FANS } from '../../sandbox/seed.js'
import {
  createGraphClient,
  type GraphClient,
  type GraphClientConfig,
  GraphError,
} from '../../src/graph/index.js'
import {
  control,
  DEMO_PAGE_ID,
  DEMO_USERS,
  loginCode,
  pageToken,
  pkcePair,
  REDIRECT_URI,
  startTestSandbox,
  TEST_APP_ID,
  TEST_APP_SECRET,
  userToken,
} from '../helpers/sandbox.js'

interface LogLine {
  level: string
  obj: object
  msg?: string
}

let sandbox: StartedSandbox
let logs: LogLine[]

function client(overrides: Partial<GraphClientConfig> = {}): GraphClient {
  const log = (level: string) => (obj: object, msg?: string) => logs.push({ level, obj, msg })
  return createGraphClient({
    baseUrl: sandbox.url,
    appId: TEST_APP_ID,
    appSecret: TEST_APP_SECRET,
    timeoutMs: 2_000,
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    ...overrides,
  })
}

async function caught(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof GraphError) return error
    throw error
  }
  throw new Error('expected a GraphError')
}

beforeEach(async () => {
  sandbox = await startTestSandbox({ requireAppsecretProof: true })
  logs = []
})
afterEach(async () => {
  await sandbox.close()
})

describe('login and pages', () => {
  it('exchanges a PKCE code, reads /me, and lists pages with non-expiring tokens after the long-lived exchange', async () => {
    const graph = client()
    const { verifier, challenge } = pkcePair()
    const code = await loginCode(sandbox, DEMO_USERS.admin.id, {
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
    const short = await graph.exchangeCode({ code, redirectUri: REDIRECT_URI, codeVerifier: verifier })
    expect(short.tokenType).toBe('bearer')
    expect(await graph.getMe(short.accessToken)).toMatchObject({
      id: DEMO_USERS.admin.id,
      name: 'Anne de Admin',
    })

    const long = await graph.exchangeForLongLivedUserToken(short.accessToken)
    expect(long.expiresIn).toBe(5183944)
    const [page] = await graph.listAccounts(long.accessToken)
    expect(page).toMatchObject({
      id: DEMO_PAGE_ID,
      name: 'Demo Webshop',
      tasks: expect.arrayContaining(['MODERATE']),
    })
    const debug = await graph.debugToken(page?.accessToken ?? '')
    expect(debug).toMatchObject({
      isValid: true,
      type: 'PAGE',
      profileId: DEMO_PAGE_ID,
      expiresAt: undefined,
    })
    expect(debug.scopes).toContain('pages_manage_engagement')
  })

  it('publishes, reads, edits and deletes posts and photos', async () => {
    const graph = client()
    const token = await pageToken(sandbox)
    const { id } = await graph.publishPost(DEMO_PAGE_ID, token, {
      message: 'Zomerjassen -20%',
      link: 'https://demo-webshop.example/a',
    })
    const post = await graph.getPost(id, token)
    expect(post).toMatchObject({ id, message: 'Zomerjassen -20%', isPublished: true })
    expect(post.createdTime).toBeInstanceOf(Date)
    expect(Math.abs((post.createdTime?.getTime() ?? 0) - Date.now())).toBeLessThan(5_000)
    await graph.editPost(id, token, { message: 'Zomerjassen -30%' })
    expect((await graph.getPost(id, token)).message).toBe('Zomerjassen -30%')
    await graph.deletePost(id, token)
    expect((await caught(graph.getPost(id, token))).kind).toBe('invalid')

    const photo = await graph.publishPhoto(DEMO_PAGE_ID, token, {
      url: 'https://demo-webshop.example/a.jpg',
      caption: 'x',
    })
    expect(photo.postId).toContain(`${DEMO_PAGE_ID}_`)

    const at = new Date(Date.now() + 2 * 3600_000)
    const scheduled = await graph.publishPost(DEMO_PAGE_ID, token, {
      message: 'later',
      scheduledPublishTime: at,
    })
    const listed = []
    for await (const item of graph.listFeed(DEMO_PAGE_ID, token, { edge: 'scheduled_posts' }))
      listed.push(item)
    expect(listed.map((p) => p.id)).toEqual([scheduled.id])
    expect(listed[0]?.scheduledPublishTime?.getTime()).toBe(Math.floor(at.getTime() / 1000) * 1000)

    const tooSoon = await caught(
      graph.publishPost(DEMO_PAGE_ID, token, {
        message: 'now-ish',
        scheduledPublishTime: new Date(Date.now() + 60_000),
      }),
    )
    expect(tooSoon).toMatchObject({ kind: 'invalid', code: 100, isRetryable: false })
    expect(tooSoon.userTitle).toBe('Invalid Scheduled Publish Time')
  })

  it('subscribes the app to the page and lists it', async () => {
    const graph = client()
    const token = await pageToken(sandbox)
    await graph.subscribeApp(DEMO_PAGE_ID, token, ['feed'])
    expect(await graph.listSubscribedApps(DEMO_PAGE_ID, token)).toEqual([
      { id: TEST_APP_ID, name: 'Fanfare', subscribedFields: ['feed'] },
    ])
  })
})

describe('comments', () => {
  it('iterates all comments across pages exactly once, in order', async () => {
    const graph = client()
    const token = await pageToken(sandbox)
    const post = await control(sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, { message: 'Reageer en win' })
    const ids: string[] = []
    for (let i = 0; i < 23; i++) {
      const fan = DEMO_FANS[i % DEMO_FANS.length] ?? DEMO_FANS[0]
      ids.push(
        (await control(sandbox, 'POST', '/comments', { on: post.id, from: fan.id, message: `#${i}` })).id,
      )
    }
    const seen: string[] = []
    for await (const comment of graph.listComments(post.id, token, { limit: 5 })) seen.push(comment.id)
    expect(seen).toEqual(ids)
    const calls = logs.filter((line) => (line.obj as { path?: string }).path === `/${post.id}/comments`)
    expect(calls).toHaveLength(5)

    const newestFirst: string[] = []
    for await (const comment of graph.listComments(post.id, token, {
      limit: 10,
      order: 'reverse_chronological',
    })) {
      newestFirst.push(comment.id)
    }
    expect(newestFirst).toEqual([...ids].reverse())

    const guarded: string[] = []
    for await (const comment of graph.listComments(post.id, token, { limit: 5, maxPages: 2 }))
      guarded.push(comment.id)
    expect(guarded).toEqual(ids.slice(0, 10))
  })

  it('reads, replies to, hides and deletes a comment', async () => {
    const graph = client()
    const token = await pageToken(sandbox, DEMO_USERS.moderator.id)
    const post = await control(sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, { message: 'p' })
    const fanComment = await control(sandbox, 'POST', '/comments', {
      on: post.id,
      from: DEMO_FANS[2].id,
      message: 'Wat een teleurstelling',
    })
    const comment = await graph.getComment(fanComment.id, token)
    expect(comment).toMatchObject({
      id: fanComment.id,
      message: 'Wat een teleurstelling',
      from: { id: DEMO_FANS[2].psid, name: DEMO_FANS[2].name },
      isHidden: false,
      canHide: true,
      commentCount: 0,
    })
    const reply = await graph.replyToComment(fanComment.id, token, 'Sorry! We nemen contact op.')
    await graph.setCommentHidden(fanComment.id, token, true)
    expect((await graph.getComment(fanComment.id, token)).isHidden).toBe(true)

    const stream = []
    for await (const item of graph.listComments(post.id, token, { filter: 'stream' })) stream.push(item)
    expect(stream.map((c) => [c.id, c.parentId])).toEqual([
      [fanComment.id, undefined],
      [reply.id, fanComment.id],
    ])
    await graph.deleteComment(fanComment.id, token)
    const after = []
    for await (const item of graph.listComments(post.id, token)) after.push(item)
    expect(after).toEqual([])
  })
})

describe('error kinds (driven by failure injection)', () => {
  async function injectAndCall(failure: Record<string, unknown>, useUserToken = false) {
    const graph = client()
    const token = useUserToken ? await userToken(sandbox) : await pageToken(sandbox)
    await control(sandbox, 'POST', '/failures', failure)
    return caught(
      useUserToken ? graph.getMe(token) : graph.publishPost(DEMO_PAGE_ID, token, { message: 'x' }),
    )
  }

  it('auth: 190 with the subcode', async () => {
    const error = await injectAndCall({ kind: 'auth', subcode: 460 })
    expect(error).toMatchObject({ kind: 'auth', code: 190, subcode: 460, isRetryable: false })
    expect(error.fbtraceId).toBeTruthy()
  })

  it('auth: a really expired token (463)', async () => {
    const graph = client()
    const token = await pageToken(sandbox)
    await control(sandbox, 'POST', '/tokens/expire', { token })
    expect(await caught(graph.getPost(`${DEMO_PAGE_ID}_1`, token))).toMatchObject({
      kind: 'auth',
      subcode: 463,
    })
  })

  it('permission: (#200) from a missing task', async () => {
    const graph = client()
    const token = await pageToken(sandbox, DEMO_USERS.moderator.id)
    const error = await caught(graph.publishPost(DEMO_PAGE_ID, token, { message: 'x' }))
    expect(error).toMatchObject({ kind: 'permission', code: 200, status: 403 })
    expect(await injectAndCall({ kind: 'permission' })).toMatchObject({ kind: 'permission', code: 200 })
  })

  it('invalid: (#100)', async () => {
    expect(await injectAndCall({ kind: 'invalid' })).toMatchObject({
      kind: 'invalid',
      code: 100,
      isRetryable: false,
    })
  })

  it('rate_limited: 4 and 17 (app / user) with the default wait', async () => {
    const app = await injectAndCall({ kind: 'rate_limit_app' })
    expect(app).toMatchObject({ kind: 'rate_limited', code: 4, retryAfterMs: 5 * 60_000, isRetryable: true })
    const user = await injectAndCall({ kind: 'rate_limit_user' }, true)
    expect(user).toMatchObject({ kind: 'rate_limited', code: 17, retryAfterMs: 5 * 60_000 })
  })

  it('rate_limited: 80001 (page token) and 32 (user token) with the wait from X-Business-Use-Case-Usage', async () => {
    const page = await injectAndCall({ kind: 'rate_limit_page', estimatedMinutes: 7 })
    expect(page).toMatchObject({ kind: 'rate_limited', code: 80001, retryAfterMs: 7 * 60_000 })

    const graph = client()
    const token = await userToken(sandbox)
    await control(sandbox, 'POST', '/failures', { kind: 'rate_limit_page', estimatedMinutes: 3 })
    const viaUser = await caught(graph.listFeed(DEMO_PAGE_ID, token).next())
    expect(viaUser).toMatchObject({ kind: 'rate_limited', code: 32, retryAfterMs: 3 * 60_000 })
  })

  it('transient: 500 with is_transient, and a socket closed after the write', async () => {
    expect(await injectAndCall({ kind: 'transient' })).toMatchObject({
      kind: 'transient',
      code: 2,
      status: 500,
      isRetryable: true,
    })
    expect(await injectAndCall({ kind: 'commit_then_close' })).toMatchObject({
      kind: 'transient',
      code: undefined,
    })
  })

  it('transient: a request that takes longer than timeoutMs', async () => {
    const graph = client({ timeoutMs: 100 })
    const token = await pageToken(sandbox)
    await control(sandbox, 'POST', '/failures', { kind: 'delay', delayMs: 600 })
    const started = Date.now()
    const error = await caught(graph.getPost(`${DEMO_PAGE_ID}_1`, token))
    expect(error.kind).toBe('transient')
    expect(error.message).toContain('timed out')
    expect(Date.now() - started).toBeLessThan(500)
  })

  it('transient: nobody listening', async () => {
    const graph = createGraphClient({
      baseUrl: 'http://127.0.0.1:9',
      appId: TEST_APP_ID,
      appSecret: TEST_APP_SECRET,
    })
    expect(await caught(graph.getMe('EAAtoken'))).toMatchObject({ kind: 'transient' })
  })

  it('invalid: a wrong app secret makes a wrong appsecret_proof', async () => {
    const graph = client({ appSecret: 'not-the-secret' })
    const error = await caught(graph.getMe(await userToken(sandbox)))
    expect(error).toMatchObject({
      kind: 'invalid',
      code: 100,
      message: 'Invalid appsecret_proof provided in the API argument',
    })
  })
})

describe('usage back-off', () => {
  it('delays calls for a page once its usage passes the threshold', async () => {
    const graph = client({
      usageThreshold: 85,
      backoff: { minDelayMs: 300, maxDelayMs: 600, maxWaitMs: 5_000 },
    })
    const token = await pageToken(sandbox)
    await control(sandbox, 'POST', '/usage', { pageId: DEMO_PAGE_ID, callCount: 95 })
    // page-token calls carry X-Business-Use-Case-Usage for the page
    await graph.getPost(`${DEMO_PAGE_ID}_1`, token).catch(() => undefined)
    const entry = graph.usageState().find((e) => e.key === `page:${DEMO_PAGE_ID}`)
    expect(entry?.callCount).toBe(95)
    expect(entry?.blockedUntil).toBeGreaterThan(Date.now())

    const started = Date.now()
    await graph
      .listComments(`${DEMO_PAGE_ID}_1`, token)
      .next()
      .catch(() => undefined)
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
    expect(logs.some((line) => line.msg === 'graph usage back-off')).toBe(true)
  })

  it('does not delay below the threshold', async () => {
    const graph = client({ usageThreshold: 85, backoff: { minDelayMs: 1_000, maxDelayMs: 2_000 } })
    const token = await pageToken(sandbox)
    await control(sandbox, 'POST', '/usage', { pageId: DEMO_PAGE_ID, callCount: 60 })
    const started = Date.now()
    await graph.listFeed(DEMO_PAGE_ID, token).next()
    await graph.listFeed(DEMO_PAGE_ID, token).next()
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(graph.usageState().find((e) => e.key === `page:${DEMO_PAGE_ID}`)?.blockedUntil).toBe(0)
  })

  it('after a rate limit, fails fast as rate_limited instead of calling Graph again', async () => {
    const graph = client()
    const token = await pageToken(sandbox)
    await control(sandbox, 'POST', '/failures', { kind: 'rate_limit_page', estimatedMinutes: 2 })
    await caught(graph.publishPost(DEMO_PAGE_ID, token, { message: 'a' }))
    const before = logs.length
    const held = await caught(graph.publishPost(DEMO_PAGE_ID, token, { message: 'b' }))
    expect(held.kind).toBe('rate_limited')
    expect(held.retryAfterMs).toBeGreaterThan(60_000)
    expect(logs.slice(before).some((line) => line.msg === 'graph call')).toBe(false)
    const posts = await control(sandbox, 'GET', `/pages/${DEMO_PAGE_ID}/posts`)
    expect(posts.data.some((p: { message: string }) => p.message === 'b')).toBe(false)
  })
})

describe('logging', () => {
  it('logs method, path, status, duration and facebook-api-version, never a token or secret', async () => {
    const graph = client()
    const token = await userToken(sandbox)
    await graph.getMe(token)
    await graph.exchangeForLongLivedUserToken(token)
    await caught(graph.getMe('EAAbroken-token'))
    const line = logs.find((entry) => entry.msg === 'graph call')
    expect(line?.obj).toMatchObject({ method: 'GET', path: '/me', status: 200, apiVersion: 'v25.0' })
    expect(line?.obj).toHaveProperty('durationMs')
    const text = JSON.stringify(logs)
    expect(text).not.toContain(token)
    expect(text).not.toContain('EAAbroken-token')
    expect(text).not.toContain(TEST_APP_SECRET)
  })
})
