// Request and response shapes of scheduled posts: one schema for forms, JSON API and OpenAPI.
import { z } from 'zod'
import { ObjectIdParam, OptionalDate, OptionalText, WallClockTime } from '../../schemas/common.js'
import { ProductRef } from '../shop/schemas.js'
import { HOLD_REASONS, POST_LABELS, POST_STATUSES } from './model.js'

/** Facebook's own limit for the text of a post. */
export const MAX_MESSAGE_LENGTH = 63_206

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)

const WebUrl = z
  .url({ protocol: /^https?$/, message: 'expected a web address starting with https://' })
  .max(2000)

const OptionalUrl = z.preprocess(blankToUndefined, WebUrl.optional())

const OptionalInt = (min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number().int('expected a whole number').min(min).max(max).optional(),
  )

/** A time with an offset ("2026-12-01T10:00:00Z") or a wall-clock time in the page's zone ("2026-12-01T10:00"). */
/** A time in the page's zone ("2026-12-01T10:00") or ISO 8601 with a real offset. */
export const ScheduleTime = WallClockTime

export const POST_ACTIONS = ['draft', 'schedule', 'publish_now'] as const

const PostContent = {
  message: z.string().trim().min(1, 'write the text of the post').max(MAX_MESSAGE_LENGTH),
  link: OptionalUrl,
  imageUrl: OptionalUrl,
  label: z.enum(POST_LABELS, { message: `expected one of ${POST_LABELS.join(', ')}` }),
  /** A product variant of a connected shop ("connectionId:variantId"): scarcity claims and {voorraad} use its stock. */
  product: z.preprocess(blankToUndefined, ProductRef.optional()),
  /** When the offer ends, in the page's zone or with an offset: "laatste kans" and countdowns need it. */
  offerEndsAt: z.preprocess(blankToUndefined, WallClockTime.optional()),
}

const Scheduling = {
  action: z.enum(POST_ACTIONS).default('schedule'),
  scheduledAt: z.preprocess(blankToUndefined, ScheduleTime.optional()),
  /** Only admins may override posting rules, and only with a reason (audited). */
  overrideReason: OptionalText(500),
}

export const ComposeBody = z
  .object({
    pageId: ObjectIdParam,
    ...PostContent,
    ...Scheduling,
    repeatEvery: OptionalInt(1, 52),
    repeatUnit: z.preprocess(blankToUndefined, z.enum(['days', 'weeks']).optional()),
    repeatTimes: OptionalInt(2, 52),
    repeatUntil: z.preprocess(
      blankToUndefined,
      z.iso.date({ message: 'expected a date such as 2026-12-31' }).optional(),
    ),
  })
  .refine((v) => v.action !== 'schedule' || v.scheduledAt, {
    message: 'choose when the post goes out',
    path: ['scheduledAt'],
  })
  .refine((v) => !v.repeatEvery || v.repeatUnit, { message: 'choose days or weeks', path: ['repeatUnit'] })
  .refine((v) => !v.repeatEvery || v.repeatTimes || v.repeatUntil, {
    message: 'say how often (times) or until when the post repeats',
    path: ['repeatTimes'],
  })
  .refine((v) => !v.repeatEvery || v.action === 'schedule', {
    message: 'only a scheduled post can repeat',
    path: ['repeatEvery'],
  })
export type ComposeBody = z.infer<typeof ComposeBody>

export const EditBody = z
  .object({
    ...PostContent,
    ...Scheduling,
    /** The version the editor saw; a concurrent change makes the edit fail instead of being lost. */
    version: z.coerce.number().int().min(0),
  })
  .refine((v) => v.action !== 'schedule' || v.scheduledAt, {
    message: 'choose when the post goes out',
    path: ['scheduledAt'],
  })
export type EditBody = z.infer<typeof EditBody>

export const ApproveBody = z.object({ overrideReason: OptionalText(500) })
export const RejectBody = z.object({ comment: z.string().trim().min(1, 'say why').max(1000) })

