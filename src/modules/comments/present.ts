// Comments, imports and barometer figures as the views and the JSON API show them.
import type { Locale } from '../../i18n/index.js'
import { humanTime } from '../../i18n/time.js'
import type { Comment } from './comment-repository.js'
import type { CommentImport } from './import-repository.js'
import type { Thread } from './inbox.js'
import { CATEGORIES, SENTIMENTS } from './model.js'
import { readableSignals } from './readable-signals.js'
import { fillPlaceholders, firstNameOf, suggestedThanks } from './replies.js'
import type { CommentView, InboxFilter } from './schemas.js'
import type { SavedReply } from './settings-repository.js'

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null)

export function presentComment(c: Comment): CommentView {
  return {
    id: c.facebookCommentId,
    facebookPageId: c.facebookPageId,
    postId: c.postId,
    parentId: c.parentId ?? null,
    from: { id: c.from?.id ?? null, name: c.from?.name ?? null },
    byPage: Boolean(c.byPage),
    message: c.message ?? '',
    createdTime: iso(c.createdTime),
    hidden: Boolean(c.hidden),
    removed: Boolean(c.removed),
    language: c.language ?? null,
    sentiment: c.sentiment ?? null,
    score: c.score ?? 0,
    complaint: Boolean(c.complaint),
    category: c.category ?? null,
    signals: (c.signals ?? []).map((s) => ({
      text: String(s.text),
      kind: String(s.kind),
      weight: Number(s.weight),
    })),
    status: c.status,
    assignee: c.assigneeId ? { id: c.assigneeId, name: c.assigneeName ?? '' } : null,
    firstResponseAt: iso(c.firstResponseAt),
    responseSeconds: c.responseSeconds ?? null,
    actions: (c.actions ?? []).map((a) => ({
      at: new Date(a.at).toISOString(),
      kind: a.kind,
      by: a.by?.name ?? '',
      text: a.text ?? null,
    })),
  }
}

/** "3 min", "2 h 5 min", "1 d 4 h": short and language-neutral. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—'
  if (seconds < 60) return `${Math.round(seconds)} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} h ${minutes % 60} min`
  return `${Math.floor(hours / 24)} d ${hours % 24} h`
}

/** The inbox row: the comment plus what a template should not compute (times in the page's zone). */
export function inboxRow(c: Comment, zone: string | undefined, locale: Locale) {
  const view = presentComment(c)
  const signals = readableSignals(c)
  return {
    ...view,
    when: humanTime(c.createdTime, { locale, zone }),
    why: signals.slice(0, 4).map((s) => s.text),
    readableSignals: signals,
    answered: Boolean(c.firstResponseAt),
    responseTime: duration(c.responseSeconds),
    history: (c.actions ?? []).map((a) => ({
      when: humanTime(a.at, { locale, zone }),
      kind: a.kind,
      by: a.by?.name ?? '',
      text: a.text ?? null,
    })),
  }
}

export function presentImport(run: CommentImport) {
  return {
    id: run.id,
    facebookPageId: run.facebookPageId,
    reason: run.reason,
    state: run.state,
    posts: run.posts,
    postsDone: run.postsDone,
    comments: run.comments,
    percent: run.posts ? Math.round((100 * run.postsDone) / run.posts) : run.state === 'done' ? 100 : 0,
    error: run.error ?? null,
    createdAt: new Date(run.createdAt as Date).toISOString(),
  }
}

export function presentSavedReply(r: SavedReply, comment?: Comment) {
  return {
    id: r.id,
    name: r.name,
    language: r.language,
    text: r.text,
    // Ready to send but for the order number, which the moderator types.
    filled: comment
      ? fillPlaceholders(r.text, { firstName: firstNameOf(comment), orderNumber: '{order_number}' })
      : r.text,
  }
}

/** Saved replies in the comment's language first (then the rest), each group by name. */
export function savedRepliesFor(saved: SavedReply[], comment: Pick<Comment, 'language'>): SavedReply[] {
  const language = comment.language
  const rank = (r: SavedReply) => (r.language === language ? 0 : 1)
  return [...saved].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
}

type PageRef = { facebookPageId: string; name: string; timeZone: string }
type Member = { id: string; name: string; active: boolean }
const activeMembers = (members: Member[]) =>
  members.filter((m) => m.active).map((m) => ({ id: m.id, name: m.name }))

/** The inbox page: the rows with their page's name and local time, imports in progress, filters. */
export function inboxView(data: {
  filter: InboxFilter
  list: Comment[]
  pages: PageRef[]
  imports: CommentImport[]
  members: Member[]
  locale: Locale
}) {
  const zones = new Map(data.pages.map((p) => [p.facebookPageId, p.timeZone]))
  const names = new Map(data.pages.map((p) => [p.facebookPageId, p.name]))
  return {
    filter: data.filter,
    searching: Boolean(data.filter.q || data.filter.author || data.filter.post),
    /** How many of the filters behind "More filters" are set: that fold opens when any is. */
    moreFilters: [
      data.filter.page,
      data.filter.author,
      data.filter.post,
      data.filter.sentiment,
      data.filter.category,
      data.filter.assignee,
    ].filter(Boolean).length,
    comments: data.list.map((c) => ({
      ...inboxRow(c, zones.get(c.facebookPageId), data.locale),
      pageName: names.get(c.facebookPageId),
    })),
    pages: data.pages.map((p) => ({ id: p.facebookPageId, name: p.name })),
    imports: data.imports
      .filter((r) => names.has(r.facebookPageId))
      .map((r) => ({ ...presentImport(r), pageName: names.get(r.facebookPageId) })),
    members: activeMembers(data.members),
    sentiments: SENTIMENTS,
    categories: CATEGORIES,
  }
}

/** A comment's thread page: the comment, its root and replies in the page's time, replies to pick. */
export function threadView(data: {
  thread: Thread
  saved: SavedReply[]
  members: Member[]
  pages: PageRef[]
  locale: Locale
}) {
  const { thread, locale } = data
  const zone = data.pages.find((p) => p.facebookPageId === thread.comment.facebookPageId)?.timeZone
  return {
    comment: inboxRow(thread.comment, zone, locale),
    root: inboxRow(thread.root, zone, locale),
    isRoot: thread.root.facebookCommentId === thread.comment.facebookCommentId,
    replies: thread.replies.map((r) => inboxRow(r, zone, locale)),
    post: thread.post,
    savedReplies: savedRepliesFor(data.saved, thread.comment).map((r) =>
      presentSavedReply(r, thread.comment),
    ),
    suggestion: suggestedThanks(thread.comment),
    members: activeMembers(data.members),
  }
}
