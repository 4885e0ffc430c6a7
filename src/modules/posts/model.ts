// Scheduled promo posts: content, when, status, approval, overrides and every publishing attempt.
import { type InferSchemaType, Schema, type Types } from 'mongoose'

export const POST_LABELS = ['promotion', 'new_product', 'vacancy', 'contest', 'news', 'other'] as const
export type PostLabel = (typeof POST_LABELS)[number]

/** Labels that count as advertising for the weekly promo cap and the non-promotional share. */
export const PROMOTIONAL_LABELS: readonly PostLabel[] = ['promotion', 'new_product']

export const POST_STATUSES = [
  'draft',
  'awaiting_approval',
  'scheduled',
  'publishing',
  'published',
  'failed',
  'held',
  'cancelled',
] as const
export type PostStatus = (typeof POST_STATUSES)[number]

/** Statuses in which a post still takes a slot in the page's plan (rules count these). */
export const PLANNED_STATUSES: readonly PostStatus[] = [
  'awaiting_approval',
  'scheduled',
  'publishing',
  'published',
  'held',
]

/** Statuses in which the content and time may still change. */
export const EDITABLE_STATUSES: readonly PostStatus[] = [
  'draft',
  'awaiting_approval',
  'scheduled',
  'failed',
  'held',
]

export const ATTEMPT_OUTCOMES = ['published', 'recovered', 'retrying', 'failed', 'held'] as const

const AttemptSchema = new Schema(
  {
    at: { type: Date, required: true },
    outcome: { type: String, enum: ATTEMPT_OUTCOMES, required: true },
    worker: { type: String, default: null },
    errorKind: { type: String, default: null },
    errorCode: { type: Number, default: null },
    message: { type: String, default: null },
  },
  { _id: false },
)

export const HOLD_REASONS = ['sold_out', 'scarcity'] as const

/** Held for the shop's stock (its product sold out, a claim stopped being true), not for the page. */
export const isHeldForStock = (post: { status?: string | null; failure?: { kind?: string | null } | null }) =>
  post.status === 'held' && (HOLD_REASONS as readonly string[]).includes(post.failure?.kind ?? '')

const HoldSchema = new Schema(
  {
    reason: { type: String, enum: HOLD_REASONS, required: true },
    /** the product's title when it was held (the shop is asked again when the post is shown) */
    productTitle: { type: String, default: null },
    stock: { type: Number, default: null },
    /** the claim that stopped being true ("nog maar 3") */
    claim: { type: String, default: null },
    at: { type: Date, required: true },
    /** the status it was held from: a released promo that still waited for approval waits again */
    from: { type: String, enum: ['scheduled', 'awaiting_approval'], default: null },
  },
  { _id: false },
)

const ReviewSchema = new Schema(
  {
    by: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
    comment: { type: String, default: null },
  },
  { _id: false },
)

const OverrideSchema = new Schema(
  {
    by: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
    reason: { type: String, required: true },
    rules: { type: [String], default: [] },
  },
  { _id: false },
)

export const PostSchema = new Schema(
  {
    pageId: { type: Schema.Types.ObjectId, required: true },
    facebookPageId: { type: String, required: true },
    message: { type: String, required: true },
    link: { type: String, default: null },
    imageUrl: { type: String, default: null },
    label: { type: String, enum: POST_LABELS, required: true },
    /** The shop product variant the promo is about ("connectionId:variantId"); its stock backs the claims. */
    product: { type: String, default: null },
    /** When the offer really ends: "laatste kans" and countdowns need it. */
    offerEndsAt: { type: Date, default: null },
    status: { type: String, enum: POST_STATUSES, required: true },
    /** When it should go out (UTC); null for a draft without a time. */
    scheduledAt: { type: Date, default: null },
    /** A repeated post: every occurrence is its own post sharing the series id. */
    series: {
      id: { type: String, default: null },
      index: { type: Number, default: null },
      total: { type: Number, default: null },
    },
    importId: { type: String, default: null },
    authorId: { type: Schema.Types.ObjectId, required: true },
    authorName: { type: String, required: true },
    approval: { type: ReviewSchema, default: null },
    rejection: { type: ReviewSchema, default: null },
    override: { type: OverrideSchema, default: null },
    /** While publishing: which worker holds the post and until when (a dead worker's lease expires). */
    lease: {
      owner: { type: String, default: null },
      until: { type: Date, default: null },
    },
    /** How many times a worker claimed the post; only the holder of the latest claim may finish it. */
    claimGeneration: { type: Number, default: 0 },
    /**
     * Set before a Graph call whose outcome is not yet known; a later attempt first looks for the post
     * in the page's feed instead of publishing a second time.
     */
    uncertainSince: { type: Date, default: null },
    graphPostId: { type: String, default: null },
    permalink: { type: String, default: null },
    graphCalledAt: { type: Date, default: null },
    publishedAt: { type: Date, default: null },
    failure: {
      kind: { type: String, default: null },
      message: { type: String, default: null },
    },
    /**
     * Why a promo waits for the shop (its product sold out, or a claim stopped being true): what the
     * marketer is told on the post and on their home, in their own language, until it is released.
     */
    hold: { type: HoldSchema, default: null },
    attempts: { type: [AttemptSchema], default: [] },
    /** Bumped by every change a person makes, so concurrent edits cannot overwrite each other. */
    version: { type: Number, default: 0 },
  },
  { timestamps: true },
)

PostSchema.index({ pageId: 1, scheduledAt: 1 })
PostSchema.index({ status: 1, scheduledAt: 1 })
PostSchema.index({ 'series.id': 1 })
PostSchema.index({ product: 1, status: 1 })

export type PostDoc = InferSchemaType<typeof PostSchema> & { _id: Types.ObjectId }