export const ListQuery = z.object({
  pageId: z.preprocess(blankToUndefined, ObjectIdParam.optional()),
  status: z.preprocess(blankToUndefined, z.enum(POST_STATUSES).optional()),
  authorId: z.preprocess(blankToUndefined, ObjectIdParam.optional()),
  from: OptionalDate,
  to: OptionalDate,
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type ListQuery = z.infer<typeof ListQuery>

export const CalendarQuery = z.object({
  week: z.preprocess(
    blankToUndefined,
    z.iso.date({ message: 'expected a date such as 2026-11-23' }).optional(),
  ),
})

export const DayLoadQuery = z.object({ pageId: ObjectIdParam, at: ScheduleTime })

export const ImportBody = z.object({
  csv: z.string().min(1, 'paste or choose a CSV file').max(2_000_000),
  /** Form checkbox or JSON boolean: refuse the whole file when one row is refused. */
  allOrNothing: z
    .union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('false')])
    .optional()
    .transform((v) => v === true || v === 'on' || v === 'true'),
  overrideReason: OptionalText(500),
})
export type ImportBody = z.infer<typeof ImportBody>

/** One row of an import file. */
export const ImportRow = z.object({
  page: z.string().trim().min(1, 'name the page (its Facebook id or name)'),
  time: ScheduleTime,
  text: PostContent.message,
  link: OptionalUrl,
  image: OptionalUrl,
  label: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .trim()
            .toLowerCase()
            .replace(/[\s-]+/g, '_')
        : v,
    PostContent.label,
  ),
})

const Review = z.object({ by: z.string(), at: z.string(), comment: z.string().nullable() })

export const Attempt = z.object({
  at: z.string(),
  outcome: z.string(),
  errorKind: z.string().nullable(),
  errorCode: z.number().nullable(),
  message: z.string().nullable(),
})

export const Post = z.object({
  id: z.string(),
  pageId: z.string(),
  facebookPageId: z.string(),
  message: z.string(),
  link: z.string().nullable(),
  imageUrl: z.string().nullable(),
  label: z.enum(POST_LABELS),
  product: z.string().nullable(),
  offerEndsAt: z.string().nullable(),
  status: z.enum(POST_STATUSES),
  scheduledAt: z.string().nullable(),
  scheduledLocal: z.string().nullable(),
  timeZone: z.string(),
  series: z.object({ id: z.string(), index: z.number(), total: z.number() }).nullable(),
  author: z.object({ id: z.string(), name: z.string() }),
  approval: Review.nullable(),
  rejection: Review.nullable(),
  override: z
    .object({ by: z.string(), at: z.string(), reason: z.string(), rules: z.array(z.string()) })
    .nullable(),
  graphPostId: z.string().nullable(),
  permalink: z.string().nullable(),
  publishedAt: z.string().nullable(),
  failure: z.object({ kind: z.string().nullable(), message: z.string().nullable() }).nullable(),
  hold: z
    .object({
      reason: z.enum(HOLD_REASONS),
      product: z.string().nullable(),
      stock: z.number().nullable(),
      claim: z.string().nullable(),
      at: z.string(),
    })
    .nullable()
    .describe(
      'Why a promo is held for its product’s stock (status `held`): `sold_out`, or `scarcity` with the claim the ' +
        'stock did not back (`stock` is the level when it was held). `POST /api/v1/posts/{id}/release` checks again.',
    ),
  attempts: z.array(Attempt),
  version: z.number(),
})

export const RuleWarning = z.object({
  rule: z.string(),
  message: z.string(),
  conflicting: z.array(z.string()),
})

export const SaveResult = z.object({ posts: z.array(Post), warnings: z.array(RuleWarning) })

export const ImportReport = z.object({
  allOrNothing: z.boolean(),
  accepted: z.number(),
  refused: z.number(),
  saved: z.boolean(),
  rows: z.array(
    z.object({
      row: z.number(),
      status: z.enum(['accepted', 'refused', 'withheld']),
      postId: z.string().nullable(),
      reasons: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  ),
})
