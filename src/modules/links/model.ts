// Tracked links (Fanfare's own short redirect `/r/:code`) and the clicks counted on them.
import { type InferSchemaType, Schema } from 'mongoose'

export const LINK_KINDS = ['post', 'campaign', 'kit'] as const
export type LinkKind = (typeof LINK_KINDS)[number]

export const UTM_MEDIUMS = ['social', 'ambassador'] as const
export type UtmMedium = (typeof UTM_MEDIUMS)[number]

export const TrackedLinkSchema = new Schema(
  {
    /** What the link stands for, so asking twice for the same post and target gives the same code. */
    key: { type: String, required: true, unique: true },
    code: { type: String, required: true, unique: true },
    kind: { type: String, enum: LINK_KINDS, required: true },
    /** The address as the marketer wrote it, and with Fanfare's UTM parameters added. */
    target: { type: String, required: true },
    url: { type: String, required: true },
    medium: { type: String, enum: UTM_MEDIUMS, required: true },
    utmCampaign: { type: String, required: true },
    utmContent: { type: String, required: true },
    /** Fanfare page id: the post's, the campaign's or the kit's (null only for kit links made before kits passed it) */
    pageId: { type: String, default: null },
    postId: { type: String, default: null },
    /** The kind of post (its label), for revenue per kind of post. */
    postLabel: { type: String, default: null },
    campaignId: { type: String, default: null },
    kitId: { type: String, default: null },
    /** The ambassador whose personal link this is. */
    personId: { type: String, default: null },
    label: { type: String, default: '' },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
)
TrackedLinkSchema.index({ postId: 1 })
TrackedLinkSchema.index({ kitId: 1, personId: 1 })
export type TrackedLinkDoc = InferSchemaType<typeof TrackedLinkSchema> & {
  _id: import('mongoose').Types.ObjectId
  createdAt: Date
}

/**
 * One document per link, UTC day and visitor; `n` counts their clicks. A click is one `$inc`
 * upsert, so the redirect needs no read-modify-write and no Redis; uniques are the documents.
 * The visitor is a keyed hash of address and browser under a key that changes every day, so no
 * address is stored and yesterday's visitors cannot be recognised today.
 */
export const LinkClickSchema = new Schema(
  {
    _id: { type: String },
    code: { type: String, required: true },
    day: { type: String, required: true },
    n: { type: Number, default: 0 },
    first: { type: Date },
    last: { type: Date },
  },
  { versionKey: false },
)
LinkClickSchema.index({ code: 1, day: 1 })
LinkClickSchema.index({ day: 1 })
