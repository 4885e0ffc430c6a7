// Revenue goals per page: two pages share one sandbox shop; each page's goal counts the orders that
// came through its own posts, campaigns and kits (baseline and actual alike), never the other page's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  control,
  createApiToken,
  DEMO_USERS,
  type Fanfare,
  joinTeam,
  startFanfare,
} from '../helpers/fanfare.js'
import {
  connectShop,
  type StartedShopSandbox,
  shopControl,
  shopifyConnection,
  startTestShop,
} from '../helpers/shop.js'
import { stored } from '../helpers/stored.js'

const ALL_TASKS = ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE']

describe('a revenue goal counts its own page’s orders, also when two pages share a shop', () => {
  let shop: StartedShopSandbox
  let fanfare: Fanfare
  let api: ReturnType<typeof apiClient>
  let jassen: string
  let sjaals: string
  let connectionId: string
  let variantId: number
  let customer: string
  let price: number

  beforeAll(async () => {
    shop = await startTestShop()
    fanfare = await startFanfare({ SHOPIFY_ADMIN_URL: shop.url })
    const admin = await adminWithDemoPage(fanfare)
    jassen = admin.pageId
    api = apiClient(fanfare, await createApiToken(admin.browser))
    const me = (await api.get('/api/v1/me')).body
    const second = await control(fanfare.sandbox, 'POST', '/pages', {
      name: `Sjaals & Co ${Date.now()}`,
      roles: { [me.facebookUserId]: ALL_TASKS },
    })
    expect((await api.post('/api/v1/pages', { facebookPageIds: [second.id] })).status).toBe(201)
    const page = await stored(fanfare.app).pages.findOne({ facebookPageId: second.id }).lean()
    sjaals = String(page?._id)
    connectionId = await connectShop(api, shopifyConnection)
    const state = await shopControl(shop, 'GET', '/state')
    variantId = state.products[0].variants[0].id as number
    price = Math.round(Number(state.products[0].variants[0].price) * 100)
    customer = state.customers[0].email as string
    await shopControl(shop, 'POST', '/stock', { variantId, stock: 500 })
  })
  afterAll(async () => {
    await fanfare?.close()
    await shop?.close()
  })

  const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10)

  /** A published post of the page with a link; answers the UTM of its tracked link. */
  async function publishedPostUtm(pageId: string, message: string) {
    const draft = await api.post('/api/v1/posts', { pageId, message, label: 'promotion', action: 'draft' })
    expect(draft.status).toBe(201)
    const postId = draft.body.posts[0].id as string
    await stored(fanfare.app).posts.updateOne(
      { _id: postId },
      { $set: { status: 'scheduled', scheduledAt: new Date() } },
    )
    await fanfare.app.posts.publisher.publishDuePost(postId, { attempt: 1, maxAttempts: 1, worker: 'test' })
    const link = (await api.get('/api/v1/links?kind=post')).body.links.find(
      (l: { postId: string }) => l.postId === postId,
    )
    return { postId, utm: Object.fromEntries(new URL(link.url).searchParams) as Record<string, string> }
  }

  /** A fan orders `quantity` in the sandbox shop through the given UTM; Fanfare reads the orders. */
  async function order(utm: Record<string, string>, quantity: number) {
    await shopControl(shop, 'POST', '/orders', {
      email: customer,
      lines: [{ variantId, quantity }],
      utm: {
        source: utm.utm_source,
        medium: utm.utm_medium,
        campaign: utm.utm_campaign,
        content: utm.utm_content,
      },
    })
  }
  const sync = () =>
    fanfare.app.attribution.sync.syncConnection(connectionId, new Date(Date.now() - 3600_000))

  it('measures each page’s baseline and actual from its own posts’ and kits’ orders only', async () => {
    const jas = await publishedPostUtm(jassen, 'Winterjassen: https://demo-webshop.example/jassen')
    const sjaal = await publishedPostUtm(sjaals, 'Sjaals: https://demo-webshop.example/sjaals')
    // Before the goals: one order through each page's post (the baseline's year).
    await order(jas.utm, 1)
    await order(sjaal.utm, 3)
    // From Facebook without Fanfare's code: no page can claim it.
    await order({ ...jas.utm, utm_content: 'banner' }, 5)
    await sync()

    const goalOf = async (pageId: string) => {
      const res = await api.post('/api/v1/goals', {
        pageId,
        kind: 'revenue',
        changePercent: 10,
        deadline: inAYear(),
      })
      expect(res.status).toBe(201)
      return res.body
    }
    const jasGoal = await goalOf(jassen)
    const sjaalGoal = await goalOf(sjaals)
    expect(jasGoal).toMatchObject({ baselineSource: 'measured', baseline: price, actual: 0 })
    expect(sjaalGoal).toMatchObject({ baselineSource: 'measured', baseline: 3 * price, actual: 0 })

    // After: the scarves page sells twice, the coats page once, and a kit made for the coats page once
    // (through the person's own link, as the kits module makes it: it carries the kit's page).
    const made = await api.post('/api/v1/kits', {
      pageId: jassen,
      title: 'Jassen',
      textNl: 'Onze jassen!',
      link: 'https://demo-webshop.example/jassen',
      sharesPerDay: 3,
    })
    expect(made.status).toBe(201)
    const jasKit = await fanfare.app.kits.find(made.body.id)
    const kit = await fanfare.app.kits.linkFor(jasKit, 'person-1')
    expect(kit.pageId).toBe(jassen)
    // A kit link stored without a page (before kits passed theirs) gets the kit's page when next asked.
    await fanfare.app.store.connection
      .collection('trackedlinks')
      .updateOne({ code: kit.code }, { $set: { pageId: null } })
    expect((await fanfare.app.kits.linkFor(jasKit, 'person-1')).pageId).toBe(jassen)
    expect((await fanfare.app.links.report.byCode(kit.code))?.pageId).toBe(jassen)
    const shopKit = await fanfare.app.links.tracking.forKitPerson(
      {
        id: 'kit-shop',
        slug: 'shop-kit',
        link: 'https://demo-webshop.example/',
        title: 'Shop',
        pageId: null,
      },
      'person-2',
    )
    await order(sjaal.utm, 2)
    await order(sjaal.utm, 1)
    await order(jas.utm, 1)
    await order(Object.fromEntries(new URL(kit.url).searchParams), 2)
    await order(Object.fromEntries(new URL(shopKit.url).searchParams), 4) // a kit of no page: neither goal's
    await sync()

    const jasView = (await api.get(`/api/v1/goals/${jasGoal.id}`)).body
    const sjaalView = (await api.get(`/api/v1/goals/${sjaalGoal.id}`)).body
    expect(jasView).toMatchObject({ actual: 3 * price, orders: 2, revenueCents: 3 * price })
    expect(sjaalView).toMatchObject({ actual: 3 * price, orders: 2, revenueCents: 3 * price })
    expect(jasView.series.at(-1).actual).toBe(3 * price)
    const contributorIds = (view: { contributors: { id: string }[] }) => view.contributors.map((c) => c.id)
    expect(contributorIds(jasView)).toEqual(expect.arrayContaining([jas.postId, jasKit.id]))
    expect(contributorIds(jasView)).not.toContain(sjaal.postId)
    expect(contributorIds(jasView)).not.toContain('kit-shop')
    expect(contributorIds(sjaalView)).toEqual([sjaal.postId])
    // The kit counts as content; the person behind the link is never listed (no ranking of people).
    expect(jasView.contributors.find((c: { id: string }) => c.id === jasKit.id)).toMatchObject({
      kind: 'kit',
      label: 'Jassen',
      orders: 1,
      revenueCents: 2 * price,
    })
    expect(contributorIds(jasView)).not.toContain('person-1')
    expect(jasView.contributors.map((c: { kind: string }) => c.kind)).not.toContain('person')

    // Orders per kit and per person follow page scope too: a marketer of the scarves page only sees
    // none of the coats page's kit, the admin sees it.
    const { browser: scarves } = await joinTeam(fanfare, api, DEMO_USERS.marketer.id, 'marketer', {
      pageIds: [sjaals],
    })
    const kitRows = async (browser: Browser, by: 'kit' | 'person') =>
      ((await browser.get(`/api/v1/attribution/orders?by=${by}`)).body.rows as { key: string }[]).map(
        (r) => r.key,
      )
    expect(await kitRows(scarves, 'kit')).not.toContain(jasKit.id)
    expect(await kitRows(scarves, 'person')).not.toContain('person-1')
    const all = (await api.get('/api/v1/attribution/orders?by=kit')).body.rows as { key: string }[]
    expect(all.map((r) => r.key)).toContain(jasKit.id)
  })
})
