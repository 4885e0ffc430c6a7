// What the shop's route files share: who may call them (admins connect shops, moderators link
// customers, marketers link products) and how their JSON API shows in OpenAPI.
import type { Access } from '../../plugins/auth.js'

export const admins: { access: Access } = { access: ['admin'] }
export const moderators: { access: Access } = { access: ['admin', 'moderator'] }
export const planners: { access: Access } = { access: ['admin', 'marketer'] }
export const team: { access: Access } = { access: ['admin', 'marketer', 'moderator'] }

export const shopApi = (summary: string, description?: string) => ({
  tags: ['shop'],
  summary,
  description,
  security: [{ bearerAuth: [] }],
})
