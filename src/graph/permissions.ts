// The permissions Fanfare asks for at login, what stops working without each, and a report of
// what /me/permissions says the person granted (issue 11: a person who unticks one is told).
import type { Permission } from './schemas.js'

/** Every permission the team login asks for (public_profile is implied), with the i18n key of
 *  what stops working without it (see src/i18n/*.json `permissions.effect.*`). */
export const REQUIRED_PERMISSIONS = [
  { permission: 'pages_show_list', effect: 'permissions.effect.pages_show_list' },
  { permission: 'pages_read_engagement', effect: 'permissions.effect.pages_read_engagement' },
  { permission: 'pages_manage_posts', effect: 'permissions.effect.pages_manage_posts' },
  { permission: 'pages_manage_engagement', effect: 'permissions.effect.pages_manage_engagement' },
  { permission: 'pages_read_user_content', effect: 'permissions.effect.pages_read_user_content' },
  { permission: 'pages_manage_metadata', effect: 'permissions.effect.pages_manage_metadata' },
] as const

export interface PermissionReport {
  /** asked for and not granted (declined, expired or never answered) */
  missing: { permission: string; status: string; effect: string }[]
  granted: string[]
}

export function describePermissions(
  permissions: Permission[],
  required: readonly { permission: string; effect: string }[] = REQUIRED_PERMISSIONS,
): PermissionReport {
  const status = new Map(permissions.map((p) => [p.permission, p.status]))
  return {
    missing: required
      .filter((r) => status.get(r.permission) !== 'granted')
      .map((r) => ({
        permission: r.permission,
        status: status.get(r.permission) ?? 'missing',
        effect: r.effect,
      })),
    granted: permissions.filter((p) => p.status === 'granted').map((p) => p.permission),
  }
}
