// The control API under /__sandbox/: drive the sandbox from demos and tests (users, pages, fan
// comments, token expiry, failure injection, usage, webhooks, clock, reset). Not part of Graph.
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { FailureRuleInput } from '../failures.js'
import { ALL_TASKS, type SandboxComment, type SandboxUser } from '../model.js'
import type { SandboxRuntime } from '../runtime.js'
import { graphTime } from '../serialize.js'
import { invalidateTokens, mintUserToken, pageTokenFor } from '../tokens.js'
import { emitCommentChange } from '../webhooks/feed-events.js'
import { verifyCallback } from './webhooks.js'

export const DEFAULT_SCOPES = [
  'public_profile',
  'email',
  'pages_show_list',
  'pages_read_engagement',
  'pages_read_user_content',
  'pages_manage_posts',
  'pages_manage_engagement',
  'pages_manage_metadata',
]

const Task = z.enum(ALL_TASKS)
const Time = z.union([z.number().int(), z.iso.datetime({ offset: true })])
const toSeconds = (time: z.infer<typeof Time> | undefined) =>
  time === undefined ? undefined : typeof time === 'number' ? time : Math.floor(Date.parse(time) / 1000)

const NewUser = z.object({
  name: z.string().min(1),
  id: z.string().regex(/^\d+$/).optional(),
  psid: z.string().regex(/^\d+$/).optional(),
  email: z.email().optional(),
  kind: z.enum(['team', 'fan']).default('fan'),
  roles: z.record(z.string(), z.array(Task)).default({}),
})

const NewPage = z.object({
  name: z.string().min(1),
  id: z.string().regex(/^\d+$/).optional(),
  category: z.string().default('Shopping & Retail'),
  fanCount: z.number().int().min(0).default(0),
  about: z.string().optional(),
  /** install the app with subscribed_fields=feed right away */
  appInstalled: z.boolean().default(false),
  roles: z.record(z.string(), z.array(Task)).default({}),
})

const NewPost = z.object({
  message: z.string().min(1),
  link: z.url().optional(),
  createdTime: Time.optional(),
  /** pretend the post was made through the app (so it may be edited via Graph) */
  byApp: z.boolean().default(false),
})

const FanComment = z.object({
  /** post id, photo id or comment id (then it is a reply) */
  on: z.string().min(1),
  /** ASID or PSID of a sandbox user */
  from: z.string().min(1),
  message: z.string().min(1),
  createdTime: Time.optional(),
})

const TokenSelector = z
  .object({
    token: z.string().optional(),
    userId: z.string().optional(),
    pageId: z.string().optional(),
    subcode: z.number().int().optional(),
    message: z.string().optional(),
  })
  .refine((value) => value.token || value.userId || value.pageId, 'give token, userId or pageId')

const MintToken = z.object({
  userId: z.string(),
  scopes: z.array(z.string()).default(DEFAULT_SCOPES),
  longLived: z.boolean().default(false),
  pageId: z.string().optional(),
})

const UsageInput = z.object({
  pageId: z.string().optional(),
  callCount: z.number().int().min(0).max(1000),
  estimatedMinutes: z.number().int().min(0).default(0),
})

const WebhookInput = z.object({
  callbackUrl: z.url(),
  verifyToken: z.string().min(1),
  fields: z.array(z.string()).default(['feed']),
  /** do Meta's verification GET first */
  verify: z.boolean().default(false),
})

const WebhookFailures = z.object({
  /** lose the next N deliveries for good */
  drop: z.number().int().min(0).default(0),
  /** fail the next N attempts (they are retried) */
  fail: z.number().int().min(0).default(0),
})

const Paging = z.object({
  /** edges answered with time-based paging (next/previous with until/since and __paging_token, no cursors) */
  timeBased: z
    .array(z.enum(['comments', 'feed', 'posts', 'published_posts', 'scheduled_posts', 'accounts']))
    .default([]),
  /** the next N list answers that have a next page answer an empty page with next first */
  emptyPages: z.number().int().min(0).max(1000).default(0),
})

const Clock = z.object({ advanceMs: z.number().int().optional(), offsetMs: z.number().int().optional() })

export class ControlError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
  }
}

function digits(length: number): string {
  let out = String(1 + ((randomBytes(1)[0] as number) % 9))
  for (const byte of randomBytes(length - 1)) out += String(byte % 10)
  return out
}

function findUser(runtime: SandboxRuntime, id: string): SandboxUser {
  const user = runtime.state.users.get(id) ?? runtime.state.usersByPsid.get(id)
  if (!user) throw new ControlError(404, `no sandbox user ${id}`)
  return user
}

function describeComment(runtime: SandboxRuntime, comment: SandboxComment) {
  return {
    ...comment,
    pageId: runtime.state.posts.get(comment.postId)?.pageId,
    createdTimeIso: graphTime(comment.createdTime),
  }
}

