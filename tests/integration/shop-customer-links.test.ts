// Customer links over the JSON API (list, create from the comment, remove; moderators and admins,
// page-scoped, audited), the moderator's erase of a commenter's shop data on one page (behind the
// irreversible-action confirmation), and the saved reply that asks for the order number.

import { Types } from 'mongoose'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  control,
  createApiToken,
  csrfFrom,
  DEMO_PAGE_ID,
  type Fanfare,
  joinTeam,
  startFanfare,
} from '../helpers/fanfare.js'
import { connectShop, type StartedShopSandbox, shopifyConnection, startTestShop } from '../helpers/shop.js'
import { stored } from '../helpers/stored.js'

const ALL_TASKS = ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE']
const SANNE = 'gid://shopify/Customer/6000001'
const DAAN = 'gid://shopify/Customer/6000002'
const SANNES_ORDER = 'gid://shopify/Order/5000002'

let shop: StartedShopSandbox
let fanfare: Fanfare
let admin: Browser
let adminApi: ReturnType<typeof apiClient>
let connectionId: string
let pageBFacebookId: string
let seq = 0

/** A comment in the inbox of a page, by a commenter with this page-scoped id. */
async function comment(facebookPageId: string, psid: string, name = 'Sanne de Vries'): Promise<string> {
  seq += 1
  const id = `${Date.now()}${seq}_${facebookPageId}`
  await stored(fanfare.app).comments.create({
    _id: id,
    facebookCommentId: id,
    facebookPageId,
    postId: `${facebookPageId}_1`,
    from: { id: psid, name },
    message: 'Mijn bestelling is nog steeds niet binnen, echt een teleurstelling',
    createdTime: new Date(),
    byPage: false,
    removed: false,
    contentVersion: 1,
    status: 'open',
    language: 'nl',
  })
  return id
}

const psidOf = (n: number) => `29${String(Date.now()).slice(-9)}${String(n).padStart(4, '0')}`

beforeAll(async () => {
  shop = await startTestShop()
  fanfare = await startFanfare({ SHOPIFY_ADMIN_URL: shop.url })
  ;({ browser: admin } = await adminWithDemoPage(fanfare))
  adminApi = apiClient(fanfare, await createApiToken(admin, 'admin script'))
  connectionId = await connectShop(adminApi, shopifyConnection)
  const anne = (await adminApi.get('/api/v1/me')).body
  const second = await control(fanfare.sandbox, 'POST', '/pages', {
    name: `Tweede Winkel ${Date.now()}`,
    roles: { [anne.facebookUserId]: ALL_TASKS },
  })
  pageBFacebookId = second.id
  const connected = await adminApi.post('/api/v1/pages', { facebookPageIds: [pageBFacebookId] })
  expect(connected.status).toBe(201)
})
afterAll(async () => {
  await fanfare?.close()
  await shop?.close()
})

