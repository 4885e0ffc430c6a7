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

export function createTracking(deps: { repo: LinkRepository; publicUrl: string }) {
  const { repo, publicUrl } = deps
  const shortUrl = (link: Pick<TrackedLink, 'code'>) => `${publicUrl}/r/${link.code}`
  /** Addresses on Fanfare itself (its own short links among them) are left as they are. */
  const isOwn = (address: string) => address.startsWith(`${publicUrl}/`) || address === publicUrl

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

  return {
    shortUrl,

    /**
     * The post as it goes to Facebook: its link and every address in its text point at Fanfare's
     * redirect. Asking again gives the same links, so a retried publication has the same text.
     */
    async rewritePost<P extends PostForLinks>(post: P): Promise<P> {
      const addresses = webAddressesIn(post.message).filter((a) => !isOwn(a))
      if (post.link && !isOwn(post.link) && !addresses.includes(post.link)) addresses.push(post.link)
      if (!addresses.length) return post
      const short = new Map<string, string>()
      for (const address of addresses) short.set(address, shortUrl(await forPostAddress(post, address)))
      return {
        ...post,
        message: replaceAddresses(post.message, (a) => short.get(a)),
        link: post.link ? (short.get(post.link) ?? post.link) : post.link,
      }
    },

    /** The tracked link for a campaign's own page or an address in its texts. */
    forCampaign: (campaign: { id: string; pageId: string; slug: string; title: string }, target: string) =>
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
      ),

    /**
     * An ambassador's personal link to a kit's address (utm_medium=ambassador). A kit made for a page
     * passes its `pageId`, so its clicks and orders count for that page's goals.
     */
    forKitPerson: (
      kit: { id: string; slug: string; link: string; title: string; pageId?: string | null },
      personId: string,
    ) =>
      repo.getOrCreate(
        {
          key: `kit:${kit.id}:${personId}:${kit.link}`,
          kind: 'kit',
          target: kit.link,
          medium: 'ambassador',
          utmCampaign: `kit-${utmSlug(kit.slug)}`,
          pageId: kit.pageId ?? null,
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
      ),
  }
}

export type Tracking = ReturnType<typeof createTracking>
