// Contract (a): Fanfare's Graph client and webhook intake against answers and deliveries that
// others recorded from the real Facebook (tests/fixtures/graph/, sources in SOURCES.md).
import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createGraphClient, type GraphClient, GraphError, POST_FIELDS } from '../../src/graph/index.js'
import { createWebhookIntake } from '../../src/modules/comments/intake.js'
import { commentEventsOf, hasValidSignature, WebhookPayload } from '../../src/modules/comments/webhook.js'
import { type Recording, response, responses, webhook, webhookBytes, webhooks } from './corpus.js'
import { type Replay, type ReplayRoute, startReplay } from './replay.js'

const APP_ID = '1234567890123456'
const APP_SECRET = 'contract-secret'
const PAGE = '1234567890321'
const POST = `${PAGE}_905578656204626`

let replay: Replay | undefined
afterEach(async () => {
  await replay?.close()
  replay = undefined
})

async function clientFor(routes: ReplayRoute[]): Promise<{ graph: GraphClient; replay: Replay }> {
  replay = await startReplay(routes)
  const graph = createGraphClient({
    baseUrl: replay.url,
    appId: APP_ID,
    appSecret: APP_SECRET,
    timeoutMs: 2_000,
    defaultRateLimitWaitMs: 1_000,
  })
  return { graph, replay }
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

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of iterator) out.push(item)
  return out
}

/** Graph since v3.3: asking a post or feed for link, type or object_id fails the whole call with (#12). */
function refusesDeprecatedPostFields(ok: Recording) {
  return (request: { query: Record<string, string> }) => {
    const top = topLevelFields(request.query.fields ?? '')
    return top.some((field) => ['link', 'type', 'object_id'].includes(field)) ? response('error-12-link') : ok
  }
}

