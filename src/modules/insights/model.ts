// Page insights Meta still serves, one value per page, metric and day; and the metrics Graph refused.
import { Schema } from 'mongoose'

/** Daily page metrics asked for (see the 2025 deprecations: impressions became media views,
 *  page fans became follows). */
export const PAGE_METRICS = [
  'page_post_engagements',
  'page_daily_follows_unique',
  'page_daily_unfollows_unique',
  'page_follows',
  'page_views_total',
  'page_media_view',
  'page_total_media_view_unique',
] as const

/** Lifetime metrics of each recent post. */
export const POST_METRICS = [
  'post_reactions_like_total',
  'post_clicks',
  'post_media_view',
  'post_total_media_view_unique',
] as const

export const InsightValueSchema = new Schema(
  {
    /** `${object}|${metric}|${day}`: collecting twice overwrites, never doubles. */
    _id: { type: String },
    pageId: { type: String, required: true },
    /** The page or the post the value belongs to (Graph ids). */
    objectId: { type: String, required: true },
    metric: { type: String, required: true },
    /** UTC day the value ends (Graph's end_time), or 'lifetime'. */
    day: { type: String, required: true },
    value: { type: Number, required: true },
    collectedAt: { type: Date, required: true },
  },
  { versionKey: false },
)
InsightValueSchema.index({ pageId: 1, metric: 1, day: 1 })

/** A metric Graph answered (#100) for: not asked again until `retryAfter`. */
export const RefusedMetricSchema = new Schema(
  {
    _id: { type: String },
    message: { type: String, required: true },
    refusedAt: { type: Date, required: true },
    retryAfter: { type: Date, required: true },
  },
  { versionKey: false },
)
