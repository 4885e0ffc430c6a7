// The only place that touches API tokens (stored as hashes).
import type { Connection } from 'mongoose'
import { initModels, modelOn, objectIdOrNull, withId } from '../../store.js'
import { type ApiTokenDoc, ApiTokenSchema } from './model.js'

export type ApiToken = Omit<ApiTokenDoc, '_id'> & { id: string }

export async function createTokenRepository(connection: Connection) {
  const tokens = modelOn(connection, 'ApiToken', ApiTokenSchema)
  await initModels(tokens)
  return {
    async create(fields: {
      userId: string
      name: string
      tokenHash: string
      prefix: string
    }): Promise<ApiToken> {
      const doc = await tokens.create(fields)
      return withId(doc.toObject() as ApiTokenDoc)
    },

    async ofOwner(userId: string): Promise<ApiToken[]> {
      const docs = await tokens.find({ userId }).sort({ createdAt: -1 }).lean<ApiTokenDoc[]>()
      return docs.map(withId)
    },

    /** Revokes the owner's token; null when it is not theirs or already revoked. */
    async revoke(userId: string, id: string): Promise<ApiToken | null> {
      const _id = objectIdOrNull(id)
      if (!_id) return null
      const doc = await tokens
        .findOneAndUpdate({ _id, userId, revokedAt: null }, { $set: { revokedAt: new Date() } })
        .lean<ApiTokenDoc>()
      return doc ? withId(doc) : null
    },

    async revokeAllOf(userId: string): Promise<void> {
      await tokens.updateMany({ userId, revokedAt: null }, { $set: { revokedAt: new Date() } })
    },

    async activeByHash(tokenHash: string): Promise<ApiToken | null> {
      const doc = await tokens.findOne({ tokenHash, revokedAt: null }).lean<ApiTokenDoc>()
      return doc ? withId(doc) : null
    },

    async noteUse(id: string): Promise<void> {
      await tokens.updateOne({ _id: id }, { $set: { lastUsedAt: new Date() } })
    },
  }
}

export type TokenRepository = Awaited<ReturnType<typeof createTokenRepository>>