function topLevelFields(fields: string): string[] {
  const out: string[] = []
  let depth = 0
  let current = ''
  for (const char of fields) {
    if (char === '{' || char === '(') depth += 1
    if (char === '}' || char === ')') depth -= 1
    if (char === ',' && depth === 0) {
      out.push(current.split(/[.{(]/)[0] as string)
      current = ''
    } else current += char
  }
  if (current) out.push(current.split(/[.{(]/)[0] as string)
  return out.map((field) => field.trim())
}

describe('breaking case 1: link is no longer a readable post field', () => {
  it('POST_FIELDS asks for none of the fields Graph refuses since v3.3', () => {
    expect(topLevelFields(POST_FIELDS)).not.toContain('link')
    expect(topLevelFields(POST_FIELDS)).not.toContain('type')
    expect(topLevelFields(POST_FIELDS)).not.toContain('object_id')
  })

  it('reads the feed and a post from a Graph that answers (#12) to link, and takes the link from attachments', async () => {
    const { graph } = await clientFor([
      { method: 'GET', path: '/{page-id}/feed', answer: refusesDeprecatedPostFields(response('feed-posts')) },
      {
        method: 'GET',
        path: '/{post-id}',
        answer: refusesDeprecatedPostFields(response('post-attachments')),
      },
    ])
    const posts = await all(graph.listFeed(PAGE, 'page-token', { maxPages: 1 }))
    expect(posts).toHaveLength(2)
    expect(posts[0]).toMatchObject({
      id: `${PAGE}_905578656204601`,
      createdTime: new Date('2019-01-02T18:31:28Z'),
      permalinkUrl: `https://www.facebook.com/${PAGE}/posts/905578656204601`,
      link: 'https://shop.example/sale',
    })
    const post = await graph.getPost('1234567891234_987654321987654', 'page-token')
    expect(post).toMatchObject({ id: '1234567891234_987654321987654', message: 'Test' })
  })

  it('turns the recorded (#12) answer into an invalid error, not a crash', async () => {
    const { graph } = await clientFor([
      { method: 'GET', path: '/{post-id}', answer: response('error-12-link') },
    ])
    const error = await caught(graph.getPost(POST, 'page-token', 'id,link'))
    expect(error).toMatchObject({ kind: 'invalid', code: 12, status: 400 })
  })
})

describe('breaking case 2: remove webhooks carry no created_time and no message', () => {
  it('yields a remove event from the recorded payload, timed by the entry', () => {
    const recording = webhook('comment-remove')
    const events = commentEventsOf(WebhookPayload.parse(recording.body))
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      facebookPageId: PAGE,
      change: {
        verb: 'remove',
        comment_id: '905578656204626_905579239537901',
        post_id: `${PAGE}_905578656204626`,
        created_time: 1452107182,
      },
    })
    expect(events[0]?.change.message).toBeUndefined()
  })
})

describe('breaking case 3: paging goes on until Graph leaves out next', () => {
  it('follows time-based paging (next with __paging_token, no cursors) across an empty page to the end', async () => {
    const { graph, replay } = await clientFor([
      { method: 'GET', path: '/{post-id}/comments', answer: response('walk-time-1') },
      {
        method: 'GET',
        path: '/{post-id}/comments',
        match: { __paging_token: 'enc_AdBkZBCZA2' },
        answer: response('walk-time-2-empty'),
      },
      {
        method: 'GET',
        path: '/{post-id}/comments',
        match: { __paging_token: 'enc_AdBkZBCZA4' },
        answer: response('walk-time-3-last'),
      },
    ])
    const comments = await all(graph.listComments(POST, 'page-token', { limit: 2 }))
    expect(comments.map((c) => c.message)).toEqual(['Reactie 1', 'Reactie 2', 'Reactie 3'])
    expect(replay.requests).toHaveLength(3)
    // the next page is asked with Graph's own paging parameters, and never with the token in the URL
    expect(replay.requests[1]?.query).toMatchObject({ until: '1767261900', __paging_token: 'enc_AdBkZBCZA2' })
    expect(replay.requests[1]?.query.access_token).toBeUndefined()
    expect(replay.requests[1]?.query.appsecret_proof).toBeDefined()
  })

  it('follows cursor paging across an empty page that still has next', async () => {
    const { graph, replay } = await clientFor([
      { method: 'GET', path: '/{post-id}/comments', answer: response('walk-cursor-1') },
      {
        method: 'GET',
        path: '/{post-id}/comments',
        match: { after: 'MTIZD' },
        answer: response('walk-cursor-2-empty'),
      },
      {
        method: 'GET',
        path: '/{post-id}/comments',
        match: { after: 'MTMZD' },
        answer: response('walk-cursor-3-last'),
      },
    ])
    const comments = await all(graph.listComments(POST, 'page-token', { limit: 2 }))
    expect(comments.map((c) => c.message)).toEqual(['Reactie 11', 'Reactie 12', 'Reactie 13'])
    expect(replay.requests).toHaveLength(3)
  })

  it('walks the recorded restfb answers: time-based page, then an empty page without paging', async () => {
    const { graph } = await clientFor([
      { method: 'GET', path: '/{post-id}/comments', answer: response('comments-time-paging-recorded') },
      {
        method: 'GET',
        path: '/{post-id}/comments',
        match: {
          __paging_token:
            'enc_AezF4HBbbvOzI_yRnJYlVvzeqIqLsddZ5TBDBUv9j1IDdmoefRSmRbPY4d9BLp4z_DQ0ANpPPW8pjw-EZaGUU1Wp',
        },
        answer: response('list-empty-no-paging'),
      },
    ])
    const comments = await all(graph.listComments('635342335', 'token'))
    expect(comments).toHaveLength(response('comments-time-paging-recorded').body.data.length)
  })

  it('walks the recorded empty page with next (cursor only, the next URL cut short) to the cursor-only last page', async () => {
    const { graph, replay } = await clientFor([
      { method: 'GET', path: '/me/accounts', answer: response('list-cursor-empty-with-next') },
      {
        method: 'GET',
        path: '/me/accounts',
        match: { after: 'aftercursos....' },
        answer: response('list-cursor-no-next'),
      },
    ])
    const accounts = await graph.listAccounts('user-token')
    expect(accounts.map((a) => a.id)).toEqual(['12345678909876'])
    expect(replay.requests).toHaveLength(2)
  })

  it('stops at a page without next even when it has cursors, and at an empty page without paging', async () => {
    const { graph, replay } = await clientFor([
      { method: 'GET', path: '/me/accounts', answer: response('list-cursor-no-next') },
    ])
    expect(await graph.listAccounts('user-token')).toHaveLength(1)
    expect(replay.requests).toHaveLength(1)
  })
})

describe('every call Fanfare makes, against its recorded answer', () => {
  it('login: code exchange, long-lived exchange, /me, /me/accounts, debug_token', async () => {
    const { graph } = await clientFor([
      {
        method: 'GET',
        path: '/oauth/access_token',
        answer: (r) => response(r.query.grant_type ? 'oauth-long-lived' : 'oauth-access-token'),
      },
      { method: 'GET', path: '/me', answer: response('me') },
      { method: 'GET', path: '/me/accounts', answer: response('me-accounts') },
      {
        method: 'GET',
        path: '/debug_token',
        answer: (r) => response(r.query.input_token === 'old' ? 'debug-token-numeric-ids' : 'debug-token'),
      },
    ])
    expect(await graph.exchangeCode({ code: 'c', redirectUri: 'https://x/cb' })).toMatchObject({
      tokenType: 'bearer',
      expiresIn: 5183944,
    })
    expect(await graph.exchangeForLongLivedUserToken('short')).toMatchObject({
      accessToken: 'EAAKJ4ZBf45t4BAE-long-lived',
    })
    expect(await graph.getMe('t')).toMatchObject({
      id: '10158222134561234',
      name: 'Anne de Admin',
      pictureUrl: expect.stringContaining('https://'),
    })
    expect(await graph.listAccounts('t')).toEqual([
      expect.objectContaining({
        id: PAGE,
        accessToken: 'EAAKJ4ZBf45t4BAE-page',
        tasks: expect.arrayContaining(['MODERATE', 'CREATE_CONTENT']),
      }),
    ])
    expect(await graph.debugToken('new')).toMatchObject({
      isValid: true,
      type: 'USER',
      userId: '10158222134561234',
      appId: APP_ID,
    })
    // older recordings carry the ids as numbers
    expect(await graph.debugToken('old')).toMatchObject({
      isValid: true,
      userId: '1207059',
      appId: '100000000000',
      scopes: ['email', 'publish_actions'],
    })
  })

  it('posts: publish, photo, read (scheduled, attachments), edit, delete', async () => {
    const { graph } = await clientFor([
      { method: 'POST', path: '/{page-id}/feed', answer: response('publish-post') },
      { method: 'POST', path: '/{page-id}/photos', answer: response('publish-photo') },
      {
        method: 'GET',
        path: '/{post-id}',
        answer: (r) =>
          refusesDeprecatedPostFields(
            response(r.path.endsWith('653434235363') ? 'post-scheduled' : 'post-attachments'),
          )(r),
      },
      { method: 'POST', path: '/{post-id}', answer: response('success') },
      { method: 'DELETE', path: '/{post-id}', answer: response('success') },
    ])
    expect(await graph.publishPost(PAGE, 'pt', { message: 'Hallo', link: 'https://shop.example' })).toEqual({
      id: POST,
    })
    expect(await graph.publishPhoto(PAGE, 'pt', { url: 'https://shop.example/a.jpg' })).toEqual({
      id: '905578656204999',
      postId: `${PAGE}_905578656204999`,
    })
    expect(await graph.getPost('123456789_653434235363', 'pt')).toMatchObject({
      scheduledPublishTime: new Date(1459416660 * 1000),
      permalinkUrl: 'https://www.facebook.com/permalink.php?story_fbid=653434235363&id=123456789',
    })
    const withAttachments = await graph.getPost('1234567891234_987654321987654', 'pt')
    expect(withAttachments.createdTime).toEqual(new Date('2015-06-22T12:48:05Z'))
    await graph.editPost(POST, 'pt', { message: 'Nieuw' })
    await graph.deletePost(POST, 'pt')
  })

  it('comments: list with summary, read one (three recorded shapes), reply, hide, delete', async () => {
    const { graph } = await clientFor([
      { method: 'GET', path: '/{post-id}/comments', answer: response('comments-summary') },
      {
        method: 'GET',
        path: '/{post-id}/comments',
        match: { after: 'MQZDZD' },
        answer: response('list-empty-no-paging'),
      },
      {
        method: 'GET',
        path: '/{comment-id}',
        answer: (r) =>
          response(
            r.path.includes('454635354242')
              ? 'comment-permalink'
              : r.path.includes('8765432')
                ? 'comment-can-hide'
                : 'comment-full',
          ),
      },
      { method: 'POST', path: '/{comment-id}/comments', answer: response('reply-comment') },
      { method: 'POST', path: '/{comment-id}', answer: response('success') },
      { method: 'DELETE', path: '/{comment-id}', answer: response('success') },
    ])
    const listed = await all(graph.listComments(POST, 'pt'))
    expect(listed).toEqual([
      expect.objectContaining({
        id: '905578656204626_905579239537901',
        from: { id: '6754321098765432', name: 'Sanne de Vries' },
      }),
    ])
    expect(await graph.getComment('905578656204626_905579239537999', 'pt')).toMatchObject({
      parentId: '905578656204626_905579239537901',
      isHidden: false,
      canHide: true,
      commentCount: 0,
    })
    expect(await graph.getComment('123456789_8765432', 'pt')).toMatchObject({
      from: { id: '123456789', name: 'Testers Fan page' },
      canHide: true,
      createdTime: new Date('2014-10-17T14:03:17Z'),
    })
    expect(await graph.getComment('1234567890987_454635354242', 'pt')).toMatchObject({
      permalinkUrl: expect.stringContaining('story_fbid=454635354242'),
    })
    expect(await graph.replyToComment('905578656204626_905579239537901', 'pt', 'Dank je!')).toEqual({
      id: '905578656204626_905579239539000',
    })
    await graph.setCommentHidden('905578656204626_905579239537901', 'pt', true)
    await graph.deleteComment('905578656204626_905579239537901', 'pt')
  })

  it('webhook installation: subscribed_apps answers "true" as a string; the list', async () => {
    const { graph } = await clientFor([
      { method: 'POST', path: '/{page-id}/subscribed_apps', answer: response('subscribed-apps-post') },
      { method: 'GET', path: '/{page-id}/subscribed_apps', answer: response('subscribed-apps-get') },
    ])
    await graph.subscribeApp(PAGE, 'pt')
    expect(await graph.listSubscribedApps(PAGE, 'pt')).toEqual([
      { id: APP_ID, name: 'Fanfare', subscribedFields: ['feed'] },
    ])
  })

  it('reads the usage headers as recorded (X-Business-Use-Case-Usage per page, X-App-Usage)', async () => {
    const { graph } = await clientFor([
      { method: 'POST', path: '/{page-id}/feed', answer: response('publish-post') },
      { method: 'GET', path: '/me', answer: response('me') },
    ])
    await graph.publishPost(PAGE, 'pt', { message: 'x' })
    await graph.getMe('ut')
    const usage = graph.usageState()
    expect(usage.find((u) => u.key === `page:${PAGE}`)).toMatchObject({ callCount: 6 })
    expect(usage.find((u) => u.key === 'app')).toMatchObject({ callCount: 2 })
  })
})

describe('recorded errors get the right kind', () => {
  const errors = [...responses.values()].filter((r) => r.expectKind)
  it('has the errors Fanfare must tell apart', () => {
    expect(errors.map((e) => e.expectKind).sort()).toEqual(
      expect.arrayContaining(['auth', 'invalid', 'permission', 'rate_limited', 'transient']),
    )
  })
  for (const recording of errors) {
    it(`${recording.name} → ${recording.expectKind}`, async () => {
      const { graph } = await clientFor([{ method: 'GET', path: '/me', answer: recording }])
      const error = await caught(graph.getMe('t'))
      expect(error.kind).toBe(recording.expectKind)
      expect(error.code).toBe(recording.body.error.code)
      expect(error.status).toBe(recording.status)
      expect(error.message).toBe(recording.body.error.message)
      if (recording.body.error.fbtrace_id) expect(error.fbtraceId).toBe(recording.body.error.fbtrace_id)
      if (recording.expectKind === 'rate_limited') expect(error.retryAfterMs).toBeGreaterThan(0)
    })
  }
  it('takes the wait of a page limit from estimated_time_to_regain_access (minutes)', async () => {
    const { graph } = await clientFor([
      { method: 'GET', path: '/{page-id}/feed', answer: response('error-80001-page-limit') },
    ])
    const error = await caught(all(graph.listFeed(PAGE, 'pt')))
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7 * 60_000 })
  })
})

