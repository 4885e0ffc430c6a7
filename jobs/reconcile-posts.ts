// Re-queues due posts that have no job, frees posts a dead worker held, releases held posts.
import type { PostsModule } from '../src/modules/posts/index.js'
import type { ReconcileResult } from '../src/modules/posts/reconciler.js'

export async function reconcilePosts(deps: {
  posts: Pick<PostsModule, 'reconciler'>
}): Promise<ReconcileResult> {
  return deps.posts.reconciler.reconcile()
}
