// Making tracked links: one per post and address, per campaign and address, per kit and person.
import type { LinkRepository, TrackedLink } from './repository.js'
import { replaceAddresses, webAddressesIn } from './rewrite.js'
import { utmSlug, withUtm } from './utm.js'

export type PostForLinks = {
  id: string
  pageId: string
  label: string
  message: string
  link?: string | null
}

export type CampaignForLinks = { id: string; pageId: string; slug: string; title: string }

export function createTracking(deps: { repo: LinkRepository; publicUrl: string }) {
  const { repo, publicUrl } = deps
  const shortUrl = (link: Pick<TrackedLink, 'code'>) => `${publicUrl}/r/${link.code}`
  /** Addresses on Fanfare itself (its own short links among them) are left as they are. */
  const isOwn = (address: string) => address.startsWith(`${publicUrl}/`) || address === publicUrl
  const campaignFinders: ((address: string) => Promise<CampaignForLinks | null>)[] = []
  async function campaignAt(address: string): Promise<CampaignForLinks | null> {
    for (const find of campaignFinders) {
      const campaign = await find(address)
      if (campaign) return campaign
    }
    return null
  }

  async function forPostAddress(post: PostForLinks, target: string): Promise<TrackedLink> {
    const utmCampaign = utmSlug(post.label)
    return repo.getOrCreate(
      {
        key: `post:${post.id}:${target}`,
        kind: 'post',
        target,
        medium: 'social',
        utmCampaign,
        pageId: post.pageId,
        postId: post.id,
        postLabel: post.label,
        campaignId: null,
        kitId: null,
        personId: null,
        label: post.message.slice(0, 80),
      },
      (code) => {
        const utmContent = `post-${code}`
        return {
          utmContent,
          url: withUtm(target, { medium: 'social', campaign: utmCampaign, content: utmContent }),
        }
      },
    )
  }

  /** The tracked link for a campaign's own page or an address in its texts. */
  const forCampaign = (campaign: CampaignForLinks, target: string) =>
    repo.getOrCreate(
      {
        key: `campaign:${campaign.id}:${target}`,
        kind: 'campaign',
        target,
        medium: 'social',
        utmCampaign: utmSlug(campaign.slug),
        pageId: campaign.pageId,
        postId: null,
        postLabel: null,
        campaignId: campaign.id,
        kitId: null,
        personId: null,
        label: campaign.title.slice(0, 80),
      },
      (code) => {
        const utmContent = `campaign-${code}`
        const url = withUtm(target, {
          medium: 'social',
          campaign: utmSlug(campaign.slug),
          content: utmContent,
        })
        return { utmContent, url }
      },
    )

  return {
    shortUrl,

    /**
     * The post as it goes to Facebook: its link and every address in its text point at Fanfare's
     * redirect. Asking again gives the same links, so a retried publication has the same text.
     */
    async rewritePost<P extends PostForLinks>(post: P): Promise<P> {
      const found = webAddressesIn(post.message)
      if (post.link && !found.includes(post.link)) found.push(post.link)
      const short = new Map<string, string>()
      for (const address of found) {
        if (!isOwn(address)) {
          short.set(address, shortUrl(await forPostAddress(post, address)))
          continue
        }
        // A campaign's own page shared in the post: its clicks and orders count for the campaign.
        const campaign = await campaignAt(address)
        if (campaign) short.set(address, shortUrl(await forCampaign(campaign, address)))
      }
      if (!short.size) return post
      return {
        ...post,
        message: replaceAddresses(post.message, (a) => short.get(a)),
        link: post.link ? (short.get(post.link) ?? post.link) : post.link,
      }
    },

    /** Tells how to find the campaign whose public page an address is (the campaigns module does). */
    findCampaignsWith(finder: (address: string) => Promise<CampaignForLinks | null>): void {
      campaignFinders.push(finder)
    },

    /** The tracked link for a campaign's own page or an address in its texts. */
    forCampaign,

    /**
     * A campaign's texts as fans read them: every address in them (Fanfare's own excepted) points at
     * Fanfare's redirect, tracked for the campaign. Asking again gives the same links.
     */
    async rewriteCampaignTexts<T extends Record<string, string>>(
      campaign: CampaignForLinks,
      texts: T,
    ): Promise<T> {
      const out: Record<string, string> = {}
      const short = new Map<string, string>()
      for (const [path, text] of Object.entries(texts)) {
        for (const address of webAddressesIn(text).filter((a) => !isOwn(a) && !short.has(a)))
          short.set(address, shortUrl(await forCampaign(campaign, address)))
        out[path] = replaceAddresses(text, (a) => short.get(a))
      }
      return out as T
    },

    /**
     * An ambassador's personal link to a kit's address (utm_medium=ambassador). The kit's `pageId` is
     * required: the person's clicks and orders count for that page's goals (revenue goals are per
     * page). A link stored before kits passed their page gets it the first time it is asked for.
     */
    async forKitPerson(
      kit: { id: string; slug: string; link: string; title: string; pageId: string | null },
      personId: string,
    ): Promise<TrackedLink> {
      const link = await repo.getOrCreate(
        {
          key: `kit:${kit.id}:${personId}:${kit.link}`,
          kind: 'kit',
          target: kit.link,
          medium: 'ambassador',
          utmCampaign: `kit-${utmSlug(kit.slug)}`,
          pageId: kit.pageId,
          postId: null,
          postLabel: null,
          campaignId: null,
          kitId: kit.id,
          personId,
          label: kit.title.slice(0, 80),
        },
        (code) => {
          const utmContent = `person-${code}`
          const url = withUtm(kit.link, {
            medium: 'ambassador',
            campaign: `kit-${utmSlug(kit.slug)}`,
            content: utmContent,
          })
          return { utmContent, url }
        },
      )
      if (link.pageId || !kit.pageId) return link
      return (await repo.fillPage(link.id, kit.pageId)) ?? link
    },
  }
}

export type Tracking = ReturnType<typeof createTracking>
