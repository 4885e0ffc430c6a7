// Request and response shapes of the team API and forms.
import { z } from 'zod'
import { OptionalText } from '../../schemas/common.js'
import { ROLES } from './model.js'

export const RoleSchema = z.enum(ROLES, { message: 'expected admin, marketer or moderator' })

export const InviteBody = z.object({ role: RoleSchema, note: OptionalText(200) })
export type InviteBody = z.infer<typeof InviteBody>

export const RoleBody = z.object({ role: RoleSchema })

export const Member = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  facebookUserId: z.string(),
  lastLoginAt: z.string().nullable(),
})
export const MemberList = z.object({ members: z.array(Member) })

export const InviteCreated = z.object({
  id: z.string(),
  role: RoleSchema,
  url: z.string().describe('Send this link to the person you invite; it is shown only once'),
  expiresAt: z.string(),
})

export const InviteSummary = z.object({
  id: z.string(),
  role: RoleSchema,
  note: z.string().nullable(),
  expiresAt: z.string(),
})
export const InviteList = z.object({ invites: z.array(InviteSummary) })
