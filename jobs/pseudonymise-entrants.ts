// Retention: pseudonymises the entrants of campaigns drawn (or polls closed) longer ago than the
// retention period. Idempotent: already pseudonymised entries are skipped.
import type { WorkerDeps } from './start-worker.js'

export type PseudonymiseEntrantsData = { retentionDays?: number }

export async function pseudonymiseEntrants(
  data: PseudonymiseEntrantsData,
  deps: Pick<WorkerDeps, 'services'>,
) {
  return deps.services.campaignPrivacy.pseudonymiseExpired(data.retentionDays)
}