describe('customer links over the JSON API', () => {
  it('creates a link from the comment, lists it with ids only, and removes it, audited', async () => {
    const psid = psidOf(1)
    const id = await comment(DEMO_PAGE_ID, psid)
    const made = await adminApi.put(`/api/v1/comments/${id}/shop/customer`, {
      connectionId,
      customerId: SANNE,
    })
    expect(made.status).toBe(200)
    expect(made.body).toMatchObject({
      facebookPageId: DEMO_PAGE_ID,
      commenterId: psid,
      connectionId,
      customerId: SANNE,
    })
    const list = await adminApi.get(`/api/v1/shop/customer-links?page=${DEMO_PAGE_ID}&commenter=${psid}`)
    expect(list.status).toBe(200)
    expect(list.body.links).toHaveLength(1)
    const link = list.body.links[0]
    expect(Object.keys(link).sort()).toEqual(
      ['commenterId', 'connectionId', 'customerId', 'facebookPageId', 'id', 'linkedAt', 'linkedBy'].sort(),
    )
    expect(link.id).toBe(made.body.id)
    expect(JSON.stringify(list.body)).not.toMatch(/sanne@example|Sanne de Vries/)

    const removed = await adminApi.delete(`/api/v1/shop/customer-links/${link.id}`)
    expect(removed.status).toBe(204)
    expect(await stored(fanfare.app).customerLinks.countDocuments({ facebookUserId: psid })).toBe(0)
    expect((await adminApi.delete(`/api/v1/shop/customer-links/${link.id}`)).status).toBe(404)
    const audit = await stored(fanfare.app)
      .audit.find({ action: 'shop.customerUnlink', 'target.id': link.id })
      .lean()
    expect(audit).toHaveLength(1)
    expect(audit[0]?.before).toMatchObject({ connectionId, customerId: SANNE })
    expect(JSON.stringify(audit[0])).not.toContain(psid)
  })

  it('pages through the links with next', async () => {
    const page = DEMO_PAGE_ID
    for (const n of [11, 12, 13]) {
      const id = await comment(page, psidOf(n))
      expect(
        (await adminApi.put(`/api/v1/comments/${id}/shop/customer`, { connectionId, customerId: DAAN }))
          .status,
      ).toBe(200)
    }
    const first = await adminApi.get(`/api/v1/shop/customer-links?page=${page}&limit=2`)
    expect(first.body.links).toHaveLength(2)
    expect(first.body.next).toBe(first.body.links[1].id)
    const rest = await adminApi.get(
      `/api/v1/shop/customer-links?page=${page}&limit=200&after=${first.body.next}`,
    )
    const ids = [...first.body.links, ...rest.body.links].map((l: { id: string }) => l.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(rest.body.next).toBeNull()
  })

  it('refuses marketers (403) and keeps another page’s moderator to their own page (404)', async () => {
    const psidA = psidOf(21)
    const psidB = psidOf(22)
    const onA = await comment(DEMO_PAGE_ID, psidA)
    const onB = await comment(pageBFacebookId, psidB)
    const linkA = (
      await adminApi.put(`/api/v1/comments/${onA}/shop/customer`, { connectionId, customerId: SANNE })
    ).body.id as string
    const linkB = (
      await adminApi.put(`/api/v1/comments/${onB}/shop/customer`, { connectionId, customerId: SANNE })
    ).body.id as string

    const marketer = await control(fanfare.sandbox, 'POST', '/users', {
      name: 'Mila Marketing',
      kind: 'team',
      roles: { [DEMO_PAGE_ID]: ALL_TASKS, [pageBFacebookId]: ALL_TASKS },
    })
    const { browser: mila } = await joinTeam(fanfare, adminApi, marketer.id, 'marketer')
    const milaApi = apiClient(fanfare, await createApiToken(mila, 'mila script'))
    const refused = [
      await milaApi.get('/api/v1/shop/customer-links'),
      await milaApi.delete(`/api/v1/shop/customer-links/${linkA}`),
      await milaApi.put(`/api/v1/comments/${onA}/shop/customer`, { connectionId, customerId: DAAN }),
      await milaApi.delete(`/api/v1/comments/${onA}/shop/commenter`),
    ]
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403])

    const person = await control(fanfare.sandbox, 'POST', '/users', {
      name: 'Mo Bpagina',
      kind: 'team',
      roles: { [pageBFacebookId]: ['MODERATE', 'ANALYZE'] },
    })
    // Invited for page B only (an invite grants exactly the pages it names).
    const pageB = (
      (await adminApi.get('/api/v1/pages')).body.pages as { id: string; facebookPageId: string }[]
    ).find((p) => p.facebookPageId === pageBFacebookId)
    const { browser: mo } = await joinTeam(fanfare, adminApi, person.id, 'moderator', {
      pageIds: [pageB?.id as string],
    })
    const moApi = apiClient(fanfare, await createApiToken(mo, 'mo script'))
    const own = await moApi.get('/api/v1/shop/customer-links?limit=200')
    expect(own.status).toBe(200)
    const pages = new Set(own.body.links.map((l: { facebookPageId: string }) => l.facebookPageId))
    expect([...pages]).toEqual([pageBFacebookId])
    expect(own.body.links.map((l: { id: string }) => l.id)).toContain(linkB)
    const tries = [
      await moApi.get(`/api/v1/shop/customer-links?page=${DEMO_PAGE_ID}`),
      await moApi.delete(`/api/v1/shop/customer-links/${linkA}`),
      await moApi.put(`/api/v1/comments/${onA}/shop/customer`, { connectionId, customerId: DAAN }),
      await moApi.delete(`/api/v1/comments/${onA}/shop/commenter`),
    ]
    const moCsrf = await csrfFrom(mo, '/')
    tries.push(
      await mo.post(`/comments/${onA}/shop/erase`).type('form').send({ _csrf: moCsrf, confirm: 'yes' }),
      await mo.get(`/comments/${onA}/shop/erase/confirm`),
    )
    expect(tries.map((t) => t.status)).toEqual([404, 404, 404, 404, 404, 404])
    expect(await stored(fanfare.app).customerLinks.countDocuments({ _id: linkA })).toBe(1)
    // Their own page's link they may remove.
    expect((await moApi.delete(`/api/v1/shop/customer-links/${linkB}`)).status).toBe(204)
  })

  it('is documented in OpenAPI from its schemas', async () => {
    const doc = (await supertest(fanfare.app.server).get('/docs/json')).body
    const list = doc.paths['/api/v1/shop/customer-links'].get
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['page', 'commenter', 'connectionId', 'after', 'limit']),
    )
    const item = list.responses['200'].content['application/json'].schema.properties.links.items
    expect(Object.keys(item.properties).sort()).toEqual(
      ['commenterId', 'connectionId', 'customerId', 'facebookPageId', 'id', 'linkedAt', 'linkedBy'].sort(),
    )
    expect(doc.paths['/api/v1/shop/customer-links/{id}'].delete).toBeDefined()
    expect(doc.paths['/api/v1/comments/{id}/shop/commenter'].delete).toBeDefined()
  })
})

