// Turns sandbox records into Graph JSON, honouring the `fields` parameter like Graph does:
// default fields when none are asked, (#100) for a field the node type does not have.
import { deprecatedPostField, nonexistingField } from './errors.js'
import type { SandboxComment, SandboxPage, SandboxPost, SandboxUser, TokenRecord } from './model.js'
import { type FieldRequest, parseFields, wantsSummary } from './params.js'
import type { SandboxState } from './state.js'
import { type AppCredentials, pageTokenFor } from './tokens.js'

export interface SerializeContext {
  state: SandboxState
  app: AppCredentials
  token?: TokenRecord
}

type FieldTable<T> = Record<string, (record: T, ctx: SerializeContext, field: FieldRequest) => unknown>

export function graphTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, '+0000')
}

function select<T>(
  nodeType: string,
  table: FieldTable<T>,
  defaults: string[],
  record: T,
  ctx: SerializeContext,
  rawFields: string | undefined,
): Record<string, unknown> {
  const fields = parseFields(rawFields) ?? defaults.map((name) => ({ name, modifiers: '' }))
  const out: Record<string, unknown> = {}
  for (const field of fields) {
    const getter = table[field.name]
    if (!getter) throw nonexistingField(field.name, nodeType)
    const value = getter(record, ctx, field)
    if (value !== undefined) out[field.name] = value
  }
  if (!('id' in out) && table.id) out.id = table.id(record, ctx, { name: 'id', modifiers: '' })
  return out
}

const absent = () => undefined
const deprecated = (): never => {
  throw deprecatedPostField()
}

const pageFields: FieldTable<SandboxPage> = {
  id: (page) => page.id,
  name: (page) => page.name,
  category: (page) => page.category,
  category_list: (page) => [{ id: page.categoryId, name: page.category }],
  fan_count: (page) => page.fanCount,
  followers_count: (page) => page.fanCount,
  about: (page) => page.about,
  link: (page) => `https://www.facebook.com/${page.id}`,
  username: absent,
  website: absent,
  description: absent,
  is_published: () => true,
  verification_status: () => 'not_verified',
  picture: (page) => ({
    data: {
      height: 50,
      width: 50,
      is_silhouette: false,
      url: `https://graph.facebook.com/${page.id}/picture`,
    },
  }),
  cover: absent,
  emails: absent,
  phone: absent,
  location: absent,
  single_line_address: absent,
  talking_about_count: () => 0,
  were_here_count: () => 0,
  new_like_count: () => 0,
  rating_count: () => 0,
  overall_star_rating: absent,
  has_added_app: (page, ctx) => Boolean(page.installedApps[ctx.app.appId]),
  is_webhooks_subscribed: (page, ctx) => Boolean(page.installedApps[ctx.app.appId]),
  tasks: (page, ctx) => tasksOf(ctx, page.id),
  access_token: (page, ctx) => {
    if (ctx.token?.type === 'PAGE' && ctx.token.pageId === page.id) return ctx.token.token
    if (ctx.token?.type !== 'USER' || !tasksOf(ctx, page.id)) return undefined
    return pageTokenFor(ctx.state, ctx.token, page.id).token
  },
}

function tasksOf(ctx: SerializeContext, pageId: string): string[] | undefined {
  const userId = ctx.token?.userId
  const tasks = userId ? ctx.state.users.get(userId)?.roles[pageId] : undefined
  return tasks && tasks.length > 0 ? [...tasks] : undefined
}

export function serializePage(page: SandboxPage, ctx: SerializeContext, fields?: string) {
  return select('Page', pageFields, ['name', 'id'], page, ctx, fields)
}

/** One entry of /me/accounts. */
export function serializeAccount(page: SandboxPage, ctx: SerializeContext, fields?: string) {
  return select(
    'Page',
    pageFields,
    ['access_token', 'category', 'category_list', 'name', 'id', 'tasks'],
    page,
    ctx,
    fields,
  )
}

