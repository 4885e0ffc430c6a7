// In-memory state of the sandbox: maps keyed by id, a clock that tests can move, and mutations
// that keep the per-page and per-post indexes in order (so hot paths never scan).
import type {
  AppSubscription,
  AuthCode,
  SandboxComment,
  SandboxPage,
  SandboxPost,
  SandboxUser,
  StateSnapshot,
  TokenRecord,
} from './model.js'

export interface NewPost {
  pageId: string
  message?: string
  link?: string
  photoUrl?: string
  published: boolean
  scheduledPublishTime?: number
  appId?: string
  createdTime?: number
}

export interface NewComment {
  /** a post id or a comment id (then it is a reply) */
  onId: string
  from: { id: string; name: string }
  authorKind: 'page' | 'user'
  userId?: string
  message: string
  createdTime?: number
}

export class SandboxState {
  users = new Map<string, SandboxUser>()
  usersByPsid = new Map<string, SandboxUser>()
  pages = new Map<string, SandboxPage>()
  posts = new Map<string, SandboxPost>()
  comments = new Map<string, SandboxComment>()
  tokens = new Map<string, TokenRecord>()
  tokensByUser = new Map<string, Set<string>>()
  tokensByPage = new Map<string, Set<string>>()
  codes = new Map<string, AuthCode>()
  /** photo id → post id */
  photos = new Map<string, string>()
  subscription: AppSubscription | undefined
  counter = 122_000_000_000_000
  clockOffsetMs = 0
  private listeners: (() => void)[] = []

  now(): number {
    return Date.now() + this.clockOffsetMs
  }

  nowSec(): number {
    return Math.floor(this.now() / 1000)
  }

  nextNumber(): number {
    this.counter += 1
    return this.counter
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener)
  }

  markDirty(): void {
    for (const listener of this.listeners) listener()
  }

  clear(): void {
    this.users.clear()
    this.usersByPsid.clear()
    this.pages.clear()
    this.posts.clear()
    this.comments.clear()
    this.tokens.clear()
    this.tokensByUser.clear()
    this.tokensByPage.clear()
    this.codes.clear()
    this.photos.clear()
    this.subscription = undefined
    this.counter = 122_000_000_000_000
    this.clockOffsetMs = 0
    this.markDirty()
  }

  addUser(user: SandboxUser): SandboxUser {
    this.users.set(user.id, user)
    this.usersByPsid.set(user.psid, user)
    this.markDirty()
    return user
  }

  addPage(page: SandboxPage): SandboxPage {
    this.pages.set(page.id, page)
    this.markDirty()
    return page
  }

  isLive(post: SandboxPost, nowSec = this.nowSec()): boolean {
    if (post.deleted) return false
    if (post.published) return true
    return post.scheduledPublishTime !== undefined && post.scheduledPublishTime <= nowSec
  }

  /** When the post became (or becomes) visible: the scheduled time for scheduled posts. */
  visibleTime(post: SandboxPost): number {
    return !post.published && post.scheduledPublishTime !== undefined
      ? post.scheduledPublishTime
      : post.createdTime
  }

  addPost(input: NewPost): SandboxPost {
    const page = this.pages.get(input.pageId)
    if (!page) throw new Error(`unknown page ${input.pageId}`)
    const seq = this.nextNumber()
    const createdTime = input.createdTime ?? this.nowSec()
    const post: SandboxPost = {
      id: `${page.id}_${seq}`,
      seq,
      pageId: page.id,
      message: input.message,
      link: input.link,
      photoUrl: input.photoUrl,
      createdTime,
      updatedTime: createdTime,
      published: input.published,
      scheduledPublishTime: input.scheduledPublishTime,
      appId: input.appId,
      deleted: false,
      commentIds: [],
      streamIds: [],
    }
    if (input.photoUrl) {
      post.photoId = String(this.nextNumber())
      this.photos.set(post.photoId, post.id)
    }
    this.posts.set(post.id, post)
    page.postIds.push(post.id)
    this.markDirty()
    return post
  }

  /** Resolves a post id or a photo id to the post. */
  findPost(id: string): SandboxPost | undefined {
    const post = this.posts.get(id)
    if (post) return post
    const viaPhoto = this.photos.get(id)
    return viaPhoto ? this.posts.get(viaPhoto) : undefined
  }

  addComment(input: NewComment): SandboxComment {
    const parent = this.comments.get(input.onId)
    const post = parent ? this.posts.get(parent.postId) : this.findPost(input.onId)
    if (!post) throw new Error(`unknown object ${input.onId}`)
    // Facebook threads are one level deep: a reply to a reply joins the top-level comment's thread.
    const thread = parent?.parentId ? this.comments.get(parent.parentId) : parent
    const seq = this.nextNumber()
    const postNumber = post.id.slice(post.id.indexOf('_') + 1)
    const comment: SandboxComment = {
      id: `${postNumber}_${seq}`,
      seq,
      postId: post.id,
      parentId: thread?.id,
      from: input.from,
      authorKind: input.authorKind,
      userId: input.userId,
      message: input.message,
      createdTime: input.createdTime ?? this.nowSec(),
      isHidden: false,
      deleted: false,
      replyIds: [],
    }
    this.comments.set(comment.id, comment)
    post.streamIds.push(comment.id)
    if (thread) thread.replyIds.push(comment.id)
    else post.commentIds.push(comment.id)
    this.markDirty()
    return comment
  }

  addToken(record: TokenRecord): TokenRecord {
    this.tokens.set(record.token, record)
    if (record.userId) indexInto(this.tokensByUser, record.userId, record.token)
    if (record.pageId) indexInto(this.tokensByPage, record.pageId, record.token)
    this.markDirty()
    return record
  }

  snapshot(): StateSnapshot {
    return {
      counter: this.counter,
      clockOffsetMs: this.clockOffsetMs,
      users: [...this.users.values()],
      pages: [...this.pages.values()],
      posts: [...this.posts.values()],
      comments: [...this.comments.values()],
      tokens: [...this.tokens.values()],
      codes: [...this.codes.values()],
      photos: [...this.photos.entries()],
      subscription: this.subscription,
    }
  }

  restore(snapshot: StateSnapshot): void {
    this.clear()
    this.counter = snapshot.counter
    this.clockOffsetMs = snapshot.clockOffsetMs
    for (const user of snapshot.users) this.addUser(user)
    for (const page of snapshot.pages) this.pages.set(page.id, page)
    for (const post of snapshot.posts) this.posts.set(post.id, post)
    for (const comment of snapshot.comments) this.comments.set(comment.id, comment)
    for (const token of snapshot.tokens) this.addToken(token)
    for (const code of snapshot.codes) this.codes.set(code.code, code)
    for (const [photoId, postId] of snapshot.photos) this.photos.set(photoId, postId)
    this.subscription = snapshot.subscription
  }
}

function indexInto(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key)
  if (!set) {
    set = new Set()
    index.set(key, set)
  }
  set.add(value)
}
