// Finding campaigns: by id for the team, by slug for fans (never a draft), the latest for lists.
import { NotFound } from '../../errors.js'
import type { Campaign, CampaignRepository } from './campaign-repository.js'

/** How a campaign is named in the audit log and lists. */
export const labelOf = (c: Pick<Campaign, 'title' | 'slug'>) => c.title?.nl || c.title?.en || c.slug

export function createCampaignQueries(deps: { campaigns: CampaignRepository }) {
  const { campaigns } = deps
  return {
    async find(id: string): Promise<Campaign> {
      const campaign = await campaigns.find(id)
      if (!campaign) throw new NotFound('campaigns.notFound')
      return campaign
    },

    /** A campaign as fans reach it: drafts do not exist for them. */
    async findBySlug(slug: string): Promise<Campaign> {
      const campaign = await campaigns.findBySlug(slug)
      if (!campaign || campaign.phase === 'draft') throw new NotFound('campaigns.notFound')
      return campaign
    },

    /** `scope`: only campaigns of these pages (null: every page, for admins). */
    list: (scope: string[] | null = null): Promise<Campaign[]> => campaigns.latest(500, scope),

    /** The page a campaign lives on, or null when there is no such campaign (for the page scope). */
    async pageOf(id: string): Promise<{ pageId: string } | null> {
      const campaign = await campaigns.find(id)
      return campaign ? { pageId: campaign.pageId } : null
    },

    async pageSettings(pageId: string): Promise<{ dutchShop: boolean }> {
      return { dutchShop: await campaigns.isDutchShop(pageId) }
    },
  }
}

export type CampaignQueries = ReturnType<typeof createCampaignQueries>
