// The person behind a request, as the post service needs them (audit actor, id, name, role).
import type { FastifyRequest } from 'fastify'
import { Types } from 'mongoose'
import type { Role } from '../team/model.js'
import type { Member } from '../team/service.js'
import type { Author } from './service.js'

export function authorOf(request: FastifyRequest): Author {
  const user = request.user as Member
  return {
    actor: request.actor,
    userId: new Types.ObjectId(user.id),
    name: user.name,
    role: user.role as Role,
  }
}
