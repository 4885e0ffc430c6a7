// Polls: one vote per fan (the entry's unique index), counts from those votes, and results shown
// always, after the fan voted, or after closing, as the marketer chose.
//
// Why counts come from the votes and not from $inc counters: FerretDB v1 (SQLite), one of the stores
// Fanfare supports, loses concurrent $inc updates (40 simultaneous $inc on one document left 3), while
// its unique indexes hold. A grouped count over the indexed votes is right on every store; a short
// cache keeps live results cheap however many fans poll them.
import { InvalidInput, NotFound } from '../../errors.js'
import type { Locale } from '../../i18n/index.js'
import type { Models } from '../../models.js'
import type { EntryInput, EntryOrigin, EntryService, Fan } from './entries.js'
import type { CampaignDoc } from './model.js'
import { inLocale } from './present.js'
import { stateOf } from './state.js'

export type PollResults = {
  visible: boolean
  total: number
  options: { label: string; votes: number; percent: number }[]
}

/** How long counted results are reused: live enough for a 5-second refresh, cheap under load. */
export const RESULTS_CACHE_MS = 1_000

export function createPollService(deps: { models: Models; entries: EntryService }) {
  const { models, entries } = deps
  const cache = new Map<string, { at: number; votes: number[] }>()
  /** Bumped by every vote here, so a count that started before a vote is never cached after it. */
  let generation = 0
  const forget = (campaign: CampaignDoc) => {
    generation += 1
    cache.delete(String(campaign._id))
  }

  /** Votes per option, counted from the stored votes (one per fan). */
  async function counts(campaign: CampaignDoc): Promise<number[]> {
    const key = String(campaign._id)
    const hit = cache.get(key)
    if (hit && Date.now() - hit.at < RESULTS_CACHE_MS) return hit.votes
    const startedAt = generation
    const rows = await models.entries.aggregate<{ _id: number; n: number }>([
      { $match: { campaignId: campaign._id, status: 'active' } },
      { $group: { _id: '$pollChoice', n: { $sum: 1 } } },
    ])
    const votes = (campaign.poll?.options ?? []).map((_, i) => rows.find((r) => r._id === i)?.n ?? 0)
    if (generation === startedAt) cache.set(key, { at: Date.now(), votes })
    return votes
  }

  return {
    counts,

    /** One vote per fan: the entry's unique index refuses a second. */
    async vote(campaign: CampaignDoc, fan: Fan, choice: number, input: EntryInput, origin: EntryOrigin) {
      if (campaign.kind !== 'poll') throw new NotFound('campaigns.notFound')
      if (choice < 0 || choice >= (campaign.poll?.options?.length ?? 0))
        throw new InvalidInput('choice', 'campaigns.noSuchOption')
      await entries.enter(campaign, fan, input, origin, { pollChoice: choice })
      forget(campaign)
    },

    /** Takes a vote back while the poll is open, and its count with it. */
    async unvote(campaign: CampaignDoc, fanId: string) {
      entries.assertOpen(campaign)
      const removed = await models.entries
        .findOneAndDelete({ campaignId: campaign._id, 'entrant.kind': 'app', 'entrant.id': String(fanId) })
        .lean<{ pollChoice: number | null }>()
      if (!removed) throw new NotFound('campaigns.noEntry')
      forget(campaign)
    },

    /** Fresh counts from the database, hidden when the poll's setting says so for this viewer. */
    async results(slug: string, fanId: string | null, locale: Locale): Promise<PollResults> {
      const campaign = await models.campaigns
        .findOne({ slug: String(slug), kind: 'poll' })
        .lean<CampaignDoc>()
      if (!campaign || campaign.phase === 'draft') throw new NotFound('campaigns.notFound')
      const show = campaign.poll?.showResults ?? 'always'
      const state = stateOf(campaign)
      const closed = state === 'closed' || state === 'drawn'
      const voted = fanId ? Boolean(await entries.myEntry(campaign, fanId)) : false
      const visible = show === 'always' || closed || (show === 'after_vote' && voted)
      if (!visible) return { visible, total: 0, options: [] }
      const votes = await counts(campaign)
      const total = votes.reduce((sum, n) => sum + n, 0)
      return {
        visible,
        total,
        options: (campaign.poll?.options ?? []).map((o, i) => ({
          label: inLocale(o.label, locale),
          votes: votes[i] ?? 0,
          percent: total ? Math.round(((votes[i] ?? 0) * 100) / total) : 0,
        })),
      }
    },
  }
}

export type PollService = ReturnType<typeof createPollService>
