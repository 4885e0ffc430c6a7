// Connected Facebook pages: sealed page token, time zone, posting cap and quiet hours.
import { type InferSchemaType, Schema } from 'mongoose'

export const TOKEN_STATUSES = ['ok', 'needs_reconnect'] as const

export const PageSchema = new Schema(
  {
    facebookPageId: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    category: { type: String },
    sealedPageToken: { type: String, required: true },
    tasks: { type: [String], default: [] },
    tokenStatus: { type: String, enum: TOKEN_STATUSES, default: 'ok' },
    tokenProblem: { type: String, default: null },
    tokenProblemAt: { type: Date, default: null },
    webhookSubscribed: { type: Boolean, default: false },
    timeZone: { type: String, default: 'Europe/Amsterdam' },
    maxPostsPerDay: { type: Number, default: 3, min: 1, max: 50 },
    /** Quiet hours in the page's time zone, "HH:MM"; no posts go out between start and end. */
    quietHours: {
      start: { type: String, default: null },
      end: { type: String, default: null },
    },
    /** Posting rules that keep a page from spamming its fans (see modules/posts/rules.ts). */
    maxPromoPostsPerWeek: { type: Number, default: 3, min: 0, max: 100 },
    minNonPromoSharePercent: { type: Number, default: 50, min: 0, max: 100 },
    minGapMinutes: { type: Number, default: 60, min: 0, max: 24 * 60 },
    /** Posts by marketers wait for an admin's approval before they are scheduled. */
    requireApproval: { type: Boolean, default: false },
    connectedBy: { type: Schema.Types.ObjectId, required: true },
    connectedAt: { type: Date, required: true },
    disconnectedAt: { type: Date, default: null },
  },
  { timestamps: true },
)
export type PageDoc = InferSchemaType<typeof PageSchema> & { _id: import('mongoose').Types.ObjectId }