export function registerControlRoutes(app: FastifyInstance, runtime: SandboxRuntime): void {
  const { state } = runtime
  const base = '/__sandbox'

  app.get(base, async () => ({
    appId: runtime.app.appId,
    pages: state.pages.size,
    users: state.users.size,
    posts: state.posts.size,
    comments: state.comments.size,
    tokens: state.tokens.size,
    clock: new Date(state.now()).toISOString(),
    subscription: state.subscription ?? null,
  }))

  app.post(`${base}/reset`, async () => {
    runtime.reset()
    return { ok: true }
  })

  app.get(`${base}/users`, async () => ({ data: [...state.users.values()] }))
  app.post(`${base}/users`, async (request, reply) => {
    const input = NewUser.parse(request.body)
    const id = input.id ?? digits(15)
    if (state.users.has(id)) throw new ControlError(409, `user ${id} exists`)
    const user = state.addUser({
      id,
      psid: input.psid ?? digits(16),
      name: input.name,
      email: input.email,
      kind: input.kind,
      roles: input.roles,
    })
    return reply.code(201).send(user)
  })

  app.get(`${base}/pages`, async () => ({
    data: [...state.pages.values()].map(({ postIds, ...page }) => ({ ...page, posts: postIds.length })),
  }))
  app.post(`${base}/pages`, async (request, reply) => {
    const input = NewPage.parse(request.body)
    const id = input.id ?? digits(15)
    if (state.pages.has(id)) throw new ControlError(409, `page ${id} exists`)
    const page = state.addPage({
      id,
      name: input.name,
      category: input.category,
      categoryId: '200600219953504',
      fanCount: input.fanCount,
      about: input.about,
      installedApps: input.appInstalled ? { [runtime.app.appId]: ['feed'] } : {},
      postIds: [],
    })
    for (const [userId, tasks] of Object.entries(input.roles)) findUser(runtime, userId).roles[id] = tasks
    const { postIds: _postIds, ...out } = page
    return reply.code(201).send(out)
  })
  app.put<{ Params: { pageId: string; userId: string } }>(
    `${base}/pages/:pageId/roles/:userId`,
    async (request) => {
      const { tasks } = z.object({ tasks: z.array(Task) }).parse(request.body)
      if (!state.pages.has(request.params.pageId)) throw new ControlError(404, 'no such page')
      const user = findUser(runtime, request.params.userId)
      if (tasks.length === 0) delete user.roles[request.params.pageId]
      else user.roles[request.params.pageId] = tasks
      state.markDirty()
      return user
    },
  )

  app.post<{ Params: { pageId: string } }>(`${base}/pages/:pageId/posts`, async (request, reply) => {
    const input = NewPost.parse(request.body)
    if (!state.pages.has(request.params.pageId)) throw new ControlError(404, 'no such page')
    const post = state.addPost({
      pageId: request.params.pageId,
      message: input.message,
      link: input.link,
      published: true,
      createdTime: toSeconds(input.createdTime),
      appId: input.byApp ? runtime.app.appId : undefined,
    })
    return reply.code(201).send(post)
  })
  app.get<{ Params: { pageId: string } }>(`${base}/pages/:pageId/posts`, async (request) => {
    const page = state.pages.get(request.params.pageId)
    if (!page) throw new ControlError(404, 'no such page')
    return {
      data: page.postIds.map((id) => {
        const post = state.posts.get(id)
        if (!post) return { id }
        const { commentIds, streamIds, ...rest } = post
        return {
          ...rest,
          isLive: state.isLive(post),
          comments: streamIds.length,
          createdTimeIso: graphTime(state.visibleTime(post)),
        }
      }),
    }
  })
  app.get<{ Params: { pageId: string } }>(`${base}/pages/:pageId/comments`, async (request) => {
    const page = state.pages.get(request.params.pageId)
    if (!page) throw new ControlError(404, 'no such page')
    const data = page.postIds.flatMap((postId) =>
      (state.posts.get(postId)?.streamIds ?? []).map((id) =>
        describeComment(runtime, state.comments.get(id) as SandboxComment),
      ),
    )
    return { data }
  })

  app.post(`${base}/comments`, async (request, reply) => {
    const input = FanComment.parse(request.body)
    const user = findUser(runtime, input.from)
    if (!state.findPost(input.on) && !state.comments.has(input.on))
      throw new ControlError(404, `no post or comment ${input.on}`)
    const comment = state.addComment({
      onId: input.on,
      from: { id: user.psid, name: user.name },
      authorKind: 'user',
      userId: user.id,
      message: input.message,
      createdTime: toSeconds(input.createdTime),
    })
    emitCommentChange(runtime, comment, 'add')
    return reply.code(201).send(describeComment(runtime, comment))
  })
  app.post<{ Params: { commentId: string } }>(`${base}/comments/:commentId/edit`, async (request) => {
    const { message } = z.object({ message: z.string().min(1) }).parse(request.body)
    const comment = state.comments.get(request.params.commentId)
    if (!comment || comment.deleted) throw new ControlError(404, 'no such comment')
    comment.message = message
    state.markDirty()
    emitCommentChange(runtime, comment, 'edited')
    return describeComment(runtime, comment)
  })
  app.delete<{ Params: { commentId: string } }>(`${base}/comments/:commentId`, async (request) => {
    const comment = state.comments.get(request.params.commentId)
    if (!comment || comment.deleted) throw new ControlError(404, 'no such comment')
    comment.deleted = true
    state.markDirty()
    emitCommentChange(runtime, comment, 'remove')
    return describeComment(runtime, comment)
  })

  app.get<{ Querystring: { userId?: string; pageId?: string } }>(`${base}/tokens`, async (request) => {
    const { userId, pageId } = request.query
    return {
      data: [...state.tokens.values()].filter(
        (token) => (!userId || token.userId === userId) && (!pageId || token.pageId === pageId),
      ),
    }
  })
  app.post(`${base}/tokens`, async (request, reply) => {
    const input = MintToken.parse(request.body)
    const user = findUser(runtime, input.userId)
    const userToken = mintUserToken(state, runtime.app, user.id, input.scopes, input.longLived)
    if (!input.pageId) return reply.code(201).send(userToken)
    if (!user.roles[input.pageId]?.length)
      throw new ControlError(400, `user ${user.id} has no role on ${input.pageId}`)
    return reply.code(201).send(pageTokenFor(state, userToken, input.pageId))
  })
  const selectTokens = (input: z.infer<typeof TokenSelector>) => {
    if (input.token) return [input.token]
    if (input.userId) return [...(state.tokensByUser.get(findUser(runtime, input.userId).id) ?? [])]
    return [...(state.tokensByPage.get(input.pageId as string) ?? [])]
  }
  app.post(`${base}/tokens/invalidate`, async (request) => {
    const input = TokenSelector.parse(request.body)
    return { invalidated: invalidateTokens(state, selectTokens(input), input.subcode ?? 467, input.message) }
  })
  app.post(`${base}/tokens/expire`, async (request) => {
    const input = TokenSelector.parse(request.body)
    return { expired: invalidateTokens(state, selectTokens(input), 463) }
  })

  app.get(`${base}/failures`, async () => ({ data: runtime.failures.list() }))
  app.post(`${base}/failures`, async (request, reply) => {
    const rule = runtime.failures.add(FailureRuleInput.parse(request.body))
    const { pattern: _pattern, ...out } = rule
    return reply.code(201).send(out)
  })
  app.delete(`${base}/failures`, async () => {
    runtime.failures.clear()
    return { ok: true }
  })

  app.post(`${base}/usage`, async (request) => {
    const input = UsageInput.parse(request.body)
    const override = { callCount: input.callCount, estimatedMinutes: input.estimatedMinutes }
    if (input.pageId) runtime.usage.pageOverrides.set(input.pageId, override)
    else runtime.usage.appOverride = override
    return { ok: true }
  })
  app.delete(`${base}/usage`, async () => {
    runtime.usage.appOverride = undefined
    runtime.usage.pageOverrides.clear()
    return { ok: true }
  })

  app.get(`${base}/webhook`, async () => ({ subscription: state.subscription ?? null }))
  app.put(`${base}/webhook`, async (request) => {
    const input = WebhookInput.parse(request.body)
    if (input.verify) {
      const problem = await verifyCallback(input.callbackUrl, input.verifyToken)
      if (problem) throw new ControlError(400, `callback verification failed: ${problem}`)
    }
    state.subscription = {
      object: 'page',
      callbackUrl: input.callbackUrl,
      verifyToken: input.verifyToken,
      fields: input.fields,
      active: true,
    }
    state.markDirty()
    return { subscription: state.subscription }
  })
  app.delete(`${base}/webhook`, async () => {
    state.subscription = undefined
    state.markDirty()
    return { ok: true }
  })
  app.post(`${base}/webhook/failures`, async (request) => {
    const input = WebhookFailures.parse(request.body)
    runtime.webhooks.dropNext = input.drop
    runtime.webhooks.failNext = input.fail
    return { drop: input.drop, fail: input.fail }
  })
  app.get(`${base}/webhook/deliveries`, async () => ({ data: runtime.webhooks.deliveries() }))
  app.delete(`${base}/webhook/deliveries`, async () => {
    runtime.webhooks.clearLog()
    return { ok: true }
  })
  app.post(`${base}/webhook/flush`, async () => {
    await runtime.webhooks.idle()
    await runtime.webhooks.retryNow()
    return { data: runtime.webhooks.deliveries() }
  })

  app.get(`${base}/clock`, async () => ({
    now: new Date(state.now()).toISOString(),
    offsetMs: state.clockOffsetMs,
  }))
  app.get(`${base}/paging`, async () => runtime.listing)
  app.post(`${base}/paging`, async (request) => {
    runtime.listing = Paging.parse(request.body ?? {})
    return runtime.listing
  })

  app.post(`${base}/clock`, async (request) => {
    const input = Clock.parse(request.body)
    if (input.offsetMs !== undefined) state.clockOffsetMs = input.offsetMs
    if (input.advanceMs !== undefined) state.clockOffsetMs += input.advanceMs
    state.markDirty()
    return { now: new Date(state.now()).toISOString(), offsetMs: state.clockOffsetMs }
  })
}
