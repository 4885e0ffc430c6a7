// Re-applies a page's edited word list to its past comments (and moves the barometer counters).
import type { CommentsModule } from '../src/modules/comments/index.js'
import type { JobData } from '../src/queues.js'

export async function reclassifyComments(
  data: JobData['reclassify'],
  deps: { comments: CommentsModule },
): Promise<{ comments: number }> {
  return deps.comments.settings.reclassifyPage(data.facebookPageId)
}
