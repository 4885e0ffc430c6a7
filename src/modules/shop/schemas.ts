// Request and response shapes of the shop module: one schema for forms, JSON API and OpenAPI.
import { z } from 'zod'
import { ObjectIdParam } from '../../schemas/common.js'

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])$/

/** The WooCommerce store's address: https, or http on this machine (the sandbox shop). */
const StoreUrl = z
  .url({ message: 'invalid.storeUrl' })
  .max(500)
  .refine(
    (v) => {
      const u = new URL(v)
      return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.test(u.hostname))
    },
    { message: 'invalid.storeUrlHttps' },
  )

const Name = z.string().trim().min(1, 'invalid.connectionName').max(100)

export const ConnectShopify = z.object({
  platform: z.literal('shopify'),
  name: Name,
  shopDomain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'invalid.shopDomain'),
  clientId: z.string().trim().min(1, 'invalid.clientId').max(200),
  clientSecret: z.string().trim().min(1, 'invalid.clientSecret').max(500),
  /** An Admin API access token from the Dev Dashboard; without one the client-credentials grant is used. */
  accessToken: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(500).optional()),
})

export const ConnectWooCommerce = z.object({
  platform: z.literal('woocommerce'),
  name: Name,
  baseUrl: StoreUrl,
  consumerKey: z
    .string()
    .trim()
    .regex(/^ck_[A-Za-z0-9]+$/, 'invalid.consumerKey'),
  consumerSecret: z
    .string()
    .trim()
    .regex(/^cs_[A-Za-z0-9]+$/, 'invalid.consumerSecret'),
  /** The secret entered for Fanfare's webhooks in WooCommerce › Settings › Advanced › Webhooks. */
  webhookSecret: z.string().trim().min(8, 'invalid.webhookSecret').max(200),
})

export const ConnectShopBody = z.discriminatedUnion('platform', [ConnectShopify, ConnectWooCommerce], {
  message: 'expected shopify or woocommerce',
})
export type ConnectShopBody = z.infer<typeof ConnectShopBody>

export const ConnectionParams = z.object({ connectionId: ObjectIdParam })

const RateLimitView = z.union([
  z.object({
    platform: z.literal('shopify'),
    maximumAvailable: z.number(),
    currentlyAvailable: z.number(),
    restoreRate: z.number(),
    at: z.iso.datetime(),
  }),
  z.object({
    platform: z.literal('woocommerce'),
    throttledUntil: z.iso.datetime().nullable(),
    at: z.iso.datetime(),
  }),
])

export const ConnectionView = z.object({
  id: z.string(),
  platform: z.enum(['shopify', 'woocommerce']),
  name: z.string(),
  shopDomain: z.string(),
  webhookUrl: z.string(),
  lastSyncAt: z.iso.datetime().nullable(),
  lastWebhookAt: z.iso.datetime().nullable(),
  lastError: z.object({ at: z.iso.datetime(), kind: z.string(), message: z.string() }).nullable(),
  rateLimit: RateLimitView.nullable(),
})

export const OrderView = z.object({
  id: z.string(),
  number: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  status: z.enum(['pending', 'paid', 'refunded', 'cancelled', 'other']),
  fulfilment: z.enum(['unfulfilled', 'in_progress', 'partial', 'fulfilled', 'none']),
  platformStatus: z.string(),
  total: z.object({ amount: z.string(), currency: z.string() }),
  customerId: z.string().nullable(),
  lines: z.array(z.object({ variantId: z.string().nullable(), title: z.string(), quantity: z.number() })),
  attribution: z
    .object({
      source: z.string().nullable(),
      medium: z.string().nullable(),
      campaign: z.string().nullable(),
      content: z.string().nullable(),
      term: z.string().nullable(),
      landingPage: z.string().nullable(),
      referrer: z.string().nullable(),
    })
    .nullable(),
})

export const OrdersQuery = z.object({
  updatedSince: z.iso
    .datetime({ offset: true, message: 'expected a time such as 2026-12-01T00:00:00Z' })
    .optional(),
  after: z.string().max(500).optional(),
  first: z.coerce.number().int().min(1).max(100).default(50),
})

export const CustomerView = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  orderCount: z.number().nullable(),
})

export const CustomerSearchQuery = z.object({
  q: z.string().trim().min(1, 'type an e-mail address, a name or an order number').max(200),
})

