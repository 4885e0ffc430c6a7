// Shop orders that came through Facebook, with what they are attributed to. Only the order's id,
// number, time, total and attribution are kept: no customer data (that stays in the shop).
import { Schema } from 'mongoose'

export const AttributedOrderSchema = new Schema(
  {
    /** `${connectionId}|${orderId}`: a re-read or a webhook replaces, never doubles. */
    _id: { type: String },
    connectionId: { type: String, required: true },
    orderId: { type: String, required: true },
    number: { type: String, required: true },
    placedAt: { type: Date, required: true },
    /** UTC ISO week of placedAt, e.g. 2026-W49 */
    week: { type: String, required: true },
    /** The total in cents, and its currency. */
    totalCents: { type: Number, required: true },
    currency: { type: String, required: true },
    /** Refunded and cancelled orders count for nothing. */
    counts: { type: Boolean, required: true },
    utmSource: { type: String, default: null },
    utmMedium: { type: String, default: null },
    utmCampaign: { type: String, default: null },
    utmContent: { type: String, default: null },
    /** The tracked link whose UTM the order carries (null: from Facebook, not through Fanfare). */
    code: { type: String, default: null },
    kind: { type: String, default: null },
    pageId: { type: String, default: null },
    postId: { type: String, default: null },
    postLabel: { type: String, default: null },
    campaignId: { type: String, default: null },
    kitId: { type: String, default: null },
    personId: { type: String, default: null },
  },
  { versionKey: false, timestamps: true },
)
AttributedOrderSchema.index({ placedAt: 1 })
AttributedOrderSchema.index({ code: 1 })
AttributedOrderSchema.index({ personId: 1, kitId: 1 })
