// Personal API tokens: created and revoked by their owner, stored as a SHA-256 hash, shown once.
import { createHash, randomBytes } from 'node:crypto'
import { NotFound } from '../../errors.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { Member, TeamService } from '../team/service.js'
import type { ApiToken, TokenRepository } from './repository.js'

export type { ApiToken }

const PREFIX = 'ff_'

export const hashToken = (raw: string) => createHash('sha256').update(raw).digest('hex')

export function createTokenService(deps: { repo: TokenRepository; team: TeamService; audit: AuditLog }) {
  const { repo, team, audit } = deps
  return {
    async create(actor: Actor, owner: Member, name: string): Promise<{ token: string; record: ApiToken }> {
      const token = `${PREFIX}${randomBytes(32).toString('base64url')}`
      const record = await repo.create({
        userId: owner.id,
        name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, PREFIX.length + 6),
      })
      await audit.record(actor, {
        action: 'token.create',
        target: { type: 'api_token', id: record.id, label: name },
      })
      return { token, record }
    },

    list: (owner: Member): Promise<ApiToken[]> => repo.ofOwner(owner.id),

    async revoke(actor: Actor, owner: Member, tokenId: string): Promise<void> {
      const revoked = await repo.revoke(owner.id, tokenId)
      if (!revoked) throw new NotFound('tokenNotFound')
      await audit.record(actor, {
        action: 'token.revoke',
        target: { type: 'api_token', id: tokenId, label: revoked.name },
      })
    },

    /** Their API tokens die with their membership. */
    revokeAllOf: (memberId: string): Promise<void> => repo.revokeAllOf(memberId),

    /** The active member a raw bearer token belongs to, or null. */
    async authenticate(raw: string): Promise<Member | null> {
      if (!raw.startsWith(PREFIX)) return null
      const record = await repo.activeByHash(hashToken(raw))
      if (!record) return null
      const user = await team.findActive(String(record.userId))
      if (!user) return null
      // Only note use once a minute, so a busy script does not write on every call.
      const minuteAgo = new Date(Date.now() - 60_000)
      if (!record.lastUsedAt || record.lastUsedAt < minuteAgo) await repo.noteUse(record.id)
      return user
    },
  }
}

export type TokenService = ReturnType<typeof createTokenService>
