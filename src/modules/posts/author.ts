// The person behind a request, as the post service needs them (audit actor, id, name, role).
import type { FastifyRequest } from 'fastify'
import type { Role, UserDoc } from '../team/model.js'
import type { Author } from './service.js'

export function authorOf(request: FastifyRequest): Author {
  const user = request.user as UserDoc
  return { actor: request.actor, userId: user._id, name: user.name, role: user.role as Role }
}