function postPermalink(post: SandboxPost): string {
  return `https://www.facebook.com/${post.pageId}/posts/${post.id.slice(post.id.indexOf('_') + 1)}`
}

/** attachments{…} as since v3.3: url is Facebook's l.facebook.com shim, unshimmed_url the real target. */
function attachmentsOf(post: SandboxPost) {
  if (post.photoUrl) {
    return {
      data: [
        {
          media: { image: { height: 720, src: post.photoUrl, width: 720 } },
          target: { id: post.photoId, url: `https://www.facebook.com/photo.php?fbid=${post.photoId}` },
          type: 'photo',
          media_type: 'photo',
          url: `https://www.facebook.com/photo.php?fbid=${post.photoId}`,
        },
      ],
    }
  }
  if (post.link) {
    const shim = `https://l.facebook.com/l.php?u=${encodeURIComponent(post.link)}&h=AT0sandbox`
    return {
      data: [
        {
          media_type: 'link',
          target: { url: shim },
          title: post.link.replace(/^https?:\/\//, ''),
          type: 'share',
          unshimmed_url: post.link,
          url: shim,
        },
      ],
    }
  }
  return undefined
}

/** `{url,unshimmed_url}` after a list field keeps only those keys of each item, like Graph. */
function pickSubfields(list: { data: Record<string, unknown>[] } | undefined, modifiers: string) {
  const match = /\{([^}]*)\}/.exec(modifiers)
  if (!list || !match) return list
  const keys = (match[1] ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean)
  return {
    data: list.data.map((item) =>
      Object.fromEntries(keys.filter((key) => key in item).map((key) => [key, item[key]])),
    ),
  }
}

function liveComments(ctx: SerializeContext, ids: string[]): number {
  let count = 0
  for (const id of ids) if (!ctx.state.comments.get(id)?.deleted) count += 1
  return count
}

const postFields: FieldTable<SandboxPost> = {
  id: (post) => post.id,
  message: (post) => post.message,
  created_time: (post, ctx) => graphTime(ctx.state.visibleTime(post)),
  updated_time: (post) => graphTime(post.updatedTime),
  // Refused since v3.3 with (#12), like Graph: read attachments instead.
  link: deprecated,
  permalink_url: (post) => postPermalink(post),
  is_published: (post, ctx) => ctx.state.isLive(post),
  scheduled_publish_time: (post) => post.scheduledPublishTime,
  from: (post, ctx) => ({ name: ctx.state.pages.get(post.pageId)?.name, id: post.pageId }),
  full_picture: (post) => post.photoUrl,
  picture: (post) => post.photoUrl,
  object_id: deprecated,
  status_type: (post) =>
    post.photoUrl ? 'added_photos' : post.link ? 'shared_story' : 'mobile_status_update',
  type: deprecated,
  story: absent,
  is_hidden: () => false,
  is_expired: () => false,
  privacy: () => ({ value: 'EVERYONE', description: 'Public' }),
  application: (post, ctx) => (post.appId ? { id: post.appId, name: appName(ctx) } : undefined),
  attachments: (post, _ctx, field) => pickSubfields(attachmentsOf(post), field.modifiers),
  message_tags: absent,
  shares: absent,
  comments: (post, ctx, field) => {
    const summary = wantsSummary(field.modifiers)
    const ids = post.commentIds
    return {
      data: [],
      ...(summary
        ? { summary: { order: 'chronological', total_count: liveComments(ctx, ids), can_comment: true } }
        : {}),
    }
  },
  likes: (_post, _ctx, field) => ({
    data: [],
    ...(wantsSummary(field.modifiers)
      ? { summary: { total_count: 0, can_like: true, has_liked: false } }
      : {}),
  }),
  reactions: (_post, _ctx, field) => ({
    data: [],
    ...(wantsSummary(field.modifiers) ? { summary: { total_count: 0, viewer_reaction: 'NONE' } } : {}),
  }),
}

function appName(_ctx: SerializeContext): string {
  return 'Fanfare'
}

