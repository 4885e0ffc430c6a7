// Request and response shapes of the tracked links API.
import { z } from 'zod'
import { LINK_KINDS, UTM_MEDIUMS } from './model.js'

const Day = z.iso.date({ message: 'expected a date such as 2026-12-01' })

export const LinksQuery = z.object({
  kind: z.enum(LINK_KINDS, { message: `expected one of ${LINK_KINDS.join(', ')}` }).optional(),
  from: Day.optional(),
  to: Day.optional(),
})
export type LinksQuery = z.infer<typeof LinksQuery>

export const LinkView = z.object({
  code: z.string(),
  shortUrl: z.string().describe('The address that goes into the post, campaign or kit'),
  target: z.string(),
  url: z.string().describe('Where the short link redirects: the target with Fanfare’s UTM parameters'),
  kind: z.enum(LINK_KINDS),
  medium: z.enum(UTM_MEDIUMS),
  utmCampaign: z.string(),
  utmContent: z.string(),
  pageId: z.string().nullable(),
  postId: z.string().nullable(),
  campaignId: z.string().nullable(),
  kitId: z.string().nullable(),
  personId: z.string().nullable(),
  clicks: z
    .number()
    .describe('Clicks by people (bots, previews, prefetches and HEAD requests are not counted)'),
  uniques: z.number().describe('Different visitors per day, added up over the days'),
})
export const LinkList = z.object({ links: z.array(LinkView) })
