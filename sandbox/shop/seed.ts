// The demo shop: a few products with stock, the sandbox Graph server's demo fans as customers (so
// Fanfare's name suggestion finds them), and their orders, some with UTM attribution.
import { DEMO_FANS } from '../seed.js'
import type { ShopState, UtmParameters, Visit } from './state.js'

export const DEMO_SHOP_DOMAIN = 'fanfare-demo.myshopify.com'
export const DEMO_SHOP_NAME = 'Demo Webshop'
/** Shopify Dev Dashboard app credentials of the demo shop (client-credentials grant). */
export const DEMO_SHOPIFY_CLIENT_ID = 'sandbox-shopify-client-id'
export const DEMO_SHOPIFY_CLIENT_SECRET = 'sandbox-shopify-client-secret'
/** WooCommerce REST API keys of the demo shop (read-only). */
export const DEMO_WOO_CONSUMER_KEY = 'ck_sandbox0000000000000000000000000000000000'
export const DEMO_WOO_CONSUMER_SECRET = 'cs_sandbox0000000000000000000000000000000000'

const DAY = 86_400_000

const utm = (
  source: string,
  medium: string,
  campaign: string,
  content: string | null = null,
): UtmParameters => ({
  source,
  medium,
  campaign,
  content,
  term: null,
})

const visit = (at: number, landingPage: string, parameters: UtmParameters | null): Visit => ({
  occurredAt: new Date(at).toISOString(),
  landingPage,
  referrerUrl: parameters?.source === 'facebook' ? 'https://l.facebook.com/' : null,
  source: parameters ? (parameters.source ?? 'direct') : 'direct',
  utm: parameters ?? { source: null, medium: null, campaign: null, content: null, term: null },
})

export function seedShop(state: ShopState, now = Date.now()): void {
  state.clear()
  const products = [
    {
      title: 'Regenjas Storm',
      variants: [
        ['M', 'RJ-STORM-M', '89.95', 10],
        ['L', 'RJ-STORM-L', '89.95', 4],
      ],
    },
    { title: 'Wollen sjaal', variants: [['Default Title', 'SJAAL-WOL', '24.95', 25]] },
    { title: 'Thermosbeker 500 ml', variants: [['Default Title', 'BEKER-500', '14.95', 3]] },
    {
      title: 'Wandelschoen Trail',
      variants: [
        ['42', 'TRAIL-42', '129.00', 0],
        ['43', 'TRAIL-43', '129.00', 6],
      ],
    },
  ] as const
  for (const p of products) {
    const id = state.nextId('product')
    state.products.push({
      id,
      title: p.title,
      updatedAt: new Date(now - 30 * DAY).toISOString(),
      variants: p.variants.map(([title, sku, price, stock]) => {
        const variantId = state.nextId('variant')
        return {
          id: variantId,
          productId: id,
          inventoryItemId: variantId + 1_000_000,
          title,
          sku,
          price,
          stock,
        }
      }),
    })
  }
  // Every demo fan is a customer; a second "Bram Visser" makes his name ambiguous on purpose.
  const people = [
    ...DEMO_FANS.map((f) => ({ name: f.name, email: f.email })),
    { name: 'Bram Visser', email: 'b.visser@example.com' },
  ]
  for (const [i, person] of people.entries()) {
    const [firstName, ...rest] = person.name.split(' ')
    state.customers.push({
      id: state.nextId('customer'),
      firstName: firstName ?? person.name,
      lastName: rest.join(' '),
      email: person.email,
      createdAt: new Date(now - (200 - i) * DAY).toISOString(),
    })
  }
  const variants = state.products.flatMap((p) => p.variants)
  const plan: {
    customer: number
    daysAgo: number
    lines: [number, number][]
    paid: boolean
    fulfilled: 'UNFULFILLED' | 'FULFILLED' | 'IN_PROGRESS'
    utm?: UtmParameters
  }[] = [
    { customer: 0, daysAgo: 40, lines: [[2, 1]], paid: true, fulfilled: 'FULFILLED' },
    {
      customer: 0,
      daysAgo: 3,
      lines: [
        [0, 1],
        [3, 1],
      ],
      paid: true,
      fulfilled: 'UNFULFILLED',
      utm: utm('facebook', 'social', 'winteractie', 'post'),
    },
    {
      customer: 1,
      daysAgo: 12,
      lines: [[1, 2]],
      paid: true,
      fulfilled: 'FULFILLED',
      utm: utm('facebook', 'social', 'winteractie'),
    },
    { customer: 1, daysAgo: 1, lines: [[5, 1]], paid: true, fulfilled: 'IN_PROGRESS' },
    {
      customer: 2,
      daysAgo: 8,
      lines: [[4, 3]],
      paid: true,
      fulfilled: 'FULFILLED',
      utm: utm('newsletter', 'email', 'december'),
    },
    { customer: 3, daysAgo: 5, lines: [[0, 1]], paid: false, fulfilled: 'UNFULFILLED' },
    {
      customer: 4,
      daysAgo: 20,
      lines: [[2, 2]],
      paid: true,
      fulfilled: 'FULFILLED',
      utm: utm('facebook', 'social', 'kerst-kit', 'ambassador'),
    },
    {
      customer: 5,
      daysAgo: 2,
      lines: [
        [1, 1],
        [2, 1],
      ],
      paid: true,
      fulfilled: 'UNFULFILLED',
      utm: utm('facebook', 'social', 'winteractie'),
    },
    { customer: 6, daysAgo: 9, lines: [[5, 1]], paid: true, fulfilled: 'FULFILLED' },
  ]
  for (const o of plan) {
    const customer = state.customers[o.customer]
    if (!customer) continue
    const at = now - o.daysAgo * DAY
    const lines = o.lines.map(([index, quantity]) => {
      const v = variants[index]
      if (!v) throw new Error(`seed: no variant ${index}`)
      const product = state.productOf(v)
      const title = v.title === 'Default Title' ? product.title : `${product.title} - ${v.title}`
      return { variantId: v.id, productId: v.productId, title, quantity, price: v.price }
    })
    const landing = o.utm
      ? visit(
          at - 600_000,
          `https://demo-webshop.example/products?utm_source=${o.utm.source}&utm_campaign=${o.utm.campaign}`,
          o.utm,
        )
      : null
    state.orders.push({
      id: state.nextId('order'),
      number: state.nextOrderNumber(),
      customerId: customer.id,
      email: customer.email,
      createdAt: new Date(at).toISOString(),
      updatedAt: new Date(at + (o.fulfilled === 'FULFILLED' ? DAY : 0)).toISOString(),
      cancelledAt: null,
      financialStatus: o.paid ? 'PAID' : 'PENDING',
      fulfillmentStatus: o.fulfilled,
      currency: 'EUR',
      lines,
      firstVisit: landing,
      lastVisit: landing,
    })
  }
}
