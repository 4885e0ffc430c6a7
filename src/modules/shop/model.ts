// What Fanfare keeps about the shop: connections (credentials sealed), links from a commenter to a
// customer and from a comment to an order (ids only: personal data is fetched live), webhook
// deliveries (stored once) and the last known stock of the variants promos are linked to.
import { type InferSchemaType, Schema, type Types } from 'mongoose'
import { PLATFORMS } from './platforms/types.js'

export const ShopConnectionSchema = new Schema(
  {
    platform: { type: String, enum: PLATFORMS, required: true },
    name: { type: String, required: true },
    /** Shopify: name.myshopify.com; WooCommerce: the store's host */
    shopDomain: { type: String, required: true },
    /** WooCommerce: the store's base URL (https) */
    baseUrl: { type: String, default: null },
    /** Shopify: the app's client id (public) */
    clientId: { type: String, default: null },
    /** JSON of the secrets (Shopify client secret and optional access token; WooCommerce key, secret, webhook secret), sealed */
    sealedCredentials: { type: String, required: true, select: false },
    lastSyncAt: { type: Date, default: null },
    lastError: {
      at: { type: Date, default: null },
      kind: { type: String, default: null },
      message: { type: String, default: null },
    },
    rateLimit: { type: Schema.Types.Mixed, default: null },
    lastWebhookAt: { type: Date, default: null },
    connectedBy: { type: String, default: null },
    disconnectedAt: { type: Date, default: null },
  },
  { timestamps: true },
)
ShopConnectionSchema.index({ platform: 1, shopDomain: 1 }, { unique: true })

export const CustomerLinkSchema = new Schema(
  {
    /** the commenter: page-scoped Facebook id on that page */
    facebookPageId: { type: String, required: true },
    facebookUserId: { type: String, required: true },
    connectionId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: String, required: true },
    linkedBy: { type: String, required: true },
    linkedAt: { type: Date, required: true },
  },
  { timestamps: false },
)
CustomerLinkSchema.index({ facebookPageId: 1, facebookUserId: 1, connectionId: 1 }, { unique: true })
CustomerLinkSchema.index({ facebookUserId: 1 })

export const OrderTagSchema = new Schema(
  {
    facebookCommentId: { type: String, required: true },
    /** the page of the comment (null on tags made before tags carried it) */
    facebookPageId: { type: String, default: null },
    facebookUserId: { type: String, required: true },
    connectionId: { type: Schema.Types.ObjectId, required: true },
    orderId: { type: String, required: true },
    taggedBy: { type: String, required: true },
    taggedAt: { type: Date, required: true },
  },
  { timestamps: false },
)
OrderTagSchema.index({ facebookCommentId: 1 }, { unique: true })
OrderTagSchema.index({ facebookUserId: 1, facebookPageId: 1 })

export const SHOP_EVENT_KINDS = ['order', 'stock'] as const

export const ShopDeliverySchema = new Schema(
  {
    /** connection + the platform's delivery id: a retried delivery is stored once */
    key: { type: String, required: true },
    connectionId: { type: Schema.Types.ObjectId, required: true },
    topic: { type: String, required: true },
    kind: { type: String, enum: SHOP_EVENT_KINDS, required: true },
    /** the resource id the event is about (order or product), never the body's personal data */
    resourceId: { type: String, default: null },
    receivedAt: { type: Date, required: true },
    appliedAt: { type: Date, default: null },
  },
  { timestamps: false },
)
ShopDeliverySchema.index({ key: 1 }, { unique: true })

export const WatchedStockSchema = new Schema(
  {
    connectionId: { type: Schema.Types.ObjectId, required: true },
    variantId: { type: String, required: true },
    title: { type: String, default: null },
    stock: { type: Number, default: null },
    checkedAt: { type: Date, default: null },
  },
  { timestamps: false },
)
WatchedStockSchema.index({ connectionId: 1, variantId: 1 }, { unique: true })

export type ShopConnectionDoc = InferSchemaType<typeof ShopConnectionSchema> & { _id: Types.ObjectId }
export type CustomerLinkDoc = InferSchemaType<typeof CustomerLinkSchema> & { _id: Types.ObjectId }
export type OrderTagDoc = InferSchemaType<typeof OrderTagSchema> & { _id: Types.ObjectId }
export type ShopDeliveryDoc = InferSchemaType<typeof ShopDeliverySchema> & { _id: Types.ObjectId }
export type WatchedStockDoc = InferSchemaType<typeof WatchedStockSchema> & { _id: Types.ObjectId }
