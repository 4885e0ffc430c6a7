// Re-applies a page's edited word list to its past comments (and moves the barometer counters).
import type { Services } from '../src/services.js'

export async function reclassifyComments(
  data: { facebookPageId: string },
  deps: { services: Pick<Services, 'comments'> },
): Promise<{ comments: number }> {
  return deps.services.comments.reclassifyPage(data.facebookPageId)
}
