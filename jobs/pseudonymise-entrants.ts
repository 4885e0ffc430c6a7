// Retention: pseudonymises the entrants of campaigns drawn (or polls closed) longer ago than the
// retention period. Idempotent: already pseudonymised entries are skipped.
import type { CampaignsModule } from '../src/modules/campaigns/index.js'

export async function pseudonymiseEntrants(
  data: { retentionDays?: number },
  deps: { campaigns: CampaignsModule },
) {
  return deps.campaigns.privacy.pseudonymiseExpired(data.retentionDays)
}
