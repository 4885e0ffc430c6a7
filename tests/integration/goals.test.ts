import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  adminWithDemoPage,
  apiClient,
  createApiToken,
  type Fanfare,
  startFanfare,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

describe('goals: baseline from data, actual from tracked orders and insights, standing and digest', () => {
  let fanfare: Fanfare
  let api: ReturnType<typeof apiClient>
  let pageId: string

  beforeAll(async () => {
    fanfare = await startFanfare()
    const admin = await adminWithDemoPage(fanfare)
    pageId = admin.pageId
    api = apiClient(fanfare, await createApiToken(admin.browser))
    await api.patch(`/api/v1/pages/${pageId}`, {
      timeZone: 'Europe/Amsterdam',
      maxPostsPerDay: 50,
      maxPromoPostsPerWeek: 50,
      minNonPromoSharePercent: 0,
      minGapMinutes: 0,
    })
  })
  afterAll(() => fanfare.close())

  const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10)

  it('asks for a baseline when there was no Facebook revenue before, naming the field', async () => {
    const res = await api.post('/api/v1/goals', {
      pageId,
      kind: 'revenue',
      changePercent: 10,
      deadline: inAYear(),
    })
    expect(res.status).toBe(400)
    expect(res.body.error.details).toEqual([
      { path: 'baseline', message: expect.stringContaining('baseline') },
    ])
    const missing = await api.post('/api/v1/goals', { pageId, kind: 'revenue', deadline: inAYear() })
    expect(missing.status).toBe(400)
    expect(missing.body.error.details[0].path).toBe('body.changePercent')
  })

  it('measures a +10 % revenue goal: the order through a post’s link counts for the post and the progress', async () => {
    const created = await api.post('/api/v1/goals', {
      pageId,
      kind: 'revenue',
      title: '10 procent meer verkoop',
      changePercent: 10,
      baseline: 1000,
      deadline: inAYear(),
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      baseline: 100_000,
      baselineSource: 'entered',
      target: 110_000,
      actual: 0,
      orders: 0,
    })

    // A post goes out with a tracked link; a fan clicks it and orders €55 with its UTM.
    const draft = await api.post('/api/v1/posts', {
      pageId,
      message: 'Nieuwe jassen: https://shop.example.nl/jassen',
      label: 'promotion',
      action: 'draft',
    })
    const postId = draft.body.posts[0].id as string
    await stored(fanfare.app).posts.updateOne(
      { _id: postId },
      { $set: { status: 'scheduled', scheduledAt: new Date() } },
    )
    await fanfare.app.posts.publisher.publishDuePost(postId, { attempt: 1, maxAttempts: 1, worker: 'test' })
    const [link] = (await api.get('/api/v1/links?kind=post')).body.links.filter(
      (l: { postId: string }) => l.postId === postId,
    )
    await fanfare.app.inject({ method: 'GET', url: `/r/${link.code}`, headers: { 'user-agent': CHROME } })
    const utm = Object.fromEntries(new URL(link.url).searchParams) as Record<string, string>
    const order = (id: string, amount: string, status = 'paid') => ({
      id,
      number: id,
      createdAt: new Date(),
      status,
      total: { amount, currency: 'EUR' },
      attribution: {
        source: utm.utm_source ?? null,
        medium: utm.utm_medium ?? null,
        campaign: utm.utm_campaign ?? null,
        content: utm.utm_content ?? null,
      },
    })
    expect(await fanfare.app.attribution.record('shop-1', order('1001', '55.00'))).toBe('attributed')
    expect(await fanfare.app.attribution.record('shop-1', order('1001', '55.00'))).toBe('attributed') // again: not twice
    expect(await fanfare.app.attribution.record('shop-1', order('1002', '80.00', 'refunded'))).toBe(
      'attributed',
    )
    expect(
      await fanfare.app.attribution.record('shop-1', {
        ...order('1003', '20.00'),
        attribution: { source: 'google', medium: 'cpc', campaign: null, content: null },
      }),
    ).toBe('ignored')

    // Clicks are written in batches a moment after the redirect: wait until this one is stored.
    const view = await vi.waitFor(
      async () => {
        const res = await api.get(`/api/v1/goals/${created.body.id}`)
        expect(res.body.clicks).toBe(1)
        return res
      },
      { timeout: 10_000, interval: 100 },
    )
    expect(view.status).toBe(200)
    expect(view.body).toMatchObject({
      actual: 5500,
      orders: 1,
      revenueCents: 5500,
      clicks: 1,
      progressPercent: 5,
    })
    expect(view.body.series.at(-1).actual).toBe(5500)
    expect(view.body.contributors[0]).toMatchObject({
      kind: 'post',
      id: postId,
      clicks: 1,
      orders: 1,
      revenueCents: 5500,
    })
    expect(view.body.contributors[0].label).toContain('Nieuwe jassen')

    // The weekly digest says what to adjust, and the dashboard shows it.
    await fanfare.app.goals.digestAll()
    const after = await api.get(`/api/v1/goals/${created.body.id}`)
    const keys = after.body.digest.advice.map((a: { key: string }) => a.key)
    expect(keys).toContain('goals.advice.moreOf')
    expect(
      after.body.digest.advice.find((a: { key: string }) => a.key === 'goals.advice.moreOf').params,
    ).toEqual({ label: 'promotion' })
  })

  it('measures a followers goal from the page insights, baseline included', async () => {
    const page = await fanfare.app.pages.connectedById(pageId)
    if (!page) throw new Error('no page')
    await fanfare.app.insights.collectPage(page, 3)
    const res = await api.post('/api/v1/goals', {
      pageId,
      kind: 'followers',
      changePercent: 5,
      deadline: inAYear(),
    })
    expect(res.status).toBe(201)
    expect(res.body.baselineSource).toBe('measured')
    expect(res.body.baseline).toBeGreaterThan(0)
    expect(res.body.target).toBe(Math.round(res.body.baseline * 1.05))
    expect(res.body.actual).toBe(res.body.baseline)
  })

  it('audits setting a goal', async () => {
    const entries = await stored(fanfare.app).audit.find({ action: 'goal.create' }).lean()
    expect(entries.length).toBe(2)
  })
})
