// Publishes one due post; the publisher decides whether it is due, claimed, held or retried.
import type { PublishJobData } from '../src/modules/posts/publish-queue.js'
import type { PublishContext, PublishOutcome } from '../src/modules/posts/publisher.js'
import type { Services } from '../src/services.js'

export async function publishPost(
  data: PublishJobData,
  deps: { services: Pick<Services, 'publisher'> },
  context: PublishContext,
): Promise<{ outcome: PublishOutcome }> {
  return { outcome: await deps.services.publisher.publishDuePost(data.postId, context) }
}
