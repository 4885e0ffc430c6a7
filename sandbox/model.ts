// The sandbox's data model: the records it keeps for users, pages, posts, comments and tokens.

export const ALL_TASKS = [
  'ANALYZE',
  'ADVERTISE',
  'MESSAGING',
  'MODERATE',
  'CREATE_CONTENT',
  'MANAGE',
] as const
export type Task = (typeof ALL_TASKS)[number]

export interface SandboxUser {
  /** app-scoped user id (ASID), what /me returns after login */
  id: string
  /** page-scoped id (PSID), what comment `from.id` carries; deliberately different from the ASID */
  psid: string
  name: string
  email?: string
  kind: 'team' | 'fan'
  /** pageId → tasks the user has on that page */
  roles: Record<string, Task[]>
}

export interface SandboxPage {
  id: string
  name: string
  category: string
  categoryId: string
  fanCount: number
  about?: string
  /** appId → subscribed fields (the page "installed" the app via subscribed_apps) */
  installedApps: Record<string, string[]>
  /** post ids, ascending by seq */
  postIds: string[]
}

export interface SandboxPost {
  id: string
  seq: number
  pageId: string
  message?: string
  link?: string
  photoId?: string
  photoUrl?: string
  /** unix seconds */
  createdTime: number
  updatedTime: number
  /** false for scheduled and unpublished posts */
  published: boolean
  scheduledPublishTime?: number
  /** the app that created it; absent for posts made "by hand" (control API) */
  appId?: string
  deleted: boolean
  /** top-level comment ids, ascending by seq */
  commentIds: string[]
  /** all comment ids (top-level and replies), ascending by seq */
  streamIds: string[]
}

export interface SandboxComment {
  id: string
  seq: number
  postId: string
  /** the parent comment for replies */
  parentId?: string
  from: { id: string; name: string }
  authorKind: 'page' | 'user'
  /** ASID of the author when the author is a user */
  userId?: string
  message: string
  createdTime: number
  isHidden: boolean
  deleted: boolean
  replyIds: string[]
}

export type TokenType = 'USER' | 'PAGE' | 'APP'

export interface TokenRecord {
  token: string
  type: TokenType
  appId: string
  userId?: string
  pageId?: string
  scopes: string[]
  /** unix seconds */
  issuedAt: number
  /** unix seconds; 0 = never expires */
  expiresAt: number
  longLived: boolean
  invalid?: { subcode: number; message: string }
}

export interface AuthCode {
  code: string
  clientId: string
  redirectUri: string
  userId: string
  scopes: string[]
  codeChallenge?: string
  codeChallengeMethod?: 'S256' | 'plain'
  /** unix seconds */
  expiresAt: number
  used: boolean
}

export interface AppSubscription {
  object: 'page'
  callbackUrl: string
  verifyToken: string
  fields: string[]
  active: boolean
}

/** The JSON shape persisted to `stateFile`. */
export interface StateSnapshot {
  counter: number
  clockOffsetMs: number
  users: SandboxUser[]
  pages: SandboxPage[]
  posts: SandboxPost[]
  comments: SandboxComment[]
  tokens: TokenRecord[]
  codes: AuthCode[]
  photos: [string, string][]
  subscription?: AppSubscription
}
