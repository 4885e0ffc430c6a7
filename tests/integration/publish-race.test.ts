// Racing publishers of one due post, over two database connections: the store must keep the claim
// atomic, or the post goes out more than once.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildCore } from '../../src/core.js'
import type { PublishOutcome } from '../../src/modules/posts/publisher.js'
import {
  adminWithDemoPage,
  apiClient,
  control,
  createApiToken,
  DEMO_PAGE_ID,
  type Fanfare,
  startFanfare,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

const RACERS = 16

describe('racing publishers of one due post', () => {
  let fanfare: Fanfare
  /** A second process's view: its own core and connection, no queue processors. */
  let other: FastifyInstance
  let api: ReturnType<typeof apiClient>
  let pageId: string
  /** Posts whose first publisher "dies" right after Graph accepted them. */
  const dieAfterGraph = new Set<string>()

  beforeAll(async () => {
    fanfare = await startFanfare({ POSTS_LEASE_MS: '4000', GRAPH_TIMEOUT_MS: '1000' })
    const admin = await adminWithDemoPage(fanfare)
    pageId = admin.pageId
    api = apiClient(fanfare, await createApiToken(admin.browser))
    await api.patch(`/api/v1/pages/${pageId}`, {
      maxPostsPerDay: 50,
      maxPromoPostsPerWeek: 50,
      minNonPromoSharePercent: 0,
      minGapMinutes: 0,
    })
    other = await buildCore(fanfare.config, {
      logger: false,
      seams: {
        afterGraphCall: (postId) => {
          if (dieAfterGraph.delete(postId)) throw new Error('killed after the Graph call')
        },
      },
    })
  })
  afterAll(async () => {
    await other?.close()
    await fanfare?.close()
  })

  /** A draft made due directly in the database: no queued job, only the racers publish it. */
  async function dueWithoutJob(message: string): Promise<string> {
    const draft = await api.post('/api/v1/posts', { pageId, message, label: 'news', action: 'draft' })
    const id = draft.body.posts[0].id as string
    await stored(fanfare.app).posts.updateOne(
      { _id: id },
      { $set: { status: 'scheduled', scheduledAt: new Date() } },
    )
    return id
  }

  /** RACERS publishers at once, alternating between the two connections. */
  function race(id: string): Promise<PublishOutcome[]> {
    return Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        (i % 2 ? other : fanfare.app).posts.publisher.publishDuePost(id, {
          attempt: 1,
          maxAttempts: 1,
          worker: `racer-${i}`,
        }),
      ),
    )
  }

  async function onSandbox(message: string): Promise<number> {
    const { data } = (await control(fanfare.sandbox, 'GET', `/pages/${DEMO_PAGE_ID}/posts`)) as {
      data: Array<{ message: string }>
    }
    return data.filter((p) => p.message === message).length
  }

  it.each([1, 2, 3])('publishes a due post exactly once however many claim it (round %i)', async (round) => {
    const message = `Zestien workers, één bericht (${round})`
    const id = await dueWithoutJob(message)
    const outcomes = await race(id)
    expect(outcomes.filter((o) => o === 'published')).toHaveLength(1)
    expect(outcomes.filter((o) => o !== 'published' && o !== 'busy' && o !== 'nothing_to_do')).toEqual([])
    expect(await onSandbox(message)).toBe(1)
    const post = await api.get(`/api/v1/posts/${id}`)
    expect(post.body.status).toBe('published')
    expect(post.body.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['published'])
  })

  it('lets exactly one racer take over a post whose worker died mid-publish, and finds it in the feed', async () => {
    const message = 'Gestorven na Facebook, één keer gevonden'
    const id = await dueWithoutJob(message)
    dieAfterGraph.add(id)
    await expect(
      other.posts.publisher.publishDuePost(id, { attempt: 1, maxAttempts: 1, worker: 'doomed' }),
    ).rejects.toThrow('killed after the Graph call')
    expect(await onSandbox(message)).toBe(1)
    // Its lease still runs: nobody else may touch the post.
    expect((await race(id)).every((o) => o === 'busy')).toBe(true)

    const lease = (await stored(fanfare.app).posts.findById(id).lean())?.lease?.until as Date
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(lease.getTime()), { timeout: 10_000 })
    const outcomes = await race(id)
    expect(outcomes.filter((o) => o === 'recovered')).toHaveLength(1)
    expect(outcomes.filter((o) => o !== 'recovered' && o !== 'busy' && o !== 'nothing_to_do')).toEqual([])
    expect(await onSandbox(message)).toBe(1)
    const post = await api.get(`/api/v1/posts/${id}`)
    expect(post.body.status).toBe('published')
    expect(post.body.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['retrying', 'recovered'])
  })
})
