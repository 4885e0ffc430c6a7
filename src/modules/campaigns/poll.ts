// Polls: one vote per fan (the entry's unique index), counts from those votes, and results shown
// always, after the fan voted, or after closing, as the marketer chose.
//
// Why the counts are counted from the votes rather than kept in $inc counters: a vote is one entry
// document, and a counter would be a second copy of it that must change in a separate write every
// time a vote comes, is withdrawn, disqualified or pseudonymised. Without a multi-document
// transaction (Fanfare requires none, see docs/storage.md) a crash or an error between the two
// writes leaves the counter wrong for good, with nothing to tell. A grouped count over the indexed
// votes (campaignId, status) is right by construction; a short cache keeps live results cheap
// however many fans poll them.
import { InvalidInput, NotFound } from '../../errors.js'
import type { Locale } from '../../i18n/index.js'
import type { Campaign } from './campaign-repository.js'
import type { Entering, EntryInput, EntryOrigin, Fan } from './entering.js'
import { assertOpen } from './entering.js'
import type { EntryRepository } from './entry-repository.js'
import { inLocale } from './present.js'
import type { CampaignQueries } from './queries.js'
import { stateOf } from './state.js'

export type PollResults = {
  visible: boolean
  total: number
  options: { label: string; votes: number; percent: number }[]
}

/** How long counted results are reused: live enough for a 5-second refresh, cheap under load. */
export const RESULTS_CACHE_MS = 1_000

export function createPollService(deps: {
  entries: EntryRepository
  entering: Entering
  queries: CampaignQueries
}) {
  const { entries, entering, queries } = deps
  const cache = new Map<string, { at: number; votes: number[] }>()
  /** Bumped by every vote here, so a count that started before a vote is never cached after it. */
  let generation = 0
  const forget = (campaign: Campaign) => {
    generation += 1
    cache.delete(campaign.id)
  }

  /** Votes per option, counted from the stored votes (one per fan). */
  async function counts(campaign: Campaign): Promise<number[]> {
    const hit = cache.get(campaign.id)
    if (hit && Date.now() - hit.at < RESULTS_CACHE_MS) return hit.votes
    const startedAt = generation
    const perChoice = await entries.votesPerChoice(campaign.id)
    const votes = (campaign.poll?.options ?? []).map((_, i) => perChoice.get(i) ?? 0)
    if (generation === startedAt) cache.set(campaign.id, { at: Date.now(), votes })
    return votes
  }

  return {
    counts,

    /** One vote per fan: the entry's unique index refuses a second. */
    async vote(campaign: Campaign, fan: Fan, choice: number, input: EntryInput, origin: EntryOrigin) {
      if (campaign.kind !== 'poll') throw new NotFound('campaigns.notFound')
      if (choice < 0 || choice >= (campaign.poll?.options?.length ?? 0))
        throw new InvalidInput('choice', 'campaigns.noSuchOption')
      await entering.enter(campaign, fan, input, origin, { pollChoice: choice })
      forget(campaign)
    },

    /** Takes a vote back while the poll is open, and its count with it. */
    async unvote(campaign: Campaign, fanId: string) {
      assertOpen(campaign)
      if (!(await entries.removeMine(campaign.id, fanId))) throw new NotFound('campaigns.noEntry')
      forget(campaign)
    },

    /** Fresh counts from the database, hidden when the poll's setting says so for this viewer. */
    async results(slug: string, fanId: string | null, locale: Locale): Promise<PollResults> {
      const campaign = await queries.findBySlug(slug)
      if (campaign.kind !== 'poll') throw new NotFound('campaigns.notFound')
      const show = campaign.poll?.showResults ?? 'always'
      const state = stateOf(campaign)
      const closed = state === 'closed' || state === 'drawn'
      const voted = fanId ? Boolean(await entries.mine(campaign.id, fanId)) : false
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
