// What a Facebook comment change does to the stored comment, decided from the comment as it is now,
// so that any order of duplicates, edits and removals ends in the same state: content carries a
// version (event time, then verb) and a removal is a tombstone no later "add" clears.
import { countedFor } from './barometer-counting.js'
import { listedTermsIn, type PageClassifier, priorityOf } from './classification.js'
import type { Comment, CommentFields } from './comment-repository.js'
import { responseSeconds } from './response-time.js'
import type { CommentChange } from './webhook.js'

/** Within one second an edit beats the add it edits. */
const VERB_RANK: Record<string, number> = { add: 1, edited: 2, edit: 2 }

/** What a change needs to know besides the comment: its page and that page's classifier. */
export type ChangeContext = {
  facebookPageId: string
  timeZone: string
  classifier: PageClassifier
}

export const byPageOf = (facebookPageId: string, change: CommentChange) => change.from?.id === facebookPageId
export const parentOf = (change: CommentChange) =>
  change.parent_id && change.parent_id !== change.post_id ? change.parent_id : null

/** The fields a change creating the comment starts it with. */
function identity(ctx: ChangeContext, change: CommentChange): CommentFields {
  const byPage = byPageOf(ctx.facebookPageId, change)
  return {
    facebookPageId: ctx.facebookPageId,
    postId: change.post_id,
    parentId: parentOf(change),
    byPage,
    from: { id: change.from?.id ?? null, name: change.from?.name ?? null },
    createdTime: new Date(change.created_time * 1000),
    status: byPage ? 'done' : 'open',
  }
}

/** The classifier's verdict on a message, as stored on the comment (and what it counts). */
export function verdictFields(ctx: ChangeContext, message: string, createdTime: Date): CommentFields {
  const { classifier, version, words } = ctx.classifier
  const verdict = classifier.classify(message)
  return {
    language: verdict.language,
    sentiment: verdict.sentiment,
    score: verdict.score,
    complaint: verdict.complaint,
    category: verdict.category,
    // Only the stored fields: the comment is written through the driver, with no schema to strip others.
    signals: verdict.signals.map(({ text, kind, weight }) => ({ text, kind, weight })),
    priority: priorityOf(verdict),
    wordListVersion: version,
    counted: countedFor(createdTime, ctx.timeZone, verdict, listedTermsIn(message, words)),
  }
}

/** An answer that arrived before its comment can be timed once the comment's creation time is known. */
function settledAnswer(ctx: ChangeContext, current: Comment | null, createdTime: Date): CommentFields {
  if (!current?.firstResponseAt || typeof current.responseSeconds === 'number') return {}
  return {
    responseSeconds: responseSeconds(
      createdTime,
      current.firstResponseAt,
      ctx.timeZone,
      ctx.classifier.businessHours,
    ),
  }
}

/** A new text (add or edit): set when newer than the stored one; an add always brings the creation time. */
export function contentChange(ctx: ChangeContext, change: CommentChange) {
  return (current: Comment | null): CommentFields | null => {
    const version = change.created_time * 10 + (VERB_RANK[change.verb] ?? 2)
    const at = new Date(change.created_time * 1000)
    const isAdd = change.verb === 'add'
    if (current && (current.removed || current.contentVersion >= version)) {
      // Too late for the text, but an add still tells when the comment was made.
      const earlier = isAdd && (!current.createdTime || current.createdTime > at)
      return earlier ? { createdTime: at } : null
    }
    const createdTime = isAdd || !current?.createdTime ? at : current.createdTime
    const message = change.message ?? ''
    const byPage = byPageOf(ctx.facebookPageId, change)
    return {
      ...(current ? {} : identity(ctx, change)),
      message,
      contentVersion: version,
      from: { id: change.from?.id ?? null, name: change.from?.name ?? null },
      createdTime,
      ...(byPage ? {} : verdictFields(ctx, message, createdTime)),
      ...(byPage ? {} : settledAnswer(ctx, current, createdTime)),
    }
  }
}

export function removal(ctx: ChangeContext, change: CommentChange) {
  return (current: Comment | null): CommentFields | null => {
    if (current?.removed) return null
    const at = new Date(change.created_time * 1000)
    return { ...(current ? {} : identity(ctx, change)), removed: true, removedAt: at }
  }
}

export function hiding(ctx: ChangeContext, change: CommentChange) {
  return (current: Comment | null): CommentFields | null => {
    const hidden = change.verb === 'hide'
    const version = change.created_time * 10 + (hidden ? 2 : 1)
    // Only a real change writes: the echo of a moderator's own hide finds the state already set.
    if (current && (current.hiddenVersion >= version || current.hidden === hidden)) return null
    return { ...(current ? {} : identity(ctx, change)), hidden, hiddenVersion: version }
  }
}

/**
 * The first answer to a comment (from Fanfare or seen in the webhook); later ones change nothing.
 * An answer seen before its comment waits on a placeholder until the comment arrives.
 */
export function firstAnswer(
  ctx: ChangeContext,
  answer: { at: Date; by: { userId: string | null; name: string }; postId?: string },
) {
  return (current: Comment | null): CommentFields | null => {
    const answered = { firstResponseAt: answer.at, firstResponseBy: answer.by }
    if (!current) {
      if (!answer.postId) return null
      return { facebookPageId: ctx.facebookPageId, postId: answer.postId, createdTime: null, ...answered }
    }
    if (current.firstResponseAt) return null
    const started = current.createdTime ?? answer.at
    const seconds = responseSeconds(started, answer.at, ctx.timeZone, ctx.classifier.businessHours)
    return { ...answered, responseSeconds: seconds }
  }
}
