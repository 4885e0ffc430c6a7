// A campaign's life after composing: publish, close early, draw the winners (revealing the seed),
// and the replacement draw after a winner is disqualified.
import { Conflict, RuleViolation } from '../../errors.js'
import type { SecretBox } from '../../security/secret-box.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { Campaign, CampaignRepository } from './campaign-repository.js'
import type { EntryRepository } from './entry-repository.js'
import type { CampaignOpening } from './opening.js'
import { type CampaignQueries, labelOf } from './queries.js'
import { rankEntries } from './ranking.js'
import { stateOf } from './state.js'

export function createCampaignLifecycle(deps: {
  campaigns: CampaignRepository
  entries: EntryRepository
  queries: CampaignQueries
  audit: AuditLog
  seeds: SecretBox
  opening: CampaignOpening
}) {
  const { campaigns, entries, queries, audit, seeds, opening } = deps
  const target = (c: Campaign) => ({ type: 'campaign', id: c.id, label: labelOf(c) })

  return {
    async publish(actor: Actor, id: string): Promise<Campaign> {
      const campaign = await queries.find(id)
      if (campaign.phase !== 'draft') throw new Conflict('campaigns.notDraft')
      // The stock may have changed since it was saved: the claims are checked again, the live texts made.
      const { live, openedAt } = await opening.beforePublish(campaign)
      if (!(await campaigns.movePhase(id, 'draft', 'published', { live, openedAt, held: null })))
        throw new Conflict('campaigns.notDraft')
      await audit.record(actor, { action: 'campaign.publish', target: target(campaign) })
      const published = await queries.find(id)
      opening.afterPublish(published)
      return published
    },

    /** Closes an open campaign now (the closing time moves to now). */
    async closeNow(actor: Actor, id: string): Promise<Campaign> {
      const campaign = await queries.find(id)
      if (stateOf(campaign) !== 'open') throw new Conflict('campaigns.notOpen')
      const now = new Date()
      await campaigns.setClosesAt(id, now)
      await audit.record(actor, {
        action: 'campaign.close',
        target: target(campaign),
        before: { closesAt: campaign.closesAt },
        after: { closesAt: now },
      })
      return queries.find(id)
    },

    /**
     * Draws the winners of a closed contest or quiz and reveals the seed. The phase moves from
     * 'published' to 'drawn' in one conditional update, so a second, simultaneous draw fails.
     */
    async draw(actor: Actor, id: string): Promise<Campaign> {
      const campaign = await queries.find(id)
      if (campaign.kind === 'poll') throw new RuleViolation('campaigns.pollNoDraw')
      const state = stateOf(campaign)
      if (state === 'drawn') throw new Conflict('campaigns.alreadyDrawn')
      if (state !== 'closed') throw new RuleViolation('campaigns.drawAfterClose')
      const seed = seeds.open((await campaigns.sealedSeedOf(id)) as string)
      const { winners, entryCount } = await rankEntries(entries, campaign, seed, campaign.winnerCount)
      const drawn = await campaigns.movePhase(id, 'published', 'drawn', {
        revealedSeed: seed,
        drawnAt: new Date(),
        drawnEntryCount: entryCount,
        winners,
      })
      if (!drawn) throw new Conflict('campaigns.alreadyDrawn')
      await audit.record(actor, {
        action: 'campaign.draw',
        target: target(campaign),
        after: { entryCount, winners, seedCommitment: campaign.seedCommitment },
      })
      return queries.find(id)
    },

    /** After a winner is disqualified: the same ranking minus the disqualified gives the new winners. */
    async redraw(actor: Actor, campaign: Campaign, replaced: string): Promise<string[]> {
      const seed = campaign.revealedSeed as string
      const { winners } = await rankEntries(entries, campaign, seed, campaign.winnerCount)
      await campaigns.setWinners(campaign.id, winners)
      await audit.record(actor, {
        action: 'campaign.replacement_draw',
        target: target(campaign),
        before: { winners: campaign.winners },
        after: { winners, replaced, added: winners.filter((w) => !campaign.winners.includes(w)) },
      })
      return winners
    },
  }
}

export type CampaignLifecycle = ReturnType<typeof createCampaignLifecycle>
