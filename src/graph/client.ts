// The Graph client Fanfare uses for every call to Facebook (real or sandbox): typed calls for
// login, pages, posts, comments and webhooks on top of GraphHttp.
import { z } from 'zod'
import { GraphError } from './errors.js'
import { type GraphCall, GraphHttp, type GraphLogger, type Params } from './http.js'
import { paginate } from './paging.js'
import {
  AppSubscription,
  Comment,
  type DebugToken,
  DebugTokenAnswer,
  type GraphComment,
  type GraphPost,
  IdAnswer,
  InsightsAnswer,
  listOf,
  Me,
  PageAccount,
  Permission,
  PhotoAnswer,
  Post,
  SubscribedApp,
  SuccessAnswer,
  TokenAnswer,
} from './schemas.js'
import { UsageBackoff, type UsageEntry } from './usage.js'

export interface GraphClientConfig {
  /** e.g. https://graph.facebook.com or the sandbox URL */
  baseUrl: string
  apiVersion?: string
  appId: string
  appSecret: string
  timeoutMs?: number
  logger?: GraphLogger
  /** usage percent from which calls are delayed (default 85) */
  usageThreshold?: number
  backoff?: { minDelayMs?: number; maxDelayMs?: number; maxWaitMs?: number }
  /** retryAfterMs of a rate-limit error without estimate (default 5 minutes) */
  defaultRateLimitWaitMs?: number
  /** guard for the paging iterators (default 100 pages) */
  maxPages?: number
}

export const DEFAULT_API_VERSION = 'v25.0'

export const COMMENT_FIELDS =
  'id,message,created_time,from,parent,is_hidden,can_hide,comment_count,permalink_url'
/** No `link`, `type` or `object_id`: since v3.3 Graph refuses them on posts with (#12); the shared link
 *  is in attachments (unshimmed_url is the real target, url the l.facebook.com shim). */
export const POST_FIELDS =
  'id,message,created_time,updated_time,permalink_url,attachments{url,unshimmed_url,media_type},full_picture,is_published,scheduled_publish_time'

export interface PublishPostInput {
  message?: string
  link?: string
  /** schedule instead of publishing now (10 minutes to 30 days ahead) */
  scheduledPublishTime?: Date
  published?: boolean
}

export interface PublishPhotoInput {
  url: string
  caption?: string
  scheduledPublishTime?: Date
  published?: boolean
}

export interface ListCommentsOptions {
  filter?: 'toplevel' | 'stream'
  order?: 'chronological' | 'reverse_chronological'
  fields?: string
  since?: Date
  limit?: number
  maxPages?: number
}

export interface ListFeedOptions {
  edge?: 'feed' | 'published_posts' | 'scheduled_posts'
  fields?: string
  since?: Date
  limit?: number
  maxPages?: number
}

const silentLogger: GraphLogger = { debug() {}, info() {}, warn() {}, error() {} }

function unixSeconds(date: Date | undefined): number | undefined {
  return date === undefined ? undefined : Math.floor(date.getTime() / 1000)
}

function pageIdOfPost(postId: string): string | undefined {
  const at = postId.indexOf('_')
  return at > 0 ? postId.slice(0, at) : undefined
}

export class GraphClient {
  readonly apiVersion: string
  private readonly http: GraphHttp
  private readonly usage: UsageBackoff
  private readonly logger: GraphLogger
  private readonly maxPages: number

  constructor(private readonly config: GraphClientConfig) {
    this.apiVersion = config.apiVersion ?? DEFAULT_API_VERSION
    this.logger = config.logger ?? silentLogger
    this.maxPages = config.maxPages ?? 100
    this.usage = new UsageBackoff({
      threshold: config.usageThreshold ?? 85,
      minDelayMs: config.backoff?.minDelayMs ?? 1_000,
      maxDelayMs: config.backoff?.maxDelayMs ?? 60_000,
    })
    this.http = new GraphHttp({
      baseUrl: config.baseUrl,
      apiVersion: this.apiVersion,
      appSecret: config.appSecret,
      timeoutMs: config.timeoutMs ?? 10_000,
      logger: this.logger,
      usage: this.usage,
      maxBackoffWaitMs: config.backoff?.maxWaitMs ?? 10_000,
      defaultRateLimitWaitMs: config.defaultRateLimitWaitMs ?? 5 * 60_000,
    })
  }

  /** The app token (`{app-id}|{app-secret}`), for debug_token and app subscriptions. */
  get appToken(): string {
    return `${this.config.appId}|${this.config.appSecret}`
  }

  /** The usage back-off state: per "app" / "page:{id}", the last usage seen and any hold. */
  usageState(): UsageEntry[] {
    return this.usage.snapshot()
  }

  // --- login and tokens

