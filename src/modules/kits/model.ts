// Ambassador kits (a ready-made text in nl and en, a link and an image that employees share from
// their own Facebook account) and the share intents counted per person and day.
import { type InferSchemaType, Schema } from 'mongoose'

export const KIT_STATUSES = ['active', 'archived'] as const
export type KitStatus = (typeof KIT_STATUSES)[number]

export const KitSchema = new Schema(
  {
    /** Fanfare page id: the page's team, quiet hours and time zone apply. */
    pageId: { type: String, required: true },
    title: { type: String, required: true, maxlength: 120 },
    /** Made from the first title and kept, so the kit's utm_campaign does not change with an edit. */
    slug: { type: String, required: true },
    /** The texts the ambassador copies; at least one, an empty one falls back to the other. */
    textNl: { type: String, default: '' },
    textEn: { type: String, default: '' },
    link: { type: String, required: true },
    imageUrl: { type: String, default: null },
    /** The disclosure the Reclamecode asks for; empty texts read "Ik werk bij {shop}". */
    disclosureHashtag: { type: String, default: '#medewerker' },
    disclosureNl: { type: String, default: '' },
    disclosureEn: { type: String, default: '' },
    /** Share intents one person may make on this kit per day (in the page's time zone). */
    sharesPerDay: { type: Number, required: true, min: 1, max: 20 },
    status: { type: String, enum: KIT_STATUSES, default: 'active' },
    createdBy: { type: String, required: true },
    archivedAt: { type: Date, default: null },
  },
  { timestamps: true },
)
KitSchema.index({ pageId: 1, status: 1 })
export type KitDoc = InferSchemaType<typeof KitSchema> & {
  _id: import('mongoose').Types.ObjectId
  createdAt: Date
  updatedAt: Date
}

/**
 * One document per kit, person and local day; `n` counts their share intents (the clicks on
 * "Share on Facebook"). Counted, not audited, and never turned into points or rankings.
 */
export const KitShareSchema = new Schema(
  {
    _id: { type: String },
    kitId: { type: String, required: true },
    personId: { type: String, required: true },
    day: { type: String, required: true },
    n: { type: Number, default: 0 },
  },
  { versionKey: false },
)
KitShareSchema.index({ kitId: 1, personId: 1 })
