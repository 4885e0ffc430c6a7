// Several comments at once: assign, mark done or hide, each through the same action as on its
// thread (so each is audited and on its history), one after the other, with a result per comment.
import { NotFound } from '../../errors.js'
import type { Actor } from '../audit/service.js'
import type { Inbox } from './inbox.js'
import type { Moderation } from './moderation.js'
import type { BulkBody } from './schemas.js'

export type BulkOutcome =
  | { id: string; excerpt: string; ok: true }
  | { id: string; excerpt: string; ok: false; error: unknown }

const excerpt = (text: string | null | undefined) => {
  const t = text ?? ''
  return t.length > 80 ? `${t.slice(0, 77)}…` : t
}

export function createBulkModeration(deps: {
  moderation: Pick<Moderation, 'assign' | 'setStatus' | 'setHidden'>
  inbox: Pick<Inbox, 'find'>
}) {
  const { moderation, inbox } = deps

  /** `allows`: whether the member works on the comment's page; another page's comment is "not found". */
  return async function applyToMany(
    actor: Actor,
    body: BulkBody,
    allows: (facebookPageId: string) => boolean,
  ): Promise<BulkOutcome[]> {
    const outcomes: BulkOutcome[] = []
    // One at a time: hiding is a Graph call per comment, and Graph counts calls per page.
    for (const id of new Set(body.ids)) {
      let text = ''
      try {
        const comment = await inbox.find(id)
        if (!allows(comment.facebookPageId)) throw new NotFound('comments.notFound')
        text = comment.message ?? ''
        if (body.action === 'assign') await moderation.assign(actor, id, body.assigneeId)
        else if (body.action === 'done') await moderation.setStatus(actor, id, 'done')
        else if (!comment.hidden) await moderation.setHidden(actor, id, true)
        outcomes.push({ id, excerpt: excerpt(text), ok: true })
      } catch (error) {
        outcomes.push({ id, excerpt: excerpt(text), ok: false, error })
      }
    }
    return outcomes
  }
}

export type BulkModeration = ReturnType<typeof createBulkModeration>
