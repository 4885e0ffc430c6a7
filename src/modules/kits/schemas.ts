// Request and response shapes of kits: one schema for the forms, the JSON API and OpenAPI.
import { z } from 'zod'
import { ObjectIdParam, OptionalText } from '../../schemas/common.js'
import { KIT_STATUSES } from './model.js'

const blank = (v: unknown) => (v === '' || v === null ? undefined : v)

/** A Facebook hashtag: one word after '#', letters, digits and underscores. */
const Hashtag = z.preprocess(
  blank,
  z
    .string()
    .trim()
    .regex(/^#[\p{L}\p{N}_]{1,50}$/u, 'kits.hashtag')
    .optional(),
)

const KitFieldsBody = z.object({
  title: z.string().trim().min(1).max(120),
  textNl: OptionalText(2000),
  textEn: OptionalText(2000),
  link: z
    .string()
    .trim()
    .max(2000)
    .pipe(z.url({ protocol: /^https?$/, message: 'kits.link' })),
  /** Facebook reads the image from the shared page; this one shows on the kit page (https only). */
  imageUrl: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .max(2000)
      .pipe(z.url({ protocol: /^https$/, message: 'kits.imageHttps' }))
      .optional(),
  ),
  disclosureHashtag: Hashtag.describe('The disclosure hashtag, #medewerker when left empty'),
  disclosureNl: OptionalText(200).describe('Dutch disclosure sentence; "Ik werk bij {shop}" when empty'),
  disclosureEn: OptionalText(200).describe('English disclosure sentence; "I work at {shop}" when empty'),
  sharesPerDay: z.preprocess(
    blank,
    z.coerce.number({ message: 'expected a number' }).int().min(1).max(20).default(3),
  ),
})

/** A kit needs a text in at least one language; fans of the other read the same one. */
const needsText = (v: { textNl?: string; textEn?: string }, ctx: z.RefinementCtx) => {
  if (!v.textNl && !v.textEn) ctx.addIssue({ code: 'custom', message: 'kits.textNeeded', path: ['textNl'] })
}

export const KitBody = KitFieldsBody.extend({ pageId: ObjectIdParam }).superRefine(needsText)
export type KitBody = z.infer<typeof KitBody>

/** An edit keeps the kit on its page. */
export const KitEditBody = KitFieldsBody.superRefine(needsText)
export type KitEditBody = z.infer<typeof KitEditBody>

export const KitListQuery = z.object({
  status: z.enum(KIT_STATUSES, { message: 'expected active or archived' }).optional(),
})

export const Kit = z.object({
  id: z.string(),
  pageId: z.string(),
  title: z.string(),
  status: z.enum(KIT_STATUSES),
  textNl: z.string(),
  textEn: z.string(),
  link: z.string(),
  imageUrl: z.string().nullable(),
  disclosureHashtag: z.string(),
  disclosureNl: z.string().describe('As the ambassador reads it, the shop’s name filled in'),
  disclosureEn: z.string(),
  sharesPerDay: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export const KitList = z.object({ kits: z.array(Kit) })

const Numbers = {
  clicks: z.number().int(),
  uniques: z.number().int().describe('visitors per day, summed'),
  orders: z.number().int(),
  revenueCents: z.number().int(),
  shares: z.number().int().describe('share intents: taps on "Share on Facebook"'),
}
export const PersonFigures = z.object({ personId: z.string(), name: z.string(), ...Numbers })
export const KitFigures = z
  .object({
    kitId: z.string(),
    ...Numbers,
    people: z.array(PersonFigures),
  })
  .describe('Marketers see every person; an ambassador sees only themselves')

export const ShareState = z.object({
  allowed: z.boolean(),
  /** why not: `kits.quietHours` or `kits.shareCap` (an i18n key under errors.) */
  reason: z.enum(['kits.quietHours', 'kits.shareCap']).nullable(),
  sharesToday: z.number().int(),
  sharesPerDay: z.number().int(),
})

export const MyKitLink = z.object({
  kitId: z.string(),
  code: z.string(),
  shortUrl: z.string().describe('The ambassador’s own tracked link (utm_medium=ambassador)'),
  share: ShareState,
})

export const ShareIntent = z.object({
  kitId: z.string(),
  shortUrl: z.string(),
  dialogUrl: z.string().describe('Facebook’s Share Dialog for the person’s link; no prefilled text'),
  share: ShareState,
})
