// Request and response shapes of the inbox, the barometer and their JSON API.
import { z } from 'zod'
import { OptionalText } from '../../schemas/common.js'
import { CATEGORIES, COMMENT_STATUSES, SENTIMENTS } from './model.js'

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional())

const FacebookId = z.string().regex(/^[0-9_]{1,60}$/, 'expected a Facebook id')

export const InboxFilter = z.object({
  page: optional(FacebookId),
  post: optional(FacebookId),
  status: optional(z.enum([...COMMENT_STATUSES, 'all'])).default('open'),
  sentiment: optional(z.enum(SENTIMENTS)),
  category: optional(z.enum(CATEGORIES)),
  complaint: optional(z.enum(['yes', 'no'])),
  assignee: optional(z.union([z.string().regex(/^[a-f0-9]{24}$/), z.literal('none')])),
  /** Words in the comment's text, and part of the author's name (matched literally). */
  q: optional(z.string().trim().max(200)),
  author: optional(z.string().trim().max(100)),
  limit: optional(z.coerce.number().int().min(1).max(200)).default(50),
})
export type InboxFilter = z.infer<typeof InboxFilter>

export const CommentIdParams = z.object({ id: FacebookId })

export const ReplyBody = z
  .object({
    message: OptionalText(8000),
    savedReplyId: optional(z.string().regex(/^[a-f0-9]{24}$/)),
    orderNumber: OptionalText(40),
  })
  .refine((v) => Boolean(v.message || v.savedReplyId), { message: 'write a reply', path: ['message'] })
export type ReplyBody = z.infer<typeof ReplyBody>

/** A moderator's verdict: complaint or not, and/or the sentiment; a form sends "true"/"false". */
export const VerdictBody = z
  .object({
    complaint: optional(
      z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true'),
    ),
    sentiment: optional(z.enum(SENTIMENTS)),
  })
  .refine((v) => v.complaint !== undefined || v.sentiment !== undefined, {
    message: 'choose complaint or a sentiment',
    path: ['complaint'],
  })
export type VerdictBody = z.infer<typeof VerdictBody>

export const HideBody = z.object({
  hidden: z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true'),
})
export const AssignBody = z.object({ assigneeId: optional(z.string().regex(/^[a-f0-9]{24}$/)) })
export const NoteBody = z.object({ text: z.string().trim().min(1).max(4000) })
export const StatusBody = z.object({ status: z.enum(COMMENT_STATUSES) })

export const BULK_ACTIONS = ['assign', 'done', 'hide'] as const
// A form sends one checked box as a string, several as an array.
const asArray = (v: unknown) => (v === undefined || Array.isArray(v) ? v : [v])

/** Several comments at once: assign (to someone or nobody), mark done, or hide on Facebook. */
export const BulkBody = z.object({
  ids: z.preprocess(asArray, z.array(FacebookId).min(1, 'choose at least one comment').max(100)),
  action: z.enum(BULK_ACTIONS),
  assigneeId: optional(z.string().regex(/^[a-f0-9]{24}$/)),
})
export type BulkBody = z.infer<typeof BulkBody>

export const SavedReplyBody = z.object({
  name: z.string().trim().min(1).max(80),
  language: z.enum(['nl', 'en']),
  text: z.string().trim().min(1).max(2000),
})
export type SavedReplyBody = z.infer<typeof SavedReplyBody>

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'invalid.clock')

/** The word list as the form sends it: one "term weight" per line, weight -5..5. */
export const WordLines = z
  .string()
  .max(20_000)
  .transform((text, ctx) => {
    const words: { term: string; weight: number }[] = []
    const bad: number[] = []
    text.split(/\r?\n/).forEach((line, i) => {
      const trimmed = line.trim()
      if (!trimmed) return
      const match = /^(.+?)\s+(-?\d+(?:[.,]\d+)?)$/.exec(trimmed)
      const weight = match ? Number(match[2]?.replace(',', '.')) : Number.NaN
      if (!match || weight < -5 || weight > 5) bad.push(i + 1)
      else words.push({ term: (match[1] as string).toLowerCase(), weight })
    })
    // Every bad line named at once, so the person fixes them in one go.
    if (bad.length)
      ctx.addIssue({
        code: 'custom',
        message: 'invalid.wordLine',
        params: { lines: bad.join(', '), count: bad.length },
      })
    return words
  })

export const Word = z.object({ term: z.string().trim().min(1).max(60), weight: z.number().min(-5).max(5) })

export const SettingsBody = z
  .object({
    words: z.union([WordLines, z.array(Word).max(2000)]),
    businessHoursStart: optional(Clock),
    businessHoursEnd: optional(Clock),
    reapply: optional(
      z
        .union([z.boolean(), z.enum(['on', 'true', 'false'])])
        .transform((v) => v === true || v === 'on' || v === 'true'),
    ),
  })
  .refine((v) => Boolean(v.businessHoursStart) === Boolean(v.businessHoursEnd), {
    message: 'invalid.businessHoursBoth',
    path: ['businessHoursEnd'],
  })
export type SettingsBody = z.infer<typeof SettingsBody>

export const PageParams = z.object({ pageId: FacebookId })

export const BarometerQuery = z.object({
  page: optional(FacebookId),
  from: optional(z.iso.date()),
  to: optional(z.iso.date()),
})
export type BarometerQuery = z.infer<typeof BarometerQuery>

export const CommentView = z.object({
  id: z.string(),
  facebookPageId: z.string(),
  postId: z.string(),
  parentId: z.string().nullable(),
  from: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
  byPage: z.boolean(),
  message: z.string(),
  createdTime: z.string().nullable(),
  hidden: z.boolean(),
  removed: z.boolean(),
  language: z.string().nullable(),
  sentiment: z.string().nullable(),
  score: z.number(),
  complaint: z.boolean(),
  category: z.string().nullable(),
  signals: z.array(z.object({ text: z.string(), kind: z.string(), weight: z.number() })),
  status: z.string(),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  firstResponseAt: z.string().nullable(),
  responseSeconds: z.number().nullable(),
  actions: z.array(
    z.object({ at: z.string(), kind: z.string(), by: z.string(), text: z.string().nullable() }),
  ),
})
export type CommentView = z.infer<typeof CommentView>
