// Request and response shapes of the pages API and forms.
import { IANAZone } from 'luxon'
import { z } from 'zod'

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'invalid.clock')

const OptionalClock = z.preprocess((v) => (v === '' || v === null ? undefined : v), Clock.optional())

export const TimeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), 'invalid.timeZone')

export const PageSettingsBody = z
  .object({
    timeZone: TimeZone,
    maxPostsPerDay: z.coerce.number().int('invalid.wholeNumber').min(1).max(50),
    maxPromoPostsPerWeek: z.coerce.number().int('invalid.wholeNumber').min(0).max(100).default(3),
    minNonPromoSharePercent: z.coerce.number().int('invalid.wholeNumber').min(0).max(100).default(50),
    minGapMinutes: z.coerce
      .number()
      .int('invalid.wholeNumber')
      .min(0)
      .max(24 * 60)
      .default(60),
    /** A checkbox: present means on; JSON clients send a boolean. */
    requireApproval: z
      .union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('false')])
      .optional()
      .transform((v) => v === true || v === 'on' || v === 'true'),
    quietHoursStart: OptionalClock,
    quietHoursEnd: OptionalClock,
  })
  .refine((v) => Boolean(v.quietHoursStart) === Boolean(v.quietHoursEnd), {
    message: 'invalid.quietHoursBoth',
    path: ['quietHoursEnd'],
  })
export type PageSettingsBody = z.infer<typeof PageSettingsBody>

/** Form posts send one value as a string and several as an array. */
export const ConnectBody = z.object({
  facebookPageIds: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(
      z
        .array(z.string().regex(/^\d{1,30}$/, 'expected a Facebook page id'))
        .min(1, 'pick at least one page')
        .max(50),
    ),
})

export const Page = z.object({
  id: z.string(),
  facebookPageId: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  tokenStatus: z.enum(['ok', 'needs_reconnect']),
  tokenProblem: z.string().nullable(),
  webhookSubscribed: z.boolean(),
  timeZone: z.string(),
  maxPostsPerDay: z.number(),
  maxPromoPostsPerWeek: z.number(),
  minNonPromoSharePercent: z.number(),
  minGapMinutes: z.number(),
  requireApproval: z.boolean(),
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
  connectedAt: z.string(),
})

export const AvailablePage = z.object({
  facebookPageId: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  tasks: z.array(z.string()),
  connected: z.boolean(),
  canPublishAndModerate: z.boolean(),
})
