// The barometer's pre-aggregated counters: per page and day, and word occurrences per page and week.
import { type InferSchemaType, Schema } from 'mongoose'

export const BarometerDaySchema = new Schema({
  /** page|day */
  _id: { type: String, required: true },
  facebookPageId: { type: String, required: true },
  /** yyyy-MM-dd in the page's time zone */
  day: { type: String, required: true },
  /** ISO week, e.g. 2026-W48 */
  week: { type: String, required: true },
  total: { type: Number, default: 0 },
  positive: { type: Number, default: 0 },
  neutral: { type: Number, default: 0 },
  negative: { type: Number, default: 0 },
  complaints: { type: Number, default: 0 },
  /** complaint category → count */
  categories: {
    delivery: { type: Number, default: 0 },
    damaged: { type: Number, default: 0 },
    refund: { type: Number, default: 0 },
    customer_service: { type: Number, default: 0 },
    price_payment: { type: Number, default: 0 },
    other: { type: Number, default: 0 },
  },
})
BarometerDaySchema.index({ facebookPageId: 1, day: 1 }, { unique: true })
export type BarometerDayDoc = InferSchemaType<typeof BarometerDaySchema>

export const BarometerWordSchema = new Schema({
  /** page|week|term */
  _id: { type: String, required: true },
  facebookPageId: { type: String, required: true },
  week: { type: String, required: true },
  term: { type: String, required: true },
  count: { type: Number, default: 0 },
})
BarometerWordSchema.index({ facebookPageId: 1, week: 1, term: 1 }, { unique: true })
export type BarometerWordDoc = InferSchemaType<typeof BarometerWordSchema>
