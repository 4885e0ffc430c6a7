// Applies one stored webhook event to its comment (idempotent: a repeat changes nothing).
import type { Services } from '../src/services.js'

export async function applyCommentEvent(
  data: { key: string },
  deps: { services: Pick<Services, 'comments'> },
): Promise<{ result: string }> {
  return { result: await deps.services.comments.applyStoredEvent(data.key) }
}