export const VariantView = z.object({
  id: z.string(),
  title: z.string(),
  sku: z.string().nullable(),
  stock: z.number().nullable(),
})

export const VariantSearchQuery = z.object({ q: z.string().trim().min(1).max(200) })

export const StockQuery = z.object({ variantId: z.string().trim().min(1).max(200) })

/** The thread's customer search (a GET form on the thread itself). */
export const ShopPanelQuery = z.object({
  connectionId: z.preprocess((v) => (v === '' ? undefined : v), ObjectIdParam.optional()),
  q: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(200).optional()),
})

export const LinkCustomerBody = z.object({
  connectionId: ObjectIdParam,
  customerId: z.string().trim().min(1, 'choose a customer').max(200),
})

export const TagOrderBody = z.object({
  connectionId: ObjectIdParam,
  orderId: z.string().trim().min(1, 'choose an order').max(200),
})

const FacebookId = z.string().regex(/^[0-9_]{1,60}$/, 'expected a Facebook id')

/** A commenter's link to a shop customer: ids only (personal data stays in the shop and on Facebook). */
export const CustomerLinkView = z.object({
  id: z.string(),
  facebookPageId: z.string().describe('the Facebook page the commenter commented on'),
  commenterId: z.string().describe('the commenter’s page-scoped id on that page'),
  connectionId: z.string(),
  customerId: z.string().describe('the customer’s id in the shop (Shopify GID or WooCommerce id)'),
  linkedBy: z.string().describe('the team member who linked them'),
  linkedAt: z.iso.datetime(),
})

const blankIsNone = (v: unknown) => (v === '' ? undefined : v)

export const CustomerLinksQuery = z.object({
  page: z.preprocess(blankIsNone, FacebookId.optional()).describe('a Facebook page id'),
  commenter: z.preprocess(blankIsNone, FacebookId.optional()).describe('a page-scoped id'),
  connectionId: z.preprocess(blankIsNone, ObjectIdParam.optional()),
  after: z.preprocess(blankIsNone, ObjectIdParam.optional()).describe('`next` of the previous answer'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

/** A product variant of a connected shop, as a post or campaign refers to it: "connectionId:variantId". */
export const ProductRef = z
  .string()
  .trim()
  .regex(/^[a-f0-9]{24}:[A-Za-z0-9/:._-]{1,200}$/, 'expected a product of a connected shop')

const PromoText = z.string().min(1, 'invalid.required').max(63_206)

/** A dry run of the honest-scarcity check: nothing is saved. */
export const ScarcityCheckBody = z.object({
  /** One text, or several by a name of your choice (title, rules…): each refusal names its text. */
  text: z.union([
    PromoText,
    z
      .record(
        z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,59}$/, 'expected a short name such as title or rulesNl'),
        PromoText,
      )
      .refine((texts) => Object.keys(texts).length >= 1 && Object.keys(texts).length <= 20, {
        message: 'expected 1 to 20 texts',
      }),
  ]),
  product: ProductRef.optional(),
  /** when the offer really ends: "laatste kans" and countdowns need it */
  offerEndsAt: z.iso
    .datetime({ offset: true, message: 'expected a time such as 2026-12-01T18:00:00Z' })
    .optional(),
  /** when the text goes out; now unless told */
  at: z.iso.datetime({ offset: true, message: 'expected a time such as 2026-12-01T10:00:00Z' }).optional(),
})
export type ScarcityCheckBody = z.infer<typeof ScarcityCheckBody>

const ClaimKind = z.enum(['count', 'low_stock', 'deadline'])

export const ScarcityCheckView = z.object({
  verdict: z.enum(['ok', 'refused']),
  product: z.object({ ref: z.string(), title: z.string(), stock: z.number().nullable() }).nullable(),
  claims: z.array(z.object({ claim: z.string(), kind: ClaimKind, field: z.string() })),
  refused: z.array(
    z.object({
      /** the claim, or `{voorraad}` when the stock to fill in is missing */
      claim: z.string(),
      reason: z.string(),
      field: z.string(),
      message: z.string(),
    }),
  ),
  /** the text(s) as they would go out now, {voorraad} filled in with the stock */
  preview: z.union([z.string(), z.record(z.string(), z.string())]),
})
