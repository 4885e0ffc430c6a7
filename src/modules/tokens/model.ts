// Personal API tokens: only a hash is stored; the token itself is shown once.
import { type InferSchemaType, Schema } from 'mongoose'

export const ApiTokenSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    name: { type: String, required: true, maxlength: 100 },
    tokenHash: { type: String, required: true, unique: true },
    /** The first characters, so people can tell their tokens apart. */
    prefix: { type: String, required: true },
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  { timestamps: true },
)
export type ApiTokenDoc = InferSchemaType<typeof ApiTokenSchema> & { _id: import('mongoose').Types.ObjectId }
