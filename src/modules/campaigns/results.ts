// A campaign's results for the marketer: how many entered, per local day, quiz scores, the winners.
import { DateTime } from 'luxon'
import type { Campaign } from './campaign-repository.js'
import type { EntryRepository } from './entry-repository.js'

export function createCampaignResults(deps: { entries: EntryRepository }) {
  const { entries } = deps
  return {
    count: (campaign: Campaign): Promise<number> => entries.countActive(campaign.id),

    scoreDistribution: (campaign: Campaign) => entries.scoreDistribution(campaign.id),

    /** Entries per local day, counted from a stream so a campaign of any size fits in memory. */
    async perDay(campaign: Campaign, timeZone: string): Promise<{ day: string; entries: number }[]> {
      const days = new Map<string, number>()
      for await (const at of entries.activeEntryTimes(campaign.id)) {
        const day = DateTime.fromJSDate(at, { zone: timeZone }).toISODate() as string
        days.set(day, (days.get(day) ?? 0) + 1)
      }
      return [...days.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, count]) => ({ day, entries: count }))
    },

    /** The winners' entries in rank order (names for the marketer and the announcement). */
    async winnersOf(campaign: Campaign): Promise<{ ref: string; name: string }[]> {
      if (!campaign.winners.length) return []
      const names = await entries.namesByRef(campaign.id, campaign.winners)
      return campaign.winners.map((ref) => ({ ref, name: names.get(ref) ?? '' }))
    },
  }
}

export type CampaignResults = ReturnType<typeof createCampaignResults>
