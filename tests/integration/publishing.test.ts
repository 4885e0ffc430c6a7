import { DateTime } from 'luxon'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type RunningWorker, startWorker } from '../../jobs/start-worker.js'
import type { PostDoc } from '../../src/modules/posts/model.js'
import { QUEUE_NAMES } from '../../src/queues.js'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  control,
  createApiToken,
  csrfFrom,
  DEMO_PAGE_ID,
  type Fanfare,
  startFanfare,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

type SandboxPost = { id: string; message: string; createdTime: number }

describe('publishing scheduled posts through the queue, exactly once', () => {
  let fanfare: Fanfare
  let worker: RunningWorker
  let admin: Browser
  let api: ReturnType<typeof apiClient>
  let pageId: string
  /** Posts whose worker "dies" right after Graph accepted them (before the database knows). */
  const crashAfterGraph = new Set<string>()

  beforeAll(async () => {
    fanfare = await startFanfare({
      POSTS_RECONCILE_EVERY_MS: '1000',
      POSTS_LEASE_MS: '5000',
      POSTS_RETRY_BASE_MS: '300',
      GRAPH_TIMEOUT_MS: '2000',
    })
    ;({ browser: admin, pageId } = await adminWithDemoPage(fanfare))
    api = apiClient(fanfare, await createApiToken(admin))
    // No rules in the way: these tests are about publishing.
    await api.patch(`/api/v1/pages/${pageId}`, {
      timeZone: 'Europe/Amsterdam',
      maxPostsPerDay: 50,
      maxPromoPostsPerWeek: 50,
      minNonPromoSharePercent: 0,
      minGapMinutes: 0,
    })
    worker = await startWorker(fanfare.config, pino({ level: 'silent' }), {
      afterGraphCall: (postId) => {
        if (crashAfterGraph.delete(postId)) throw new Error('worker killed after the Graph call')
      },
    })
  })
  afterAll(async () => {
    await worker.close()
    await fanfare.close()
  })

  /** A draft made due directly in the database, so no queued job runs it behind the test's back. */
  async function dueWithoutJob(message: string): Promise<string> {
    const draft = await api.post('/api/v1/posts', { pageId, message, label: 'news', action: 'draft' })
    const id = draft.body.posts[0].id as string
    await stored(fanfare.app).posts.updateOne(
      { _id: id },
      { $set: { status: 'scheduled', scheduledAt: new Date() } },
    )
    return id
  }

  async function schedule(message: string, inMs = 1500) {
    const at = DateTime.now().plus({ milliseconds: inMs }).toUTC().toISO() as string
    const res = await api.post('/api/v1/posts', {
      pageId,
      message,
      label: 'news',
      action: 'schedule',
      scheduledAt: at,
    })
    expect(res.status).toBe(201)
    return res.body.posts[0] as { id: string; scheduledAt: string }
  }

  async function sandboxPosts(message: string): Promise<SandboxPost[]> {
    const { data } = (await control(fanfare.sandbox, 'GET', `/pages/${DEMO_PAGE_ID}/posts`)) as {
      data: SandboxPost[]
    }
    return data.filter((p) => p.message === message)
  }

  async function settled(id: string, status: string, timeout = 20_000) {
    return vi.waitFor(
      async () => {
        const res = await api.get(`/api/v1/posts/${id}`)
        expect(res.body.status).toBe(status)
        return res.body
      },
      { timeout, interval: 100 },
    )
  }

  it('publishes a scheduled post on the sandbox page when it is due, and records the Graph post id', async () => {
    const post = await schedule('Om precies deze tijd: de nieuwe collectie!')
    const published = await settled(post.id, 'published')
    const onPage = await sandboxPosts('Om precies deze tijd: de nieuwe collectie!')
    expect(onPage).toHaveLength(1)
    expect(published.graphPostId).toBe(onPage[0]?.id)
    expect(published.permalink).toContain(onPage[0]?.id)
    expect(published.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['published'])
    // Not before its time: Facebook's creation time (whole seconds) is not earlier than the due second.
    expect((onPage[0] as SandboxPost).createdTime).toBeGreaterThanOrEqual(
      Math.floor(Date.parse(post.scheduledAt) / 1000),
    )
  })

  it('retries a transient Graph 500 and publishes once', async () => {
    await control(fanfare.sandbox, 'POST', '/failures', {
      kind: 'transient',
      path: '/feed$',
      method: 'POST',
      times: 1,
    })
    const post = await schedule('Na een hik van Facebook toch geplaatst')
    const published = await settled(post.id, 'published')
    expect(published.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['retrying', 'published'])
    expect(published.attempts[0].errorKind).toBe('transient')
    expect(await sandboxPosts('Na een hik van Facebook toch geplaatst')).toHaveLength(1)
  })

  it('does not post twice when Graph created the post but answered 500: the retry finds it in the feed', async () => {
    await control(fanfare.sandbox, 'POST', '/failures', {
      kind: 'commit_then_transient',
      path: '/feed$',
      method: 'POST',
      times: 1,
    })
    const post = await schedule('Geplaatst ondanks een foutmelding')
    const published = await settled(post.id, 'published')
    expect(published.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['retrying', 'recovered'])
    const onPage = await sandboxPosts('Geplaatst ondanks een foutmelding')
    expect(onPage).toHaveLength(1)
    expect(published.graphPostId).toBe(onPage[0]?.id)
  })

  it('does not post twice when the worker dies between the Graph call and the database write', async () => {
    const post = await schedule('Overleeft een gecrashte worker', 2500)
    crashAfterGraph.add(post.id)
    // The post is stuck in publishing until its lease runs out; the reconciler frees it, the next
    // attempt looks in the feed and finds the post Graph already made.
    const published = await settled(post.id, 'published', 30_000)
    expect(published.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['retrying', 'recovered'])
    expect(await sandboxPosts('Overleeft een gecrashte worker')).toHaveLength(1)
  })

  it('publishes a post whose job Redis lost: the reconciler queues it again', async () => {
    const post = await schedule('Redis vergat me, MongoDB niet', 3000)
    // Delete every key of this install (not FLUSHALL: other test files share the Redis server).
    const keys = await fanfare.app.redis.keys(`${fanfare.config.QUEUE_PREFIX}:*`)
    expect(keys.length).toBeGreaterThan(0)
    await fanfare.app.redis.del(...keys)
    expect(await fanfare.app.queues.posts.getJob(`publish-${post.id}`)).toBeNull()
    await settled(post.id, 'published', 30_000)
    expect(await sandboxPosts('Redis vergat me, MongoDB niet')).toHaveLength(1)
  })

  it('holds posts when Facebook answers 190, marks the page, and publishes them after reconnecting', async () => {
    await control(fanfare.sandbox, 'POST', '/failures', {
      kind: 'auth',
      path: '/feed$',
      method: 'POST',
      times: 1,
    })
    const first = await schedule('Wacht op een nieuwe koppeling (1)')
    const held = await settled(first.id, 'held')
    expect(held.failure.kind).toBe('auth')
    const page = await api.get(`/api/v1/pages/${pageId}`)
    expect(page.body.tokenStatus).toBe('needs_reconnect')

    // While the page is broken, the next due post is held without calling Facebook.
    const second = await schedule('Wacht op een nieuwe koppeling (2)')
    await settled(second.id, 'held')
    expect(await sandboxPosts('Wacht op een nieuwe koppeling (1)')).toHaveLength(0)

    const csrf = await csrfFrom(admin, '/pages/connect')
    await admin.post('/pages/connect').type('form').send({ _csrf: csrf, facebookPageIds: DEMO_PAGE_ID })
    await settled(first.id, 'published')
    await settled(second.id, 'published')
    expect(await sandboxPosts('Wacht op een nieuwe koppeling (1)')).toHaveLength(1)
    expect(await sandboxPosts('Wacht op een nieuwe koppeling (2)')).toHaveLength(1)
  })

  it('fails a post Facebook refuses with its message, and publishes it after a retry from the UI', async () => {
    await control(fanfare.sandbox, 'POST', '/failures', {
      kind: 'invalid',
      path: '/feed$',
      method: 'POST',
      times: 1,
    })
    const post = await schedule('Eerst geweigerd, dan geplaatst')
    const failed = await settled(post.id, 'failed')
    expect(failed.failure.message).toBeTruthy()
    const shown = await admin.get(`/posts/${post.id}`)
    expect(shown.text).toContain(failed.failure.message)

    const csrf = await csrfFrom(admin, `/posts/${post.id}`)
    const retry = await admin.post(`/posts/${post.id}/retry`).type('form').send({ _csrf: csrf })
    expect(retry.status).toBe(303)
    const published = await settled(post.id, 'published')
    expect(await sandboxPosts('Eerst geweigerd, dan geplaatst')).toHaveLength(1)
    // The post's page gives its times as a person reads them, in the page's zone, never ISO.
    const page = await admin.get(`/posts/${post.id}`).set('accept-language', 'nl')
    const local = DateTime.fromISO(published.publishedAt as string)
      .setZone('Europe/Amsterdam')
      .setLocale('nl')
      .toLocaleString({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
    expect(page.text).toContain(`Geplaatst om ${local}.`)
    expect(page.text).toMatch(/<td><time datetime="[^"]+" title="[^"]+">[^<]+<\/time>\s*<\/td><td>mislukt/)
    expect(page.text).not.toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Europe\/Amsterdam\)/)
  })

  it('publishes a photo post through /photos with the link in its caption', async () => {
    const at = DateTime.now().plus({ seconds: 1 }).toUTC().toISO()
    const res = await api.post('/api/v1/posts', {
      pageId,
      message: 'Foto van de nieuwe winkel',
      link: 'https://shop.example/winkel',
      imageUrl: 'https://images.example/winkel.jpg',
      label: 'news',
      action: 'schedule',
      scheduledAt: at,
    })
    await settled(res.body.posts[0].id, 'published')
    const saved = await stored(fanfare.app).posts.findById(res.body.posts[0].id).lean<PostDoc>()
    const { data } = (await control(fanfare.sandbox, 'GET', `/pages/${DEMO_PAGE_ID}/posts`)) as {
      data: Array<SandboxPost & { photoUrl?: string }>
    }
    const photo = data.find((p) => p.id === saved?.graphPostId)
    expect(photo).toMatchObject({ photoUrl: 'https://images.example/winkel.jpg' })
    // The link goes out as Fanfare's tracked short link (see tests/integration/links.test.ts).
    expect(photo?.message).toMatch(/^Foto van de nieuwe winkel\n\nhttp:\/\/fanfare\.test\/r\/[A-Za-z0-9]{8}$/)
  })

  it('lets exactly one of eight workers racing for the same due post publish it', async () => {
    const id = await dueWithoutJob('Acht workers, één bericht')
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        worker.app.posts.publisher.publishDuePost(id, {
          attempt: 1,
          maxAttempts: 1,
          worker: `racer-${i}`,
        }),
      ),
    )
    expect(outcomes.filter((o) => o === 'published')).toHaveLength(1)
    expect(
      outcomes.filter((o) => o !== 'published').every((o) => o === 'busy' || o === 'nothing_to_do'),
    ).toBe(true)
    expect(await sandboxPosts('Acht workers, één bericht')).toHaveLength(1)
  })

  it('publishes a post whose worker died right after claiming it, before it could write the post', async () => {
    const id = await dueWithoutJob('Geclaimd door een dode worker')
    // What a SIGKILL right after the claim leaves behind: publishing, its lease run out, Graph not called.
    await stored(fanfare.app).posts.updateOne(
      { _id: id },
      {
        $set: { status: 'publishing', lease: { owner: 'dead', until: new Date(Date.now() - 1000) } },
        $inc: { claimGeneration: 1 },
      },
    )
    const outcome = await worker.app.posts.publisher.publishDuePost(id, {
      attempt: 1,
      maxAttempts: 1,
      worker: 'alive',
    })
    expect(outcome).toBe('published')
    expect(await sandboxPosts('Geclaimd door een dode worker')).toHaveLength(1)
  })

  it('shows queue counts to admins', async () => {
    const res = await api.get('/api/v1/queues')
    expect(res.status).toBe(200)
    expect(res.body.queues.map((q: { name: string }) => q.name)).toEqual([...QUEUE_NAMES])
    const posts = res.body.queues.find((q: { name: string }) => q.name === 'posts')
    expect(Object.keys(posts).sort()).toEqual(['active', 'completed', 'delayed', 'failed', 'name', 'waiting'])
  })
})
