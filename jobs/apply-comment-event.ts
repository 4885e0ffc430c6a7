// Applies one stored webhook event to its comment (idempotent: a repeat changes nothing).
import type { CommentChange } from '../src/modules/comments/webhook.js'
import type { Services } from '../src/services.js'

export async function applyCommentEvent(
  data: { key: string; facebookPageId?: string; change?: CommentChange },
  deps: { services: Pick<Services, 'comments'> },
): Promise<{ result: string }> {
  const { comments } = deps.services
  // The job carries the change itself; older jobs only the key of the stored event.
  if (data.facebookPageId && data.change)
    return { result: await comments.applier.apply(data.facebookPageId, data.change) }
  return { result: await comments.applyStoredEvent(data.key) }
}
