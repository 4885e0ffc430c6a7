// Re-queues due posts that have no job, frees posts a dead worker held, releases held posts.
import type { ReconcileResult } from '../src/modules/posts/reconciler.js'
import type { Services } from '../src/services.js'

export async function reconcilePosts(
  _data: unknown,
  deps: { services: Pick<Services, 'reconciler'> },
): Promise<ReconcileResult> {
  return deps.services.reconciler.reconcile()
}
