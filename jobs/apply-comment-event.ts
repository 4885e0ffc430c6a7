// Applies one stored webhook event to its comment (idempotent: a repeat changes nothing).
import type { CommentChange } from '../src/modules/comments/webhook.js'
import type { Services } from '../src/services.js'

export async function applyCommentEvent(
  data: { key: string; facebookPageId?: string; changes?: CommentChange[] },
  deps: { services: Pick<Services, 'comments'> },
): Promise<{ results: string[] }> {
  const { comments } = deps.services
  // The job carries the changes of one comment from one delivery, applied in order; older jobs
  // only the key of the stored event.
  if (!data.facebookPageId || !data.changes) return { results: [await comments.applyStoredEvent(data.key)] }
  const results: string[] = []
  for (const change of data.changes) results.push(await comments.applier.apply(data.facebookPageId, change))
  return { results }
}