describe('recorded webhook deliveries through the intake', () => {
  type Expected = {
    verb: string
    from?: { id: string; name?: string }
    byPage?: boolean
    parent?: string
    created?: number
    message?: string
  } | null
  const expected: Record<string, Expected> = {
    'comment-add-from': {
      verb: 'add',
      from: { id: PAGE, name: 'Tester' },
      byPage: true,
      created: 1449135003,
      message: 'and the next one',
    },
    'comment-add-sender': {
      verb: 'add',
      from: { id: PAGE, name: 'Tester' },
      byPage: true,
      created: 1449135003,
      message: 'and the next one',
    },
    'comment-add-photo': { verb: 'add', from: { id: PAGE, name: 'Tester' }, byPage: true },
    'comment-edited-sender': {
      verb: 'edited',
      from: { id: PAGE, name: 'Tester' },
      byPage: true,
      message: "Let's see the Webhooks in action :D",
    },
    'comment-remove': { verb: 'remove', created: 1452107182 },
    'comment-hide': { verb: 'hide', from: { id: PAGE, name: 'Tester' }, created: 1467894562 },
    'comment-unhide': { verb: 'unhide', from: { id: PAGE, name: 'Tester' } },
    'comment-add-fan': {
      verb: 'add',
      from: { id: '6754321098765432', name: 'Sanne de Vries' },
      byPage: false,
      parent: `${PAGE}_905578656204626`,
      message: 'Ik doe mee!',
    },
    'comment-reply-fan': { verb: 'add', byPage: false, parent: '905578656204626_905579239537901' },
    'comment-add-escaped': {
      verb: 'add',
      from: { id: '6754321098765434', name: 'Renée Müller' },
      byPage: false,
      message: 'Café 😀 https://shop.example/a',
    },
    'post-add': null,
    'status-add': null,
    'two-entries-no-values': null,
  }

  it('has an expectation for every recorded delivery', () => {
    expect(Object.keys(expected).sort()).toEqual([...webhooks.keys()].sort())
  })

  for (const [name, want] of Object.entries(expected)) {
    it(`${name} → ${want ? want.verb : 'no comment event'}`, async () => {
      const recording = webhook(name)
      const bytes = webhookBytes(recording)
      const signature = `sha256=${createHmac('sha256', APP_SECRET).update(bytes).digest('hex')}`
      expect(hasValidSignature(bytes, signature, APP_SECRET)).toBe(true)
      const stored: string[] = []
      const jobs: unknown[] = []
      const intake = createWebhookIntake({
        appSecret: APP_SECRET,
        // A stand-in for the store: the intake keeps the signed body as it came.
        deliveries: { store: async (_id: string, body: string) => Boolean(stored.push(body)) },
        // biome-ignore lint/suspicious/noExplicitAny: a stand-in for the queue, it only counts
        queues: { comments: { add: async (...job: unknown[]) => jobs.push(job) } } as any,
      })
      const result = await intake.receive(bytes, signature)
      if (!want) {
        expect(result.events).toBe(0)
        return
      }
      expect(result.events).toBe(1)
      // What the worker reads back from the stored body.
      const [event] = commentEventsOf(WebhookPayload.parse(JSON.parse(stored[0] as string)))
      // biome-ignore lint/suspicious/noExplicitAny: the parsed change
      const change = event?.change as any
      expect(change.verb).toBe(want.verb)
      expect(typeof change.created_time).toBe('number')
      if (want.created !== undefined) expect(change.created_time).toBe(want.created)
      if (want.from) expect(change.from).toEqual(want.from)
      if (want.byPage !== undefined) expect(change.from?.id === PAGE).toBe(want.byPage)
      if (want.parent) expect(change.parent_id).toBe(want.parent)
      if (want.message !== undefined) expect(change.message).toBe(want.message)
      expect(jobs).toHaveLength(1)
    })
  }

  it('the same remove delivered twice maps to one key (Meta retries)', () => {
    const body = webhook('comment-remove').body
    const first = commentEventsOf(WebhookPayload.parse(body))
    const retried = commentEventsOf(
      WebhookPayload.parse({ ...body, entry: [{ ...body.entry[0], time: body.entry[0].time + 60 }] }),
    )
    expect(retried[0]?.key).toBe(first[0]?.key)
  })
})