  exchangeCode(input: { code: string; redirectUri: string; codeVerifier?: string }): Promise<TokenAnswer> {
    return this.http.call(
      {
        method: 'GET',
        path: '/oauth/access_token',
        params: {
          client_id: this.config.appId,
          client_secret: this.config.appSecret,
          redirect_uri: input.redirectUri,
          code: input.code,
          code_verifier: input.codeVerifier,
        },
      },
      TokenAnswer,
    )
  }

  exchangeForLongLivedUserToken(shortLivedUserToken: string): Promise<TokenAnswer> {
    return this.http.call(
      {
        method: 'GET',
        path: '/oauth/access_token',
        params: {
          grant_type: 'fb_exchange_token',
          client_id: this.config.appId,
          client_secret: this.config.appSecret,
          fb_exchange_token: shortLivedUserToken,
        },
      },
      TokenAnswer,
    )
  }

  getMe(userToken: string, fields = 'id,name,email,picture'): Promise<Me> {
    return this.http.call({ method: 'GET', path: '/me', token: userToken, params: { fields } }, Me)
  }

  /** Every page the user has a role on, with its page token and the user's tasks. */
  async listAccounts(userToken: string): Promise<PageAccount[]> {
    const accounts: PageAccount[] = []
    const schema = listOf(PageAccount)
    const pages = paginate(
      (page) =>
        this.http.call(
          {
            method: 'GET',
            path: '/me/accounts',
            token: userToken,
            params: { fields: 'id,name,category,category_list,access_token,tasks', limit: 100, ...page },
          },
          schema,
        ),
      { maxPages: this.maxPages, logger: this.logger, what: 'accounts' },
    )
    for await (const account of pages) accounts.push(account)
    return accounts
  }

  /** What the person granted and declined in the login dialog (GET /me/permissions). */
  async listPermissions(userToken: string): Promise<Permission[]> {
    const permissions: Permission[] = []
    const pages = paginate(
      (page) =>
        this.http.call(
          { method: 'GET', path: '/me/permissions', token: userToken, params: { ...page } },
          listOf(Permission),
        ),
      { maxPages: this.maxPages, logger: this.logger, what: 'permissions' },
    )
    for await (const permission of pages) permissions.push(permission)
    return permissions
  }

  /** Inspects a token with the app token (is it valid, whose, which scopes, when it expires). */
  debugToken(inputToken: string): Promise<DebugToken> {
    return this.http.call(
      { method: 'GET', path: '/debug_token', token: this.appToken, params: { input_token: inputToken } },
      DebugTokenAnswer,
    )
  }

  // --- insights

  /**
   * Page or post insights (`metric` comma-separated). One metric Graph no longer serves fails the
   * whole call with (#100), so callers ask in small groups (see modules/insights/collect.ts).
   */
  insights(
    objectId: string,
    token: string,
    input: { metrics: string[]; period: 'day' | 'lifetime' | 'week' | 'days_28'; since?: Date; until?: Date },
  ): Promise<InsightsAnswer> {
    return this.http.call(
      {
        method: 'GET',
        path: `/${objectId}/insights`,
        token,
        pageId: pageIdOfPost(objectId) ?? objectId,
        params: {
          metric: input.metrics.join(','),
          period: input.period,
          since: unixSeconds(input.since),
          until: unixSeconds(input.until),
        },
      },
      InsightsAnswer,
    )
  }

  // --- posts

  publishPost(pageId: string, pageToken: string, input: PublishPostInput): Promise<{ id: string }> {
    return this.http.call(
      {
        method: 'POST',
        path: `/${pageId}/feed`,
        token: pageToken,
        pageId,
        params: { message: input.message, link: input.link, ...publication(input) },
      },
      IdAnswer,
    )
  }

  publishPhoto(
    pageId: string,
    pageToken: string,
    input: PublishPhotoInput,
  ): Promise<{ id: string; postId?: string }> {
    return this.http.call(
      {
        method: 'POST',
        path: `/${pageId}/photos`,
        token: pageToken,
        pageId,
        params: { url: input.url, caption: input.caption, ...publication(input) },
      },
      PhotoAnswer,
    )
  }

  getPost(postId: string, token: string, fields = POST_FIELDS): Promise<GraphPost> {
    return this.http.call(
      { method: 'GET', path: `/${postId}`, token, pageId: pageIdOfPost(postId), params: { fields } },
      Post,
    )
  }

  async editPost(postId: string, pageToken: string, input: { message: string }): Promise<void> {
    await this.success({
      method: 'POST',
      path: `/${postId}`,
      token: pageToken,
      pageId: pageIdOfPost(postId),
      params: { message: input.message },
    })
  }

  async deletePost(postId: string, pageToken: string): Promise<void> {
    await this.success({
      method: 'DELETE',
      path: `/${postId}`,
      token: pageToken,
      pageId: pageIdOfPost(postId),
    })
  }

