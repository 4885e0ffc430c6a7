// Who may do what on a page: the token type, the scopes granted in the dialog, the tasks of the
// user's page role, the same checks (and error codes) Graph applies.
import { GraphApiError, missingPermission, missingTask, permissionError, tokenRequired } from './errors.js'
import type { Task, TokenRecord } from './model.js'
import type { SandboxState } from './state.js'

export interface PageAccessRule {
  /** any one of these permissions */
  scopes: string[]
  /** any one of these tasks */
  tasks?: Task[]
  pageTokenOnly?: boolean
  /** reads get (#10), writes get (#200) */
  read?: boolean
}

export function requireToken(token: TokenRecord | undefined): TokenRecord {
  if (!token) throw tokenRequired()
  return token
}

export function requirePageAccess(
  state: SandboxState,
  token: TokenRecord | undefined,
  pageId: string,
  rule: PageAccessRule,
): TokenRecord {
  const record = requireToken(token)
  if (record.type === 'APP' || (rule.pageTokenOnly && record.type !== 'PAGE')) {
    throw new GraphApiError(400, {
      message: '(#210) A page access token is required to request this resource.',
      type: 'OAuthException',
      code: 210,
    })
  }
  if (record.type === 'PAGE' && record.pageId !== pageId) {
    throw permissionError('The page access token does not belong to this page')
  }
  const tasks = record.userId ? state.users.get(record.userId)?.roles[pageId] : undefined
  if (!tasks || tasks.length === 0) {
    throw rule.read
      ? permissionError(
          `This endpoint requires the '${rule.scopes[0]}' permission or the 'Page Public Content Access' feature.`,
          10,
        )
      : permissionError('You do not have a role on this page')
  }
  if (!rule.scopes.some((scope) => record.scopes.includes(scope))) {
    const scope = rule.scopes.join(' or ')
    throw rule.read
      ? permissionError(
          `This endpoint requires the '${scope}' permission or the 'Page Public Content Access' feature.`,
          10,
        )
      : missingPermission(scope)
  }
  if (rule.tasks && !rule.tasks.some((task) => tasks.includes(task))) throw missingTask(rule.tasks)
  return record
}

export const READ_PAGE: PageAccessRule = { scopes: ['pages_read_engagement'], read: true }
export const PUBLISH: PageAccessRule = {
  scopes: ['pages_manage_posts'],
  tasks: ['CREATE_CONTENT', 'MANAGE'],
  pageTokenOnly: true,
}
export const DELETE_POST: PageAccessRule = {
  scopes: ['pages_manage_posts', 'pages_manage_engagement'],
  tasks: ['CREATE_CONTENT', 'MANAGE', 'MODERATE'],
  pageTokenOnly: true,
}
export const MODERATE: PageAccessRule = {
  scopes: ['pages_manage_engagement'],
  tasks: ['MODERATE', 'MANAGE'],
  pageTokenOnly: true,
}
export const READ_COMMENTS: PageAccessRule = {
  scopes: ['pages_read_engagement', 'pages_read_user_content'],
  read: true,
}
export const MANAGE_WEBHOOKS: PageAccessRule = {
  scopes: ['pages_manage_metadata'],
  tasks: ['CREATE_CONTENT', 'MANAGE', 'MODERATE'],
  pageTokenOnly: true,
}
