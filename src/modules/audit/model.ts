// The audit log: who changed what, when, with before/after where it matters.
import { type InferSchemaType, Schema } from 'mongoose'

export const AuditEntrySchema = new Schema({
  at: { type: Date, required: true, default: () => new Date() },
  actor: {
    userId: { type: Schema.Types.ObjectId, default: null },
    name: { type: String, required: true },
    via: { type: String, enum: ['browser', 'api', 'system'], required: true },
  },
  action: { type: String, required: true },
  target: {
    type: { type: String, required: true },
    id: { type: String, required: true },
    label: { type: String },
  },
  pageId: { type: String, default: null },
  before: { type: Schema.Types.Mixed, default: null },
  after: { type: Schema.Types.Mixed, default: null },
  reason: { type: String, default: null },
})
AuditEntrySchema.index({ at: -1 })
AuditEntrySchema.index({ action: 1, at: -1 })
AuditEntrySchema.index({ 'actor.userId': 1, at: -1 })
AuditEntrySchema.index({ 'target.type': 1, 'target.id': 1, at: -1 })

export type AuditEntryDoc = InferSchemaType<typeof AuditEntrySchema> & {
  _id: import('mongoose').Types.ObjectId
}
