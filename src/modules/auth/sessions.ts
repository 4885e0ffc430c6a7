// Browser sessions that the server can end: the encrypted cookie alone would stay valid for its whole
// lifetime, so a copy taken before logout would keep working.
// - Logout ends this session: its id is marked revoked in Redis until the cookie would expire.
// - Log out everywhere, removal and a role change end all of a member's sessions: the cookie carries
//   the member's session generation, and a raised generation refuses every older cookie.
import { randomBytes } from 'node:crypto'
import type { RedisClient } from '../../redis.js'

/** As long as the session cookie lives (see plugins/security.ts). */
export const SESSION_SECONDS = 7 * 24 * 3600

export type SessionClaims = { sid: string; generation: number }

export function createSessionRegistry(redis: RedisClient, prefix: string) {
  const key = (sid: string) => `${prefix}:revoked-session:${sid}`
  return {
    /** A fresh session id for a new login. */
    open: (generation: number): SessionClaims => ({ sid: randomBytes(18).toString('base64url'), generation }),

    async revoke(sid: string): Promise<void> {
      await redis.set(key(sid), '1', 'EX', SESSION_SECONDS)
    },

    /**
     * Whether a session still counts. Throws while Redis is away, so the caller can treat the request
     * as anonymous without destroying a session that is still good.
     */
    async isValid(claims: Partial<SessionClaims>, memberGeneration: number): Promise<boolean> {
      if (!claims.sid || claims.generation !== memberGeneration) return false
      return (await redis.exists(key(claims.sid))) === 0
    },
  }
}

export type SessionRegistry = ReturnType<typeof createSessionRegistry>
