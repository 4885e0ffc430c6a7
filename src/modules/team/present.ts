// Team records as the API and the pages show them (never with tokens).
import type { Invite, Member } from './repository.js'

export const presentMember = (u: Member) => ({
  id: u.id,
  name: u.name,
  role: u.role,
  facebookUserId: u.facebookUserId,
  lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
  pageIds: u.pageIds ?? [],
})

export const presentInvite = (i: Invite) => ({
  id: i.id,
  role: i.role,
  pageIds: i.pageIds ?? [],
  note: i.note ?? null,
  expiresAt: i.expiresAt.toISOString(),
})
