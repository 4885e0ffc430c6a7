// The post editor's shop fields in HTML: a product of the connected shop chosen from its variants
// with their stock, the offer's end in the page's zone, {voorraad} explained, and the scarcity
// refusal on the one form pattern (inline, in the person's language, claim and stock named, input kept).
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  createApiToken,
  csrfFrom,
  type Fanfare,
  startFanfare,
} from '../helpers/fanfare.js'
import {
  connectShop,
  type StartedShopSandbox,
  shopifyConnection,
  shopifyVariant,
  startTestShop,
} from '../helpers/shop.js'
import { stored } from '../helpers/stored.js'

let shop: StartedShopSandbox
let fanfare: Fanfare
let admin: Browser
let pageId: string
let shopifyId: string

const ZONE = 'Europe/Amsterdam'
const local = (days: number, time = '10:00') =>
  `${DateTime.now().setZone(ZONE).plus({ days }).toISODate()}T${time}`
const jas = () => `${shopifyId}:${shopifyVariant(8000001)}`

async function submit(fields: Record<string, string>, language = 'nl') {
  const csrf = await csrfFrom(admin, '/posts/new')
  return admin
    .post('/posts')
    .set('accept-language', language)
    .type('form')
    .send({ _csrf: csrf, pageId, label: 'promotion', action: 'schedule', scheduledAt: local(2), ...fields })
}

beforeAll(async () => {
  shop = await startTestShop()
  fanfare = await startFanfare({ SHOPIFY_ADMIN_URL: shop.url })
  const demo = await adminWithDemoPage(fanfare)
  admin = demo.browser
  pageId = demo.pageId
  const api = apiClient(fanfare, await createApiToken(admin))
  await api.patch(`/api/v1/pages/${pageId}`, {
    timeZone: ZONE,
    maxPostsPerDay: 50,
    maxPromoPostsPerWeek: 50,
    minNonPromoSharePercent: 0,
    minGapMinutes: 0,
  })
  shopifyId = await connectShop(api, shopifyConnection)
})
afterAll(async () => {
  await fanfare?.close()
  await shop?.close()
})

describe('the post editor’s shop fields', () => {
  it('offers the shop’s variants with their stock, explains {voorraad} and asks for the offer’s end in the page’s zone', async () => {
    const form = await admin.get('/posts/new')
    expect(form.status).toBe(200)
    const select = /<select id="f-product"[\s\S]*?<\/select>/.exec(form.text)?.[0] ?? ''
    expect(select).toContain(`<optgroup label="Demo Webshop (Shopify)" data-connection="${shopifyId}">`)
    expect(select).toContain(
      `value="${jas()}" data-stock="10">Regenjas Storm - M (RJ-STORM-M) — 10 in stock</option>`,
    )
    expect(select).toContain('Wandelschoen Trail - 42 (TRAIL-42) — 0 in stock')
    expect(form.text).toMatch(/id="c-stock-help">Write \{voorraad\} \(or \{stock\}\)/)
    expect(form.text).toMatch(/aria-describedby="c-count c-stock-help"/)
    expect(form.text).toMatch(
      /<label for="f-offerEndsAt">Offer ends <span class="muted" data-page-zone>\(Europe\/Amsterdam\)<\/span>/,
    )
  })

  it('refuses “nog maar 3” while the shop has 10: inline on the text, in Dutch, the claim and the stock named, input kept', async () => {
    const message = 'Nog maar 3 regenjassen Storm in M!'
    const res = await submit({ message, product: jas() })
    expect(res.status).toBe(422)
    expect(res.text).toContain('id="error-summary"')
    const inline = /<p class="field-error" id="f-message-error">([^<]*)<\/p>/.exec(res.text)?.[1] ?? ''
    expect(inline).toContain(
      '“Nog maar 3” belooft schaarste, maar van Regenjas Storm - M zijn er nog 10 op voorraad.',
    )
    expect(res.text).toMatch(/<a href="#f-message">Tekst<\/a>: “Nog maar 3”/)
    expect(res.text).toContain(`>${message}</textarea>`)
    expect(res.text).toContain(`value="${jas()}" data-stock="10" selected>`)
    expect(await stored(fanfare.app).posts.countDocuments({ message })).toBe(0)
  })

  it('refuses “laatste kans” without an end date on the offer’s end field, and saves it with one in the page’s zone', async () => {
    const message = 'Laatste kans: 20% korting op alle sjaals'
    const refused = await submit({ message })
    expect(refused.status).toBe(422)
    expect(refused.text).toMatch(/id="f-offerEndsAt"[^>]*aria-invalid="true"/)
    expect(refused.text).toContain('“Laatste kans” heeft een echte einddatum van de actie nodig.')
    expect(refused.text).toMatch(/<a href="#f-offerEndsAt">Actie eindigt<\/a>/)
    const ends = local(3, '23:59')
    const saved = await submit({
      message,
      offerEndsAt: ends,
      product: `${shopifyId}:${shopifyVariant(8000003)}`,
    })
    expect(saved.status).toBe(303)
    const post = await stored(fanfare.app).posts.findOne({ message }).lean()
    expect(post?.offerEndsAt?.toISOString()).toBe(DateTime.fromISO(ends, { zone: ZONE }).toUTC().toISO())
    expect(post?.product).toBe(`${shopifyId}:${shopifyVariant(8000003)}`)
    const edit = await admin.get(`/posts/${post?._id}/edit`)
    expect(edit.text).toContain(`value="${shopifyId}:${shopifyVariant(8000003)}" data-stock="25" selected>`)
    expect(edit.text).toMatch(
      new RegExp(`id="f-offerEndsAt" name="offerEndsAt" type="datetime-local" value="${ends}"`),
    )
  })

  it('refuses {voorraad} without a product on the product field, in English', async () => {
    const res = await submit({ message: 'Nog {voorraad} sjaals over' }, 'en')
    expect(res.status).toBe(400)
    expect(res.text).toMatch(
      /<p class="field-error" id="f-product-error">\{voorraad\} needs a linked product to fill in.<\/p>/,
    )
    expect(res.text).toContain('>Nog {voorraad} sjaals over</textarea>')
  })
})
