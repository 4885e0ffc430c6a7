// Promos held for their product's stock, end to end against the sandbox shop over real HTTP: a
// sell-out webhook holds a scheduled promo, the marketer sees it on their home and on the post with
// the reason in words, a release is refused while the stock does not back the claim and goes through
// after a restock; the publisher's last check holds a post whose stock changed; the JSON release and
// the stock-check dry run; another page's marketer reaches none of it.
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type FanfareWithWorker, startFanfareWithWorker } from '../helpers/comments.js'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  control,
  createApiToken,
  joinTeam,
} from '../helpers/fanfare.js'
import { expectInlineError, submitForm } from '../helpers/forms.js'
import {
  connectShop,
  type StartedShopSandbox,
  shopControl,
  shopifyConnection,
  shopifyVariant,
  startTestShop,
} from '../helpers/shop.js'
import { stored } from '../helpers/stored.js'

const ZONE = 'Europe/Amsterdam'
const ALL_TASKS = ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE']

let shop: StartedShopSandbox
let fanfare: FanfareWithWorker
let admin: Browser
let api: ReturnType<typeof apiClient>
let pageId: string
let shopifyId: string

const product = (variant: number) => `${shopifyId}:${shopifyVariant(variant)}`
const inDays = (days: number) =>
  DateTime.now().plus({ days }).set({ hour: 11, minute: 0 }).toUTC().toISO() as string
const setStock = (variant: number, stock: number) =>
  shopControl(shop, 'POST', '/stock', { variantId: variant, stock })

async function promo(message: string, variant: number, scheduledAt = inDays(2)): Promise<string> {
  const saved = await api.post('/api/v1/posts', {
    pageId,
    message,
    label: 'promotion',
    action: 'schedule',
    scheduledAt,
    product: product(variant),
  })
  if (saved.status !== 201) throw new Error(`promo refused: ${saved.status} ${JSON.stringify(saved.body)}`)
  return saved.body.posts[0].id as string
}

async function statusBecomes(id: string, status: string) {
  return vi.waitFor(
    async () => {
      const post = await stored(fanfare.app).posts.findById(id).lean()
      if (post?.status !== status) throw new Error(`still ${post?.status}`)
      return post
    },
    { timeout: 15_000, interval: 100 },
  )
}

const audited = (action: string, id: string) =>
  stored(fanfare.app).audit.findOne({ action, 'target.id': id }).lean()

beforeAll(async () => {
  shop = await startTestShop()
  fanfare = await startFanfareWithWorker({ SHOPIFY_ADMIN_URL: shop.url })
  await fanfare.app.listen({ host: '127.0.0.1', port: 0 })
  const base = `http://127.0.0.1:${(fanfare.app.server.address() as { port: number }).port}`
  const demo = await adminWithDemoPage(fanfare)
  admin = demo.browser
  pageId = demo.pageId
  api = apiClient(fanfare, await createApiToken(admin))
  await api.patch(`/api/v1/pages/${pageId}`, {
    timeZone: ZONE,
    maxPostsPerDay: 50,
    maxPromoPostsPerWeek: 50,
    minNonPromoSharePercent: 0,
    minGapMinutes: 0,
  })
  shopifyId = await connectShop(api, shopifyConnection)
  await shopControl(shop, 'POST', '/subscriptions', {
    platform: 'shopify',
    url: `${base}/webhooks/shop/${shopifyId}`,
  })
})
afterAll(async () => {
  await fanfare?.close()
  await shop?.close()
})

