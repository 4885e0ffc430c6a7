// Page and post nodes: page fields, feed / published_posts / scheduled_posts, publishing
// (feed, photos, scheduling window), reading, editing and deleting posts.
import { GraphApiError, invalidParameter, permissionError } from '../errors.js'
import type { GraphContext, GraphRouter, Target } from '../graph-router.js'
import { pagedAnswer } from '../listing.js'
import type { SandboxPost } from '../model.js'
import { parseBoolean, parseTime } from '../params.js'
import { DELETE_POST, PUBLISH, READ_PAGE, requirePageAccess, requireToken } from '../permissions.js'
import { assertFields, serializePage, serializePost } from '../serialize.js'

type PageTarget = Extract<Target, { kind: 'page' }>
type PostTarget = Extract<Target, { kind: 'post' }>

const MIN_SCHEDULE_SECONDS = 10 * 60
const MAX_SCHEDULE_SECONDS = 30 * 24 * 3600
const MAX_MESSAGE_LENGTH = 63206

function getPage(ctx: GraphContext, target: PageTarget) {
  requireToken(ctx.token)
  return serializePage(target.page, ctx.serialize, ctx.params.fields)
}

function listPosts(which: 'live' | 'scheduled') {
  return (ctx: GraphContext, target: PageTarget) => {
    requirePageAccess(ctx.runtime.state, ctx.token, target.id, {
      ...READ_PAGE,
      pageTokenOnly: which === 'scheduled',
    })
    assertFields('Post', ctx.params.fields)
    const { state } = ctx.runtime
    const now = state.nowSec()
    const since = parseTime(ctx.params, 'since')
    const until = parseTime(ctx.params, 'until')
    const include = (id: string) => {
      const post = state.posts.get(id) as SandboxPost
      if (which === 'scheduled') {
        if (post.deleted || post.published || (post.scheduledPublishTime ?? 0) <= now) return false
      } else if (!state.isLive(post, now)) return false
      const time = state.visibleTime(post)
      return (since === undefined || time >= since) && (until === undefined || time <= until)
    }
    return pagedAnswer(
      ctx,
      { ids: target.page.postIds, seqOf: (id) => state.posts.get(id)?.seq ?? 0, include, reverse: true },
      (id) => serializePost(state.posts.get(id) as SandboxPost, ctx.serialize, ctx.params.fields),
    )
  }
}

function checkMessage(message: string | undefined): void {
  if (message !== undefined && message.length > MAX_MESSAGE_LENGTH) {
    throw invalidParameter(`Param message must be at most ${MAX_MESSAGE_LENGTH} characters long`)
  }
}

function checkUrl(name: string, value: string | undefined): void {
  if (value === undefined) return
  try {
    const url = new URL(value)
    if (url.protocol === 'http:' || url.protocol === 'https:') return
  } catch {}
  throw invalidParameter(`Param ${name} must be a valid URL`)
}

/** published / scheduled_publish_time as Graph reads them, with its 10 minutes – 30 days window. */
function publication(ctx: GraphContext): { published: boolean; scheduledPublishTime?: number } {
  const published = parseBoolean(ctx.params, 'published', true)
  const scheduledPublishTime = parseTime(ctx.params, 'scheduled_publish_time')
  if (scheduledPublishTime === undefined) return { published }
  if (published) {
    throw invalidParameter(
      'Cannot specify a scheduled_publish_time for a published post; set published=false',
    )
  }
  const delta = scheduledPublishTime - ctx.runtime.state.nowSec()
  if (delta < MIN_SCHEDULE_SECONDS || delta > MAX_SCHEDULE_SECONDS) {
    throw invalidParameter('The specified scheduled publish time is invalid.', {
      title: 'Invalid Scheduled Publish Time',
      msg: 'The publish date must be between 10 minutes and 30 days from the time of the API request.',
    })
  }
  return { published: false, scheduledPublishTime }
}

function publishToFeed(ctx: GraphContext, target: PageTarget) {
  const token = requirePageAccess(ctx.runtime.state, ctx.token, target.id, PUBLISH)
  const { message, link } = ctx.params
  if (!message && !link) throw invalidParameter('Missing message or attachment')
  checkMessage(message)
  checkUrl('link', link)
  const post = ctx.runtime.state.addPost({
    pageId: target.id,
    message: message || undefined,
    link: link || undefined,
    appId: token.appId,
    ...publication(ctx),
  })
  return { id: post.id }
}

function publishPhoto(ctx: GraphContext, target: PageTarget) {
  const token = requirePageAccess(ctx.runtime.state, ctx.token, target.id, PUBLISH)
  const { url } = ctx.params
  const message = ctx.params.caption ?? ctx.params.message
  if (!url) {
    throw new GraphApiError(400, {
      message: '(#324) Requires upload file (the sandbox supports url only, not source uploads)',
      type: 'OAuthException',
      code: 324,
    })
  }
  checkUrl('url', url)
  checkMessage(message)
  const post = ctx.runtime.state.addPost({
    pageId: target.id,
    message: message || undefined,
    photoUrl: url,
    appId: token.appId,
    ...publication(ctx),
  })
  return { id: post.photoId, post_id: post.id }
}

function getPost(ctx: GraphContext, target: PostTarget) {
  requirePageAccess(ctx.runtime.state, ctx.token, target.post.pageId, READ_PAGE)
  return serializePost(target.post, ctx.serialize, ctx.params.fields)
}

function editPost(ctx: GraphContext, target: PostTarget) {
  const token = requirePageAccess(ctx.runtime.state, ctx.token, target.post.pageId, PUBLISH)
  const { post } = target
  if (post.appId !== token.appId) {
    throw permissionError('This post was not created by this application; an app can only edit posts it made')
  }
  const { message } = ctx.params
  const isPublished =
    ctx.params.is_published === undefined ? undefined : parseBoolean(ctx.params, 'is_published', true)
  if (message === undefined && isPublished === undefined)
    throw invalidParameter('Nothing to update: send message')
  checkMessage(message)
  if (message !== undefined) post.message = message
  if (isPublished && !post.published) {
    post.published = true
    post.createdTime = ctx.runtime.state.nowSec()
    post.scheduledPublishTime = undefined
  }
  post.updatedTime = ctx.runtime.state.nowSec()
  ctx.runtime.state.markDirty()
  return { success: true }
}

function deletePost(ctx: GraphContext, target: PostTarget) {
  requirePageAccess(ctx.runtime.state, ctx.token, target.post.pageId, DELETE_POST)
  target.post.deleted = true
  ctx.runtime.state.markDirty()
  return { success: true }
}

export function registerPageRoutes(router: GraphRouter): void {
  router.on('GET', 'page', '', getPage)
  router.on('GET', 'page', 'feed', listPosts('live'))
  router.on('GET', 'page', 'posts', listPosts('live'))
  router.on('GET', 'page', 'published_posts', listPosts('live'))
  router.on('GET', 'page', 'scheduled_posts', listPosts('scheduled'))
  router.on('POST', 'page', 'feed', publishToFeed)
  router.on('POST', 'page', 'photos', publishPhoto)
  router.on('GET', 'post', '', getPost)
  router.on('POST', 'post', '', editPost)
  router.on('DELETE', 'post', '', deletePost)
}
