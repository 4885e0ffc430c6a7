// Comments as the inbox sees them, and the raw webhook events they are built from.
import { type InferSchemaType, Schema } from 'mongoose'

export const COMMENT_STATUSES = ['open', 'done'] as const
export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const
export const CATEGORIES = [
  'delivery',
  'damaged',
  'refund',
  'customer_service',
  'price_payment',
  'other',
] as const

/**
 * One signed webhook delivery as received (the raw body), stored before it is acknowledged and
 * applied by the worker. `_id` hashes the bytes, so Meta's retry of the same delivery is stored once.
 */
export const WebhookEventSchema = new Schema({
  _id: { type: String, required: true },
  body: { type: String, required: true },
  source: { type: String, enum: ['webhook', 'backfill'], required: true },
  receivedAt: { type: Date, required: true },
  appliedAt: { type: Date, default: null },
})
export type WebhookEventDoc = InferSchemaType<typeof WebhookEventSchema> & { _id: string }

const SignalSchema = new Schema({ text: String, kind: String, weight: Number }, { _id: false })

const ActionSchema = new Schema(
  {
    at: { type: Date, required: true },
    kind: { type: String, required: true },
    by: { userId: { type: String, default: null }, name: { type: String, required: true } },
    text: { type: String, default: null },
  },
  { _id: false },
)

/**
 * One comment or reply. Content changes carry a version (event time and verb) so that late or
 * repeated events are ignored; `removed` is a tombstone that no later event clears. `rev` counts
 * every write: each change is a conditional update on the `rev` it was decided from.
 */
export const CommentSchema = new Schema(
  {
    /** The Facebook comment id, also kept as facebookCommentId for filters. */
    _id: { type: String, required: true },
    facebookCommentId: { type: String, required: true, unique: true },
    rev: { type: Number, default: 0 },
    facebookPageId: { type: String, required: true },
    postId: { type: String, required: true },
    /** The comment this one replies to, or null for a comment on the post. */
    parentId: { type: String, default: null },
    from: { id: { type: String, default: null }, name: { type: String, default: null } },
    byPage: { type: Boolean, default: false },
    message: { type: String, default: '' },
    createdTime: { type: Date, default: null },
    contentVersion: { type: Number, default: 0 },
    hidden: { type: Boolean, default: false },
    hiddenVersion: { type: Number, default: 0 },
    removed: { type: Boolean, default: false },
    removedAt: { type: Date, default: null },
    // what the classifier made of the message
    language: { type: String, default: null },
    sentiment: { type: String, enum: [...SENTIMENTS, null], default: null },
    score: { type: Number, default: 0 },
    complaint: { type: Boolean, default: false },
    category: { type: String, enum: [...CATEGORIES, null], default: null },
    signals: { type: [SignalSchema], default: [] },
    /** 0 complaint, 1 negative, 2 the rest: the inbox's first sort key. */
    priority: { type: Number, default: 2 },
    wordListVersion: { type: Number, default: 0 },
    /** What the barometer counted for this comment, so a re-classification can move it. */
    counted: {
      type: new Schema(
        { day: String, week: String, sentiment: String, category: String, words: [String] },
        { _id: false },
      ),
      default: null,
    },
    // moderation
    status: { type: String, enum: COMMENT_STATUSES, default: 'open' },
    assigneeId: { type: String, default: null },
    assigneeName: { type: String, default: null },
    actions: { type: [ActionSchema], default: [] },
    firstResponseAt: { type: Date, default: null },
    firstResponseBy: { userId: { type: String, default: null }, name: { type: String, default: null } },
    /** Seconds from the comment to the first answer, within business hours when the page has them. */
    responseSeconds: { type: Number, default: null },
  },
  { timestamps: true },
)
CommentSchema.index({ status: 1, priority: 1, createdTime: 1 })
CommentSchema.index({ facebookPageId: 1, status: 1, priority: 1, createdTime: 1 })
CommentSchema.index({ postId: 1, createdTime: 1 })
CommentSchema.index({ parentId: 1, createdTime: 1 })
CommentSchema.index({ facebookPageId: 1, firstResponseAt: 1 })
export type CommentDoc = InferSchemaType<typeof CommentSchema> & { _id: string }

/** Per page: the barometer's word list (with a version bumped on every edit) and business hours. */
export const CommentSettingsSchema = new Schema(
  {
    facebookPageId: { type: String, required: true, unique: true },
    words: {
      type: [new Schema({ term: String, weight: Number }, { _id: false })],
      default: undefined,
    },
    wordListVersion: { type: Number, default: 0 },
    /** "HH:MM" in the page's time zone, Monday to Friday; null = every hour counts. */
    businessHours: {
      start: { type: String, default: null },
      end: { type: String, default: null },
    },
  },
  { timestamps: true },
)
export type CommentSettingsDoc = InferSchemaType<typeof CommentSettingsSchema> & {
  _id: import('mongoose').Types.ObjectId
}

/** A reply a moderator reuses, with {first_name} and {order_number} placeholders. */
export const SavedReplySchema = new Schema(
  {
    name: { type: String, required: true, maxlength: 80 },
    language: { type: String, enum: ['nl', 'en'], required: true },
    text: { type: String, required: true, maxlength: 2000 },
  },
  { timestamps: true },
)
SavedReplySchema.index({ language: 1, name: 1 })
export type SavedReplyDoc = InferSchemaType<typeof SavedReplySchema> & {
  _id: import('mongoose').Types.ObjectId
}

/** A backfill run and its progress, shown on the inbox. */
export const CommentImportSchema = new Schema(
  {
    facebookPageId: { type: String, required: true },
    reason: { type: String, enum: ['connect', 'schedule', 'manual'], required: true },
    since: { type: Date, required: true },
    state: { type: String, enum: ['queued', 'running', 'done', 'failed'], default: 'queued' },
    posts: { type: Number, default: 0 },
    postsDone: { type: Number, default: 0 },
    comments: { type: Number, default: 0 },
    error: { type: String, default: null },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
  },
  { timestamps: true },
)
CommentImportSchema.index({ facebookPageId: 1, createdAt: -1 })
export type CommentImportDoc = InferSchemaType<typeof CommentImportSchema> & {
  _id: import('mongoose').Types.ObjectId
}

const VerdictSchema = new Schema(
  {
    sentiment: { type: String, enum: SENTIMENTS, required: true },
    complaint: { type: Boolean, required: true },
  },
  { _id: false },
)

/**
 * A moderator's verdict on one comment, next to what the classifier had said (one per comment:
 * a later click replaces it). Agreeing counts too: it is what the barometer's agreement is made of.
 */
export const VerdictCorrectionSchema = new Schema({
  facebookCommentId: { type: String, required: true, unique: true },
  facebookPageId: { type: String, required: true },
  message: { type: String, default: '' },
  predicted: { type: VerdictSchema, required: true },
  corrected: { type: VerdictSchema, required: true },
  by: { userId: { type: String, default: null }, name: { type: String, required: true } },
  at: { type: Date, required: true },
})
VerdictCorrectionSchema.index({ facebookPageId: 1, at: -1 })
export type VerdictCorrectionDoc = InferSchemaType<typeof VerdictCorrectionSchema> & {
  _id: import('mongoose').Types.ObjectId
}
