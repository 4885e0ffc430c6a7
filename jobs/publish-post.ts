// Publishes one due post; the publisher decides whether it is due, claimed, held or retried.
import type { PostsModule } from '../src/modules/posts/index.js'
import type { PublishContext, PublishOutcome } from '../src/modules/posts/publisher.js'
import type { JobData } from '../src/queues.js'

export async function publishPost(
  data: JobData['publish-post'],
  deps: { posts: Pick<PostsModule, 'publisher'> },
  context: PublishContext,
): Promise<{ outcome: PublishOutcome }> {
  return { outcome: await deps.posts.publisher.publishDuePost(data.postId, context) }
}
