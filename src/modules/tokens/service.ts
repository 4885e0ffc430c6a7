// Personal API tokens: created and revoked by their owner, stored as a SHA-256 hash, shown once.
import { createHash, randomBytes } from 'node:crypto'
import { Types } from 'mongoose'
import { NotFound } from '../../errors.js'
import type { Models } from '../../models.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { UserDoc } from '../team/model.js'
import type { ApiTokenDoc } from './model.js'

const PREFIX = 'ff_'

export const hashToken = (raw: string) => createHash('sha256').update(raw).digest('hex')

export function createTokenService(models: Models, audit: AuditLog) {
  return {
    async create(
      actor: Actor,
      owner: UserDoc,
      name: string,
    ): Promise<{ token: string; record: ApiTokenDoc }> {
      const token = `${PREFIX}${randomBytes(32).toString('base64url')}`
      const record = await models.apiTokens.create({
        userId: owner._id,
        name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, PREFIX.length + 6),
      })
      await audit.record(actor, {
        action: 'token.create',
        target: { type: 'api_token', id: String(record._id), label: name },
      })
      return { token, record: record.toObject() as ApiTokenDoc }
    },

    list(owner: UserDoc): Promise<ApiTokenDoc[]> {
      return models.apiTokens.find({ userId: owner._id }).sort({ createdAt: -1 }).lean<ApiTokenDoc[]>()
    },

    async revoke(actor: Actor, owner: UserDoc, tokenId: string): Promise<void> {
      if (!Types.ObjectId.isValid(tokenId)) throw new NotFound('tokenNotFound')
      const revoked = await models.apiTokens.findOneAndUpdate(
        { _id: new Types.ObjectId(tokenId), userId: owner._id, revokedAt: null },
        { $set: { revokedAt: new Date() } },
      )
      if (!revoked) throw new NotFound('tokenNotFound')
      await audit.record(actor, {
        action: 'token.revoke',
        target: { type: 'api_token', id: tokenId, label: revoked.name },
      })
    },

    /** The active user a raw bearer token belongs to, or null. */
    async authenticate(raw: string): Promise<UserDoc | null> {
      if (!raw.startsWith(PREFIX)) return null
      const record = await models.apiTokens
        .findOne({ tokenHash: hashToken(raw), revokedAt: null })
        .lean<ApiTokenDoc>()
      if (!record) return null
      const user = await models.users.findOne({ _id: record.userId, active: true }).lean<UserDoc>()
      if (!user) return null
      // Only note use once a minute, so a busy script does not write on every call.
      const minuteAgo = new Date(Date.now() - 60_000)
      if (!record.lastUsedAt || record.lastUsedAt < minuteAgo) {
        await models.apiTokens.updateOne({ _id: record._id }, { $set: { lastUsedAt: new Date() } })
      }
      return user
    },
  }
}

export type TokenService = ReturnType<typeof createTokenService>
