// Marketers keep campaigns fair: disqualify an entry (audited, with a reason; a drawn winner is
// replaced by the next of the same ranking) and keep the shop's block list.
import { NotFound } from '../../errors.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { BlockedFan, BlockedFanRepository } from './blocked-fan-repository.js'
import type { EntryRepository } from './entry-repository.js'
import type { CampaignLifecycle } from './lifecycle.js'
import type { EntrantKind } from './model.js'
import { type CampaignQueries, labelOf } from './queries.js'

export function createModeration(deps: {
  entries: EntryRepository
  blocked: BlockedFanRepository
  queries: CampaignQueries
  lifecycle: CampaignLifecycle
  audit: AuditLog
}) {
  const { entries, blocked, queries, lifecycle, audit } = deps

  return {
    /** Disqualifies an entry; a winner's replacement is as verifiable as the draw. */
    async disqualify(
      actor: Actor,
      campaignId: string,
      entryId: string,
      reason: string,
      block: boolean,
    ): Promise<{ replacedWinner: boolean; winners: string[] }> {
      const campaign = await queries.find(campaignId)
      const afterDraw = campaign.phase === 'drawn'
      const entry = await entries.disqualify(campaign.id, entryId, { reason, at: new Date(), afterDraw })
      if (!entry) throw new NotFound('campaigns.noEntry')
      if (block) await blocked.block(entry.entrant.kind, entry.entrant.id, reason, actor.userId)
      await audit.record(actor, {
        action: 'campaign.disqualify',
        target: { type: 'campaign', id: campaignId, label: labelOf(campaign) },
        after: { entryRef: entry.ref, afterDraw, blocked: block },
        reason,
      })
      const wasWinner = afterDraw && campaign.winners.includes(entry.ref)
      const winners = wasWinner ? await lifecycle.redraw(actor, campaign, entry.ref) : campaign.winners
      return { replacedWinner: wasWinner, winners }
    },

    async unblock(actor: Actor, kind: EntrantKind, id: string): Promise<void> {
      await blocked.unblock(kind, id)
      await audit.record(actor, { action: 'campaign.unblock', target: { type: 'fan', id: `${kind}:${id}` } })
    },

    blocked: (): Promise<BlockedFan[]> => blocked.latest(500),
  }
}

export type Moderation = ReturnType<typeof createModeration>
