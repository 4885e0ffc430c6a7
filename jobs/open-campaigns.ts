// A campaign opening: its scarcity claims checked against the stock of this moment and {voorraad}
// filled in (or held); without a campaign id, every published campaign whose opening was missed.
import type { CampaignsModule } from '../src/modules/campaigns/index.js'

export async function openCampaigns(
  data: { campaignId?: string },
  deps: { campaigns: Pick<CampaignsModule, 'opening'> },
): Promise<Record<string, string>> {
  const { opening } = deps.campaigns
  if (data.campaignId) return { [data.campaignId]: await opening.open(data.campaignId) }
  return opening.openDue()
}
