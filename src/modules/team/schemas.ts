// Request and response shapes of the team API and forms.
import { z } from 'zod'
import { OptionalText } from '../../schemas/common.js'
import { ROLES } from './model.js'

export const RoleSchema = z.enum(ROLES, { message: 'expected admin, marketer, moderator or ambassador' })

/** Fanfare page ids; a form sends none, one value or several. */
const PageIds = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().regex(/^[a-f0-9]{24}$/, 'expected a page id')).max(500))

export const InviteBody = z.object({
  role: RoleSchema,
  note: OptionalText(200),
  pageIds: PageIds.describe(
    'The connected pages the person will work on: at least one for a marketer, moderator or ambassador ' +
      '(while any page is connected); ignored for an admin, who works on every page',
  ),
})
export type InviteBody = z.infer<typeof InviteBody>

export const RoleBody = z.object({ role: RoleSchema })

/** The pages a member works on (Fanfare page ids). */
export const PagesBody = z.object({ pageIds: PageIds })

export const Member = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  facebookUserId: z.string(),
  lastLoginAt: z.string().nullable(),
  pageIds: z.array(z.string()).describe('The connected pages the member works on (admins work on all)'),
})
export const MemberList = z.object({ members: z.array(Member) })

export const InviteCreated = z.object({
  id: z.string(),
  role: RoleSchema,
  pageIds: z.array(z.string()).describe('The pages the person will work on once they accept'),
  url: z.string().describe('Send this link to the person you invite; it is shown only once'),
  expiresAt: z.string(),
})

export const InviteSummary = z.object({
  id: z.string(),
  role: RoleSchema,
  pageIds: z.array(z.string()).describe('The pages the person will work on once they accept'),
  note: z.string().nullable(),
  expiresAt: z.string(),
})
export const InviteList = z.object({ invites: z.array(InviteSummary) })
