import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
// @ts-expect-error plain JavaScript module shared with the bootstrap script
import { startRedis } from '../../scripts/services.mjs'
import { LinkClickSchema } from '../../src/modules/links/model.js'
import { modelOn } from '../../src/store.js'
import {
  adminWithDemoPage,
  apiClient,
  control,
  createApiToken,
  DEMO_PAGE_ID,
  type Fanfare,
  PUBLIC_URL,
  startFanfare,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'

type LinkView = {
  code: string
  shortUrl: string
  url: string
  postId: string
  target: string
  clicks: number
  uniques: number
}

describe('tracked links: posts go out with /r/ links that redirect with UTM and count people', () => {
  let fanfare: Fanfare
  let api: ReturnType<typeof apiClient>
  let pageId: string
  const dataDir = mkdtempSync(join(tmpdir(), 'fanfare-links-'))

  beforeAll(async () => {
    fanfare = await startFanfare()
    let admin: Awaited<ReturnType<typeof adminWithDemoPage>>['browser']
    ;({ browser: admin, pageId } = await adminWithDemoPage(fanfare))
    api = apiClient(fanfare, await createApiToken(admin))
    await api.patch(`/api/v1/pages/${pageId}`, {
      timeZone: 'Europe/Amsterdam',
      maxPostsPerDay: 50,
      maxPromoPostsPerWeek: 50,
      minNonPromoSharePercent: 0,
      minGapMinutes: 0,
    })
  })
  afterAll(async () => {
    await fanfare.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  async function publish(message: string, link: string) {
    const draft = await api.post('/api/v1/posts', {
      pageId,
      message,
      link,
      label: 'promotion',
      action: 'draft',
    })
    expect(draft.status).toBe(201)
    const id = draft.body.posts[0].id as string
    await stored(fanfare.app).posts.updateOne(
      { _id: id },
      { $set: { status: 'scheduled', scheduledAt: new Date() } },
    )
    const outcome = await fanfare.app.posts.publisher.publishDuePost(id, {
      attempt: 1,
      maxAttempts: 1,
      worker: 'test',
    })
    expect(outcome).toBe('published')
    return id
  }

  const linksOf = async (postId: string): Promise<LinkView[]> => {
    const res = await api.get('/api/v1/links?kind=post')
    expect(res.status).toBe(200)
    return (res.body.links as LinkView[]).filter((l) => l.postId === postId)
  }

  it('rewrites the link and every address in the text, and Facebook gets the short links', async () => {
    const postId = await publish(
      'Winteruitverkoop! Alles op https://shop.example.nl/sale en de jassen: https://shop.example.nl/jassen',
      'https://shop.example.nl/sale',
    )
    const links = await linksOf(postId)
    expect(links.map((l) => l.target).sort()).toEqual([
      'https://shop.example.nl/jassen',
      'https://shop.example.nl/sale',
    ])
    const sale = links.find((l) => l.target.endsWith('/sale')) as LinkView
    const jassen = links.find((l) => l.target.endsWith('/jassen')) as LinkView
    expect(sale.shortUrl).toBe(`${PUBLIC_URL}/r/${sale.code}`)

    const { data } = (await control(fanfare.sandbox, 'GET', `/pages/${DEMO_PAGE_ID}/posts`)) as {
      data: Array<{ message: string; link?: string | null }>
    }
    const onPage = data.find((p) => p.message.startsWith('Winteruitverkoop!'))
    expect(onPage?.message).toBe(
      `Winteruitverkoop! Alles op ${sale.shortUrl} en de jassen: ${jassen.shortUrl}`,
    )
    expect(onPage?.link).toBe(sale.shortUrl)

    const url = new URL(sale.url)
    expect(url.origin + url.pathname).toBe('https://shop.example.nl/sale')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      utm_source: 'facebook',
      utm_medium: 'social',
      utm_campaign: 'promotion',
      utm_content: `post-${sale.code}`,
    })
  })

  it('redirects to the target with UTM and counts clicks and daily uniques of people only', async () => {
    const postId = await publish('Bekijk https://shop.example.nl/telling', 'https://shop.example.nl/telling')
    const [link] = await linksOf(postId)
    const path = `/r/${link?.code}`
    const web = supertest(fanfare.app.server)
    const first = await web.get(path).set('user-agent', CHROME)
    expect(first.status).toBe(302)
    expect(first.headers.location).toBe(link?.url)
    expect(first.headers['cache-control']).toBe('private, no-store')
    await web.get(path).set('user-agent', CHROME)
    await web.get(path).set('user-agent', FIREFOX)
    // Not people: a HEAD, a browser's prefetch, Facebook's link preview, a crawler.
    expect((await web.head(path).set('user-agent', CHROME)).status).toBe(302)
    expect((await web.get(path).set('user-agent', CHROME).set('sec-purpose', 'prefetch')).status).toBe(302)
    await web.get(path).set('user-agent', CHROME).set('purpose', 'prefetch')
    await web
      .get(path)
      .set('user-agent', 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)')
    await web
      .get(path)
      .set('user-agent', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)')

    await vi.waitFor(
      async () => {
        const [counted] = await linksOf(postId)
        expect({ clicks: counted?.clicks, uniques: counted?.uniques }).toEqual({ clicks: 3, uniques: 2 })
      },
      { timeout: 5000, interval: 100 },
    )
  })

  it('stores no client address: only a daily visitor hash per link', async () => {
    const clicks = modelOn(fanfare.app.store.connection, 'LinkClick', LinkClickSchema)
    const docs = await clicks.find({}).lean()
    expect(docs.length).toBeGreaterThan(0)
    const raw = JSON.stringify(docs)
    expect(raw).not.toContain('127.0.0.1')
    expect(raw).not.toContain('::ffff')
    expect(raw).not.toContain('Chrome')
  })

  it('answers 404 for a code that does not exist, and 400 for one that cannot', async () => {
    const web = supertest(fanfare.app.server)
    expect((await web.get('/r/Zzzzzzzz').set('user-agent', CHROME).set('accept-language', 'en')).status).toBe(
      404,
    )
    expect((await web.get('/r/..%2Fadmin').set('user-agent', CHROME)).status).toBe(400)
  })

  it('keeps redirecting and counting while Redis is down', async () => {
    const redis = await startRedis({ dataDir })
    const other = await startFanfare({ REDIS_URL: redis.url, MONGODB_URI: fanfare.config.MONGODB_URI })
    try {
      const link = await other.app.links.tracking.rewritePost({
        id: '6650f0c0a1b2c3d4e5f60789',
        pageId,
        label: 'news',
        message: 'Zonder Redis: https://shop.example.nl/redis',
        link: null,
      })
      const code = /\/r\/([A-Za-z0-9]{8})/.exec(link.message)?.[1] as string
      await redis.stop()
      const res = await supertest(other.app.server).get(`/r/${code}`).set('user-agent', CHROME)
      expect(res.status).toBe(302)
      expect(res.headers.location).toContain('https://shop.example.nl/redis?utm_source=facebook')
      const clicks = modelOn(other.app.store.connection, 'LinkClick', LinkClickSchema)
      await vi.waitFor(async () => expect(await clicks.countDocuments({ code })).toBe(1), { timeout: 5000 })
    } finally {
      await other.close()
    }
  })
})
