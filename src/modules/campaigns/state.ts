// A campaign's state, derived from what is stored (draft, published, drawn) and the clock.
import type { Campaign } from './campaign-repository.js'

export const CAMPAIGN_STATES = ['draft', 'scheduled', 'open', 'closed', 'drawn'] as const
export type CampaignState = (typeof CAMPAIGN_STATES)[number]

export function stateOf(
  c: Pick<Campaign, 'phase' | 'opensAt' | 'closesAt'>,
  now: Date = new Date(),
): CampaignState {
  if (c.phase === 'draft') return 'draft'
  if (c.phase === 'drawn') return 'drawn'
  if (now < c.opensAt) return 'scheduled'
  if (now < c.closesAt) return 'open'
  return 'closed'
}