export function serializePost(post: SandboxPost, ctx: SerializeContext, fields?: string) {
  return select('Post', postFields, ['created_time', 'message', 'id'], post, ctx, fields)
}

function commentPermalink(comment: SandboxComment, ctx: SerializeContext): string {
  const post = ctx.state.posts.get(comment.postId)
  const base = post ? postPermalink(post) : `https://www.facebook.com/${comment.postId}`
  const own = comment.id.slice(comment.id.indexOf('_') + 1)
  if (!comment.parentId) return `${base}?comment_id=${own}`
  const parent = comment.parentId.slice(comment.parentId.indexOf('_') + 1)
  return `${base}?comment_id=${parent}&reply_comment_id=${own}`
}

function parentOf(comment: SandboxComment, ctx: SerializeContext) {
  if (!comment.parentId) return undefined
  const parent = ctx.state.comments.get(comment.parentId)
  if (!parent) return { id: comment.parentId }
  return {
    created_time: graphTime(parent.createdTime),
    from: parent.from,
    message: parent.message,
    id: parent.id,
  }
}

const commentFields: FieldTable<SandboxComment> = {
  id: (comment) => comment.id,
  message: (comment) => comment.message,
  created_time: (comment) => graphTime(comment.createdTime),
  from: (comment) => comment.from,
  parent: parentOf,
  object: (comment) => ({ id: comment.postId }),
  is_hidden: (comment) => comment.isHidden,
  can_hide: (comment) => comment.authorKind === 'user',
  can_remove: () => true,
  can_comment: (comment) => !comment.parentId,
  can_like: () => true,
  can_reply_privately: (comment) => comment.authorKind === 'user',
  comment_count: (comment, ctx) => liveComments(ctx, comment.replyIds),
  like_count: () => 0,
  user_likes: () => false,
  is_private: () => false,
  permalink_url: commentPermalink,
  attachment: absent,
  message_tags: absent,
  comments: (comment, ctx, field) => ({
    data: [],
    ...(wantsSummary(field.modifiers)
      ? {
          summary: {
            order: 'chronological',
            total_count: liveComments(ctx, comment.replyIds),
            can_comment: !comment.parentId,
          },
        }
      : {}),
  }),
}

export function serializeComment(comment: SandboxComment, ctx: SerializeContext, fields?: string) {
  return select('Comment', commentFields, ['created_time', 'from', 'message', 'id'], comment, ctx, fields)
}

const userFields: FieldTable<SandboxUser> = {
  id: (user) => user.id,
  name: (user) => user.name,
  first_name: (user) => user.name.split(' ')[0],
  last_name: (user) => user.name.split(' ').slice(1).join(' ') || undefined,
  short_name: (user) => user.name.split(' ')[0],
  name_format: () => '{first} {last}',
  email: (user, ctx) => (ctx.token?.scopes.includes('email') ? user.email : undefined),
  picture: (user) => ({
    data: {
      height: 50,
      width: 50,
      is_silhouette: true,
      url: `https://platform-lookaside.fbsbx.com/platform/profilepic/?asid=${user.id}`,
    },
  }),
  link: absent,
  locale: absent,
}

export function serializeUser(user: SandboxUser, ctx: SerializeContext, fields?: string) {
  return select('User', userFields, ['name', 'id'], user, ctx, fields)
}

const DEPRECATED_POST_FIELDS = new Set(['link', 'type', 'object_id'])

const tables = { Page: pageFields, Post: postFields, Comment: commentFields, User: userFields } as const

/** Refuses unknown fields up front, so that an empty list does not hide a typo. */
export function assertFields(nodeType: keyof typeof tables, rawFields: string | undefined): void {
  for (const field of parseFields(rawFields) ?? []) {
    if (nodeType === 'Post' && DEPRECATED_POST_FIELDS.has(field.name)) throw deprecatedPostField()
    if (!(tables[nodeType] as Record<string, unknown>)[field.name])
      throw nonexistingField(field.name, nodeType)
  }
}
