// Team records as the API and the pages show them (never with tokens).
import type { InviteDoc, UserDoc } from './model.js'

export const presentMember = (u: UserDoc) => ({
  id: String(u._id),
  name: u.name,
  role: u.role,
  facebookUserId: u.facebookUserId,
  lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
})

export const presentInvite = (i: InviteDoc) => ({
  id: String(i._id),
  role: i.role,
  note: i.note ?? null,
  expiresAt: i.expiresAt.toISOString(),
})
