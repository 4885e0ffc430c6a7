// Goals a marketer sets (baseline measured from data, target, deadline) and their weekly digests.
import { type InferSchemaType, Schema } from 'mongoose'

export const GOAL_KINDS = ['revenue', 'followers', 'response_time'] as const
export type GoalKind = (typeof GOAL_KINDS)[number]

export const GoalSchema = new Schema(
  {
    pageId: { type: String, required: true },
    kind: { type: String, enum: GOAL_KINDS, required: true },
    title: { type: String, required: true, maxlength: 200 },
    startAt: { type: Date, required: true },
    deadline: { type: Date, required: true },
    /** Revenue in cents, followers as a count, response time in seconds. */
    baseline: { type: Number, required: true },
    /** 'measured' from Fanfare's data, or 'entered' by the marketer when there was none. */
    baselineSource: { type: String, enum: ['measured', 'entered'], required: true },
    /** The period the baseline was measured over. */
    baselineFrom: { type: Date, required: true },
    baselineTo: { type: Date, required: true },
    /** The change asked for (+10 means 10 % more), when the target came from a percentage. */
    changePercent: { type: Number, default: null },
    target: { type: Number, required: true },
    currency: { type: String, default: 'EUR' },
    createdBy: { type: String, required: true },
    createdByName: { type: String, required: true },
    archivedAt: { type: Date, default: null },
  },
  { timestamps: true },
)
GoalSchema.index({ pageId: 1, archivedAt: 1 })
export type GoalDoc = InferSchemaType<typeof GoalSchema> & { _id: import('mongoose').Types.ObjectId }

/** What the weekly digest said about a goal: advice as i18n keys with their values. */
export const GoalDigestSchema = new Schema(
  {
    /** `${goalId}|${week}`: running the digest twice in a week replaces it. */
    _id: { type: String },
    goalId: { type: String, required: true },
    week: { type: String, required: true },
    madeAt: { type: Date, required: true },
    onTrack: { type: Boolean, required: true },
    progressPercent: { type: Number, required: true },
    advice: { type: [{ key: String, params: Schema.Types.Mixed, _id: false }], default: [] },
  },
  { versionKey: false },
)
GoalDigestSchema.index({ goalId: 1, week: -1 })