describe('a promo held because its product sold out', () => {
  let postId: string

  it('is held by the sell-out webhook and shown on the home with the reason, stock and time', async () => {
    // Wandelschoen Trail 43: 6 in stock.
    postId = await promo('Nog maar 6 paar Trail in maat 43!', 8000006)
    const home0 = await admin.get('/').set('accept-language', 'nl')
    expect(home0.text).not.toContain('id="home-held"')
    await setStock(8000006, 0)
    const held = await statusBecomes(postId, 'held')
    expect(held.hold).toMatchObject({ reason: 'sold_out', stock: 0, from: 'scheduled' })
    // Written right after the hold itself.
    const entry = await vi.waitFor(
      async () =>
        (await audited('post.held_for_stock', postId)) ?? Promise.reject(new Error('not audited yet')),
      { timeout: 5_000, interval: 50 },
    )
    expect(entry).toMatchObject({ after: { kind: 'sold_out', stock: 0 } })

    const home = await admin.get('/').set('accept-language', 'nl')
    const section = home.text.slice(home.text.indexOf('id="home-held"'))
    expect(section).toContain('Vastgehouden acties')
    expect(section).toContain(`href="/posts/${postId}"`)
    expect(section).toContain('Nog maar 6 paar Trail in maat 43!')
    expect(section).toMatch(/Vastgehouden omdat Wandelschoen Trail[^<]* uitverkocht raakte/)
    expect(section).toContain('Nu op voorraad: 0')
    expect(section).toMatch(/Gepland: <time datetime="[^"]+"/)
    const english = await admin.get('/').set('accept-language', 'en')
    expect(english.text).toContain('Held promos')
    expect(english.text).toMatch(/Held because Wandelschoen Trail[^<]* sold out/)
  })

  it('shows why on the post’s page, with the release form', async () => {
    const page = await admin.get(`/posts/${postId}`).set('accept-language', 'nl')
    expect(page.status).toBe(200)
    expect(page.text).toContain('id="post-hold"')
    expect(page.text).toMatch(/Vastgehouden omdat Wandelschoen Trail[^<]* uitverkocht raakte/)
    expect(page.text).toContain(`action="/posts/${postId}/release"`)
    expect(page.text).toContain('Vrijgeven')
    expect(page.text).toContain('De voorraad maakt de tekst nog niet waar')
    // Retry would skip the stock check: a stock hold offers release only.
    expect(page.text).not.toContain(`action="/posts/${postId}/retry"`)
    const retried = await api.post(`/api/v1/posts/${postId}/retry`)
    expect(retried.status).toBe(409)
    expect(retried.body.error.code).toBe('posts.heldForStockUseRelease')
  })

  it('refuses the release while the stock is higher than the claim, naming the claim and the stock', async () => {
    await setStock(8000006, 10)
    const refused = await submitForm(admin, {
      action: `/posts/${postId}/release`,
      from: `/posts/${postId}`,
      fields: {},
    })
    expect(refused.status).toBe(422)
    expectInlineError(refused.text, 'release')
    expect(refused.text).toMatch(
      /“Nog maar 6 paar” belooft schaarste, maar van Wandelschoen Trail[^<]* zijn er nog 10 op voorraad/,
    )
    expect((await stored(fanfare.app).posts.findById(postId).lean())?.status).toBe('held')
    const english = await submitForm(admin, {
      action: `/posts/${postId}/release`,
      from: `/posts/${postId}`,
      fields: {},
      language: 'en',
    })
    expect(english.status).toBe(422)
    expect(english.text).toMatch(
      /“Nog maar 6 paar” claims scarcity, but Wandelschoen Trail[^<]* has 10 in stock/,
    )
  })

  it('releases it after a restock that backs the claim: scheduled again at its own time, audited', async () => {
    const before = await stored(fanfare.app).posts.findById(postId).lean()
    await setStock(8000006, 5)
    const page = await admin.get(`/posts/${postId}`).set('accept-language', 'nl')
    expect(page.text).toContain('Nu op voorraad: 5')
    expect(page.text).toContain('je kunt het bericht vrijgeven')
    const released = await submitForm(admin, {
      action: `/posts/${postId}/release`,
      from: `/posts/${postId}`,
      fields: {},
    })
    expect(released.status).toBe(303)
    expect(released.headers.location).toBe(`/posts/${postId}`)
    const after = await stored(fanfare.app).posts.findById(postId).lean()
    expect(after).toMatchObject({ status: 'scheduled', hold: null, failure: { kind: null } })
    expect(after?.scheduledAt?.toISOString()).toBe(before?.scheduledAt?.toISOString())
    expect(await audited('post.release', postId)).toMatchObject({
      before: { status: 'held' },
      after: { status: 'scheduled' },
    })
    const log = await admin.get('/audit').set('accept-language', 'nl')
    expect(log.text).toContain('gaf bericht “Nog maar 6 paar Trail in maat 43!” vrij')
    expect(log.text).toContain('Bericht “Nog maar 6 paar Trail in maat 43!” is vastgehouden')
    const home = await admin.get('/').set('accept-language', 'nl')
    expect(home.text).not.toContain('id="home-held"')
  })
})

describe('a held promo that was awaiting approval', () => {
  it('awaits approval again once released, and fills {voorraad} only when it goes out', async () => {
    const id = await promo('Wollen sjaals: nog {voorraad} op voorraad', 8000003)
    // What a marketer's promo on a page that requires approval looks like before an admin approves it.
    await stored(fanfare.app).posts.updateOne({ _id: id }, { $set: { status: 'awaiting_approval' } })
    await setStock(8000003, 0)
    const held = await statusBecomes(id, 'held')
    expect(held.hold).toMatchObject({ reason: 'sold_out', from: 'awaiting_approval' })
    const stillOut = await api.post(`/api/v1/posts/${id}/release`)
    expect(stillOut.status).toBe(422)
    expect(stillOut.body.error.code).toBe('posts.release.stillSoldOut')
    await setStock(8000003, 25)
    const released = await api.post(`/api/v1/posts/${id}/release`)
    expect(released.status).toBe(200)
    expect(released.body).toMatchObject({
      status: 'awaiting_approval',
      hold: null,
      message: expect.stringContaining('{voorraad}'),
    })
  })
})