describe('erasing a commenter’s shop data', () => {
  it('asks first, then erases the links and order tags of that commenter on that page only, audited without ids', async () => {
    const psid = psidOf(31)
    const other = psidOf(32)
    const first = await comment(DEMO_PAGE_ID, psid)
    const second = await comment(DEMO_PAGE_ID, psid)
    const onB = await comment(pageBFacebookId, other)
    // The same id string on the other page (page-scoped ids do not repeat in practice): untouched too.
    const sameIdOnB = await comment(pageBFacebookId, psid)
    for (const id of [first, onB, sameIdOnB]) {
      const res = await adminApi.put(`/api/v1/comments/${id}/shop/customer`, {
        connectionId,
        customerId: SANNE,
      })
      expect(res.status).toBe(200)
    }
    for (const id of [first, second, onB, sameIdOnB]) {
      const res = await adminApi.put(`/api/v1/comments/${id}/shop/order`, {
        connectionId,
        orderId: SANNES_ORDER,
      })
      expect(res.status).toBe(204)
    }
    // They also entered a contest by comment (entrant "page:{psid}"), as the comment entry path stores it.
    const entryRef = `erase-test-${psid}`
    await stored(fanfare.app).entries.create({
      campaignId: new Types.ObjectId(),
      ref: entryRef,
      entrant: { kind: 'page', id: psid, name: 'Sanne de Vries' },
      entrantKey: `page:${psid}`,
      commentId: second,
    })
    const thread = await admin.get(`/comments/${second}`)
    expect(thread.text).toContain('Erase this commenter’s data')
    expect(thread.text).toMatch(/customer links: 1, order tags: 2, contest entries by comment: 1/)
    expect(thread.text).toContain('data-confirm="shop.eraseCommenter"')

    // Without confirm=yes the action sends the moderator to its confirm page and erases nothing.
    const csrf = await csrfFrom(admin, `/comments/${second}`)
    const unconfirmed = await admin.post(`/comments/${second}/shop/erase`).type('form').send({ _csrf: csrf })
    expect(unconfirmed.status).toBe(303)
    expect(unconfirmed.headers.location).toBe(`/comments/${second}/shop/erase/confirm`)
    const confirmPage = await admin.get(unconfirmed.headers.location as string)
    expect(confirmPage.status).toBe(200)
    expect(confirmPage.text).toContain('The comments themselves stay')
    expect(await stored(fanfare.app).customerLinks.countDocuments({ facebookUserId: psid })).toBe(2)
    // Nor without the CSRF token.
    const forged = await admin.post(`/comments/${second}/shop/erase`).type('form').send({ confirm: 'yes' })
    expect(forged.status).toBe(403)
    expect(await stored(fanfare.app).orderTags.countDocuments({ facebookUserId: psid })).toBe(3)

    const erased = await admin
      .post(`/comments/${second}/shop/erase`)
      .type('form')
      .send({ _csrf: csrf, confirm: 'yes' })
    expect(erased.status).toBe(303)
    expect(erased.headers.location).toBe(`/comments/${second}#shop`)
    const s = stored(fanfare.app)
    expect(await s.customerLinks.countDocuments({ facebookUserId: psid, facebookPageId: DEMO_PAGE_ID })).toBe(
      0,
    )
    expect(await s.orderTags.countDocuments({ facebookCommentId: { $in: [first, second] } })).toBe(0)
    expect(
      await s.customerLinks.countDocuments({ facebookUserId: psid, facebookPageId: pageBFacebookId }),
    ).toBe(1)
    expect(await s.orderTags.countDocuments({ facebookCommentId: sameIdOnB })).toBe(1)
    // The same customer's link on the other page, and its tag, are untouched; the comments stay.
    expect(await s.customerLinks.countDocuments({ facebookUserId: other, customerId: SANNE })).toBe(1)
    expect(await s.orderTags.countDocuments({ facebookCommentId: onB })).toBe(1)
    expect(await s.comments.countDocuments({ _id: { $in: [first, second] } })).toBe(2)
    const after = await admin.get(`/comments/${second}`)
    expect(after.text).toContain(
      'The commenter’s data is erased — customer links: 1, order tags: 2, contest entries: 1 (pseudonymised).',
    )
    // The entry keeps its ref (draws stay verifiable), not the person.
    const entry = await s.entries.findOne({ ref: entryRef }).lean()
    expect(entry?.entrant?.name).toBe('')
    expect(entry?.entrant?.id).toMatch(/^pseudonym:/)
    expect(entry?.commentId).toBeNull()
    expect(after.text).toContain('Fanfare keeps no shop data of this commenter on this page.')
    expect(after.text).not.toContain('id="shop-erase-button"')

    const audit = await s.audit.find({ action: 'shop.commenterErase', 'target.id': second }).lean()
    expect(audit).toHaveLength(1)
    expect(audit[0]?.after).toEqual({ links: 1, orderTags: 2, contestEntries: 1 })
    expect(JSON.stringify(audit[0])).not.toContain(psid)
    expect(JSON.stringify(audit[0])).not.toContain(SANNE)
    const log = await admin.get('/audit')
    expect(log.text).toContain('erased a commenter’s shop data')
    expect(log.text).toContain('linked a commenter to a shop customer')
  })

  it('erases over the JSON API too', async () => {
    const psid = psidOf(41)
    const id = await comment(DEMO_PAGE_ID, psid)
    await adminApi.put(`/api/v1/comments/${id}/shop/customer`, { connectionId, customerId: SANNE })
    const res = await adminApi.delete(`/api/v1/comments/${id}/shop/commenter`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ links: 1, orderTags: 0, contestEntries: 0 })
    expect(await stored(fanfare.app).customerLinks.countDocuments({ facebookUserId: psid })).toBe(0)
  })
})

describe('the saved reply that asks for the order number', () => {
  it('is among a new install’s saved replies and fills in the commenter’s first name', async () => {
    const saved = await adminApi.get('/api/v1/comments/saved-replies')
    const names = saved.body.savedReplies.map((r: { name: string }) => r.name)
    expect(names).toEqual(expect.arrayContaining(['Ordernummer vragen', 'Ask for the order number']))
    const id = await comment(DEMO_PAGE_ID, psidOf(51), 'Fleur Bakker')
    const thread = await admin.get(`/comments/${id}`)
    expect(thread.text).toContain(
      'data-text="Hoi Fleur, vervelend om te lezen! Wil je ons je ordernummer sturen in een privébericht? Dan zoeken we het meteen voor je uit."',
    )
    expect(thread.text).toMatch(
      /data-text="Hi Fleur, sorry to read that! Could you send us your order number/,
    )
    expect(thread.text).toContain('Ordernummer vragen (nl)')
  })
})
