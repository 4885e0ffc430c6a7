// The person behind a request, as the post use cases need them (audit actor, id, name, role).
import type { FastifyRequest } from 'fastify'
import type { Actor } from '../audit/service.js'
import type { Role } from '../team/model.js'
import type { Member } from '../team/service.js'

/** Who is acting: the audit actor plus what the rules need to know about them. */
export type Author = { actor: Actor; userId: string; name: string; role: Role }

export function authorOf(request: FastifyRequest): Author {
  const user = request.user as Member
  return {
    actor: request.actor,
    userId: user.id,
    name: user.name,
    role: user.role as Role,
  }
}