  /** Posts of a page, newest first. */
  listFeed(
    pageId: string,
    token: string,
    options: ListFeedOptions = {},
  ): AsyncGenerator<GraphPost, void, undefined> {
    const schema = listOf(Post)
    return paginate(
      (page) =>
        this.http.call(
          {
            method: 'GET',
            path: `/${pageId}/${options.edge ?? 'feed'}`,
            token,
            pageId,
            params: {
              fields: options.fields ?? POST_FIELDS,
              limit: options.limit ?? 25,
              since: unixSeconds(options.since),
              ...page,
            },
          },
          schema,
        ),
      {
        maxPages: options.maxPages ?? this.maxPages,
        logger: this.logger,
        what: `${pageId}/${options.edge ?? 'feed'}`,
      },
    )
  }

  // --- comments

  /** Comments on a post (or replies to a comment), across all pages of the answer. */
  listComments(
    objectId: string,
    token: string,
    options: ListCommentsOptions = {},
  ): AsyncGenerator<GraphComment, void, undefined> {
    const schema = listOf(Comment)
    return paginate(
      (page) =>
        this.http.call(
          {
            method: 'GET',
            path: `/${objectId}/comments`,
            token,
            params: {
              fields: options.fields ?? COMMENT_FIELDS,
              filter: options.filter ?? 'toplevel',
              order: options.order,
              since: unixSeconds(options.since),
              limit: options.limit ?? 100,
              ...page,
            },
          },
          schema,
        ),
      { maxPages: options.maxPages ?? this.maxPages, logger: this.logger, what: `${objectId}/comments` },
    )
  }

  getComment(commentId: string, token: string, fields = COMMENT_FIELDS): Promise<GraphComment> {
    return this.http.call({ method: 'GET', path: `/${commentId}`, token, params: { fields } }, Comment)
  }

  /** Comments as the page on a post, or replies to a comment. */
  replyToComment(objectId: string, pageToken: string, message: string): Promise<{ id: string }> {
    return this.http.call(
      { method: 'POST', path: `/${objectId}/comments`, token: pageToken, params: { message } },
      IdAnswer,
    )
  }

  async setCommentHidden(commentId: string, pageToken: string, hidden: boolean): Promise<void> {
    await this.success({
      method: 'POST',
      path: `/${commentId}`,
      token: pageToken,
      params: { is_hidden: hidden },
    })
  }

  async deleteComment(commentId: string, pageToken: string): Promise<void> {
    await this.success({ method: 'DELETE', path: `/${commentId}`, token: pageToken })
  }

  // --- webhooks

  /** Installs the app on the page so that its feed changes reach the app's webhook. */
  async subscribeApp(pageId: string, pageToken: string, fields: string[] = ['feed']): Promise<void> {
    await this.success({
      method: 'POST',
      path: `/${pageId}/subscribed_apps`,
      token: pageToken,
      pageId,
      params: { subscribed_fields: fields.join(',') },
    })
  }

  async listSubscribedApps(pageId: string, pageToken: string): Promise<z.output<typeof SubscribedApp>[]> {
    const answer = await this.http.call(
      { method: 'GET', path: `/${pageId}/subscribed_apps`, token: pageToken, pageId },
      z.object({ data: z.array(SubscribedApp) }),
    )
    return answer.data
  }

  /** The app-level webhook subscriptions (GET /{app-id}/subscriptions, app token). */
  async listAppSubscriptions(): Promise<AppSubscription[]> {
    const answer = await this.http.call(
      { method: 'GET', path: `/${this.config.appId}/subscriptions`, token: this.appToken },
      z.object({ data: z.array(AppSubscription) }),
    )
    return answer.data
  }

  /**
   * Subscribes the app to page webhooks (POST /{app-id}/subscriptions object=page): Meta then calls
   * callbackUrl with hub.mode=subscribe and the verify token before it answers. Needed once per app,
   * besides installing the app on every page (subscribeApp).
   */
  async subscribeAppToPageWebhooks(input: {
    callbackUrl: string
    verifyToken: string
    fields?: string[]
  }): Promise<void> {
    await this.success({
      method: 'POST',
      path: `/${this.config.appId}/subscriptions`,
      token: this.appToken,
      params: {
        object: 'page',
        callback_url: input.callbackUrl,
        verify_token: input.verifyToken,
        fields: (input.fields ?? ['feed']).join(','),
        include_values: true,
      },
    })
  }

  private async success(call: GraphCall): Promise<void> {
    const answer = await this.http.call(call, SuccessAnswer)
    if (answer.success !== true && answer.success !== 'true') {
      throw new GraphError({ kind: 'unknown', message: `Graph did not confirm ${call.method} ${call.path}` })
    }
  }
}

function publication(input: { scheduledPublishTime?: Date; published?: boolean }): Params {
  if (input.scheduledPublishTime) {
    return { published: false, scheduled_publish_time: unixSeconds(input.scheduledPublishTime) }
  }
  return input.published === undefined ? {} : { published: input.published }
}

export function createGraphClient(config: GraphClientConfig): GraphClient {
  return new GraphClient(config)
}
