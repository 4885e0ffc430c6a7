// The Graph API client: import everything Graph-related from here.
export {
  COMMENT_FIELDS,
  createGraphClient,
  DEFAULT_API_VERSION,
  GraphClient,
  type GraphClientConfig,
  type ListCommentsOptions,
  type ListFeedOptions,
  POST_FIELDS,
  type PublishPhotoInput,
  type PublishPostInput,
} from './client.js'
export { classifyGraphError, GraphError, type GraphErrorKind } from './errors.js'
export { appsecretProof, estimatedMinutes, type GraphLogger } from './http.js'
export { nextPageParams } from './paging.js'
export {
  describePermissions,
  type PermissionReport,
  REQUIRED_PERMISSIONS,
} from './permissions.js'
export type {
  AppSubscription,
  DebugToken,
  GraphComment,
  GraphPost,
  Me,
  PageAccount,
  Permission,
  SubscribedApp,
  TokenAnswer,
} from './schemas.js'
export type { UsageEntry } from './usage.js'
