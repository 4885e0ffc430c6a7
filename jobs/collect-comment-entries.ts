// Comment to enter: reads the comments under a campaign's post through Graph (with paging) and
// records one entry per distinct commenter; without a campaign id, does so for every collecting one.
import type { CampaignsModule } from '../src/modules/campaigns/index.js'

export async function collectCommentEntries(
  data: { campaignId?: string },
  deps: { campaigns: CampaignsModule },
) {
  const { comments } = deps.campaigns
  if (data.campaignId) return { [data.campaignId]: await comments.collect(data.campaignId) }
  return comments.collectAll()
}