describe('the publisher’s last check and the JSON release', () => {
  let postId: string

  it('holds a post whose stock rose above its claim after it was scheduled', async () => {
    // Regenjas Storm L: 4 in stock when planned; 9 when it is due.
    postId = await promo('Nog maar 4 regenjassen Storm in L', 8000002)
    await setStock(8000002, 9)
    await stored(fanfare.app).posts.updateOne({ _id: postId }, { $set: { scheduledAt: new Date() } })
    const outcome = await fanfare.worker.app.posts.publisher.publishDuePost(postId, {
      attempt: 1,
      maxAttempts: 1,
      worker: 'test',
    })
    expect(outcome).toBe('held')
    const held = await stored(fanfare.app).posts.findById(postId).lean()
    expect(held).toMatchObject({
      status: 'held',
      hold: { reason: 'scarcity', claim: 'Nog maar 4', stock: 9 },
    })
    const shown = await api.get(`/api/v1/posts/${postId}`)
    expect(shown.body.hold).toMatchObject({ reason: 'scarcity', claim: 'Nog maar 4', stock: 9 })
    const page = await admin.get(`/posts/${postId}`).set('accept-language', 'nl')
    expect(page.text).toContain(
      'Vastgehouden: de tekst zegt ‘Nog maar 4’, maar er zijn er nog 9 op voorraad.',
    )
    expect(page.text).toContain('De geplande tijd is voorbij')
    const english = await admin.get(`/posts/${postId}`).set('accept-language', 'en')
    expect(english.text).toContain('Held: the text says ‘Nog maar 4’, but there are still 9 in stock.')
  })

  it('refuses the API release with 422 while the claim does not hold, then releases and publishes it', async () => {
    const refused = await api.post(`/api/v1/posts/${postId}/release`)
    expect(refused.status).toBe(422)
    expect(refused.body.error).toMatchObject({
      code: 'posts.release.claimStillUntrue',
      params: { claim: 'Nog maar 4', stock: 9 },
    })
    expect(refused.body.error.details[0]).toMatchObject({ path: 'release' })
    expect(refused.body.error.details[0].message).toContain('9')

    await setStock(8000002, 4)
    const released = await api.post(`/api/v1/posts/${postId}/release`)
    expect(released.status).toBe(200)
    expect(released.body).toMatchObject({ status: 'scheduled', hold: null })
    // Its time had passed: it goes out right away.
    expect(new Date(released.body.scheduledAt).getTime()).toBeLessThanOrEqual(Date.now())
    await statusBecomes(postId, 'published')
    const again = await api.post(`/api/v1/posts/${postId}/release`)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('posts.release.notHeld')
  })

  it('documents the release route and the hold in the OpenAPI document', async () => {
    const doc = (await fanfare.app.inject({ method: 'GET', url: '/docs/json' })).json()
    expect(doc.paths['/api/v1/posts/{id}/release'].post.responses['422']).toBeDefined()
    expect(doc.paths['/api/v1/shop/stock-checks'].post).toBeDefined()
    const post = doc.paths['/api/v1/posts/{id}'].get.responses['200'].content['application/json'].schema
    expect(JSON.stringify(post)).toContain('"hold"')
  })
})

