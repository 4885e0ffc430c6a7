// Comment to enter: reads the comments under a campaign's post through Graph (with paging) and
// records one entry per distinct commenter; without a campaign id, does so for every collecting one.
import type { WorkerDeps } from './start-worker.js'

export type CollectCommentEntriesData = { campaignId?: string }

export async function collectCommentEntries(
  data: CollectCommentEntriesData,
  deps: Pick<WorkerDeps, 'services'>,
) {
  const comments = deps.services.campaignComments
  if (data.campaignId) return { [data.campaignId]: await comments.collect(data.campaignId) }
  return comments.collectAll()
}