describe('the stock-check dry run', () => {
  it('refuses "nog maar 3" at 10 in stock and allows it at 3, with {voorraad} filled in, saving nothing', async () => {
    const postsBefore = await stored(fanfare.app).posts.countDocuments()
    const refused = await api.post('/api/v1/shop/stock-checks', {
      text: 'Nog maar 3 regenjassen Storm in M, nog {voorraad} op voorraad',
      product: product(8000001),
    })
    expect(refused.status).toBe(200)
    expect(refused.body).toMatchObject({
      verdict: 'refused',
      product: { ref: product(8000001), stock: 10 },
      claims: [{ claim: 'Nog maar 3', kind: 'count', field: 'message' }],
      refused: [{ claim: 'Nog maar 3', reason: 'stock_higher', field: 'message' }],
      preview: 'Nog maar 3 regenjassen Storm in M, nog 10 op voorraad',
    })
    expect(refused.body.refused[0].message).toContain('10 in stock')

    await setStock(8000001, 3)
    const ok = await api.post('/api/v1/shop/stock-checks', {
      text: { title: 'Nog maar 3 regenjassen!', body: 'Nog {voorraad} in maat M' },
      product: product(8000001),
    })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({
      verdict: 'ok',
      refused: [],
      preview: { title: 'Nog maar 3 regenjassen!', body: 'Nog 3 in maat M' },
    })
    expect(await stored(fanfare.app).posts.countDocuments()).toBe(postsBefore)
  })

  it('refuses a countdown without an end date, and {voorraad} without a product', async () => {
    const noEnd = await api.post('/api/v1/shop/stock-checks', { text: 'Laatste kans: 20% korting!' })
    expect(noEnd.body).toMatchObject({
      verdict: 'refused',
      refused: [{ claim: 'Laatste kans', reason: 'no_end_date', field: 'offerEndsAt' }],
    })
    const withEnd = await api.post('/api/v1/shop/stock-checks', {
      text: 'Laatste kans: 20% korting!',
      offerEndsAt: inDays(3),
    })
    expect(withEnd.body.verdict).toBe('ok')
    const ended = await api.post('/api/v1/shop/stock-checks', {
      text: 'Laatste kans: 20% korting!',
      offerEndsAt: inDays(1),
      at: inDays(2),
    })
    expect(ended.body.refused[0]).toMatchObject({ reason: 'ended' })
    const noProduct = await api.post('/api/v1/shop/stock-checks', { text: 'Nog {voorraad} over' })
    expect(noProduct.body.refused[0]).toMatchObject({ claim: '{voorraad}', reason: 'no_product' })
    const bad = await api.post('/api/v1/shop/stock-checks', { text: 'x', product: 'not-a-product' })
    expect(bad.status).toBe(400)
  })
})

describe('page scope', () => {
  it('keeps another page’s marketer away from the held promo, its release and its home section', async () => {
    const heldId = await promo('Nog maar 3 thermosbekers!', 8000004)
    await setStock(8000004, 0)
    await statusBecomes(heldId, 'held')

    const anne = (await api.get('/api/v1/me')).body
    const second = await control(fanfare.sandbox, 'POST', '/pages', {
      name: `Tweede winkel ${Date.now()}`,
      roles: { [anne.facebookUserId]: ALL_TASKS },
    })
    const connected = await api.post('/api/v1/pages', { facebookPageIds: [second.id] })
    expect(connected.status).toBe(201)
    const person = await control(fanfare.sandbox, 'POST', '/users', {
      name: 'Bea Bpagina',
      kind: 'team',
      roles: { [second.id]: ['CREATE_CONTENT', 'MODERATE', 'ANALYZE'] },
    })
    // Invited for the second page only (an invite grants exactly the pages it names).
    const secondPage = (
      (await api.get('/api/v1/pages')).body.pages as { id: string; facebookPageId: string }[]
    ).find((p) => p.facebookPageId === second.id)
    const { browser: bea } = await joinTeam(fanfare, api, person.id, 'marketer', {
      pageIds: [secondPage?.id as string],
    })
    const beaApi = apiClient(fanfare, await createApiToken(bea, 'bea script'))

    expect((await bea.get(`/posts/${heldId}`)).status).toBe(404)
    const release = await beaApi.post(`/api/v1/posts/${heldId}/release`)
    expect(release.status).toBe(404)
    const home = await bea.get('/')
    expect(home.status).toBe(200)
    expect(home.text).not.toContain('id="home-held"')
    // Moderators check no stock.
    const mod = await control(fanfare.sandbox, 'POST', '/users', {
      name: 'Mo Moderator',
      kind: 'team',
      roles: { [second.id]: ['MODERATE'] },
    })
    const { browser: mo } = await joinTeam(fanfare, api, mod.id, 'moderator', {
      pageIds: [secondPage?.id as string],
    })
    const moApi = apiClient(fanfare, await createApiToken(mo, 'mo script'))
    expect((await moApi.post('/api/v1/shop/stock-checks', { text: 'Nog maar 3!' })).status).toBe(403)
    // The admin still sees it, on the home among the held promos.
    expect((await admin.get('/')).text).toContain(`href="/posts/${heldId}"`)
    expect((await stored(fanfare.app).posts.findById(heldId).lean())?.status).toBe('held')
  })
})

describe('the stock check’s rate limit', () => {
  it('answers 429 after 60 checks a minute from one address', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 61; i++) {
      statuses.push((await api.post('/api/v1/shop/stock-checks', { text: 'Gewoon een bericht' })).status)
    }
    // Earlier tests used some of the minute's checks already.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0)
    expect(statuses[0]).toBe(200)
    const limited = await api.post('/api/v1/shop/stock-checks', { text: 'Gewoon een bericht' })
    expect(limited.status).toBe(429)
    expect(limited.body.error.code).toBe('rateLimited')
  })
})
