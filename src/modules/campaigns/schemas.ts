// Request and response shapes of campaigns: one schema for the HTML form and the JSON API.
import { z } from 'zod'
import { ObjectIdParam, WallClockTime } from '../../schemas/common.js'
import { CAMPAIGN_KINDS } from './model.js'

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)

const Text = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional())

/** A checkbox sends "on" (or nothing); the API sends a boolean. */
const Checkbox = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean())

/** "2026-12-01T10:00" in the page's time zone, or an ISO 8601 time with a real offset. */
export const LocalDateTime = WallClockTime

const Count = (min: number, max: number) => z.coerce.number().int('expected a whole number').min(min).max(max)

/** Country codes (ISO 3166-1 alpha-2) as a list or as "NL, BE". */
const Countries = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(/[\s,;]+/)
          .filter(Boolean)
          .map((c) => c.toUpperCase())
      : v,
  z.array(z.string().regex(/^[A-Z]{2}$/, 'expected two-letter country codes such as NL, BE')).max(250),
)

export const Question = z.object({
  text: z.string().trim().min(1).max(500),
  options: z
    .array(z.string().trim().min(1).max(200))
    .min(2, 'give at least 2 options')
    .max(6, 'give at most 6 options'),
  correct: z.number().int().min(0),
  timeLimitSeconds: z.number().int().min(5).max(600).nullable().default(null),
})
export type Question = z.infer<typeof Question>

/**
 * The quiz form's text area: a line "? question" starts a question, "* option" is the right answer,
 * "- option" a wrong one, and "@ 30" a time limit in seconds.
 */
export function parseQuestionText(text: string): unknown[] {
  const questions: { text: string; options: string[]; correct: number; timeLimitSeconds: number | null }[] =
    []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line) continue
    const marker = line[0]
    const rest = line.slice(1).trim()
    const current = questions.at(-1)
    if (marker === '?') questions.push({ text: rest, options: [], correct: -1, timeLimitSeconds: null })
    else if (current && (marker === '*' || marker === '-')) {
      if (marker === '*') current.correct = current.options.length
      current.options.push(rest)
    } else if (current && marker === '@') current.timeLimitSeconds = Number(rest)
  }
  return questions
}

const Questions = z.preprocess(
  (v) => (typeof v === 'string' ? parseQuestionText(v) : v),
  z
    .array(
      Question.refine((q) => q.correct < q.options.length, {
        message: 'mark exactly one right answer',
        path: ['correct'],
      }),
    )
    .max(50),
)

const PollOptions = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean)
      : v,
  z.array(z.string().trim().min(1).max(200)).max(10),
)

/**
 * Entry methods: fans log in, or comment under a page post. The others are listed only so that a
 * request for them is refused with the Meta rule it breaks rather than a bare validation error.
 */
export const ENTRY_METHODS = ['login', 'comment', 'like_page', 'share', 'tag_friends'] as const

export const CampaignBody = z
  .object({
    pageId: ObjectIdParam,
    kind: z.enum(CAMPAIGN_KINDS),
    slug: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$/, 'use 3–60 lowercase letters, digits and dashes')
        .optional(),
    ),
    titleNl: Text(140),
    titleEn: Text(140),
    descriptionNl: Text(5000),
    descriptionEn: Text(5000),
    imageUrl: z.preprocess(
      blankToUndefined,
      z.url({ protocol: /^https$/, message: 'expected an https:// image address' }).optional(),
    ),
    opensAt: LocalDateTime,
    closesAt: LocalDateTime,
    rules: z.string().trim().min(20, 'write the rules of the campaign (at least 20 characters)').max(20000),
    prizes: Text(2000),
    prizeValueEuro: z.preprocess(blankToUndefined, z.coerce.number().min(0).max(10_000_000).default(0)),
    winnerCount: z.preprocess(blankToUndefined, Count(1, 1000).default(1)),
    entryMethod: z.preprocess(blankToUndefined, z.enum(ENTRY_METHODS).default('login')),
    entryInstructions: Text(2000),
    entryCostEuro: z.preprocess(blankToUndefined, z.coerce.number().min(0).max(1000).default(0)),
    askEmail: Checkbox,
    minAge: z.preprocess(blankToUndefined, Count(0, 99).optional()),
    countries: z.preprocess(blankToUndefined, Countries.default([])),
    questions: z.preprocess(blankToUndefined, Questions.default([])),
    pollOptions: z.preprocess(blankToUndefined, PollOptions.default([])),
    pollShowResults: z.preprocess(
      blankToUndefined,
      z.enum(['always', 'after_vote', 'after_close']).default('always'),
    ),
    commentPostId: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\d+_\d+$/, 'expected a page post id such as 100000000000001_122000000000001')
        .optional(),
    ),
    commentKeyword: Text(100),
    commentIncludeReplies: Checkbox,
  })
  .refine((v) => Boolean(v.titleNl || v.titleEn), {
    message: 'give a title in Dutch, English or both',
    path: ['titleNl'],
  })
export type CampaignBody = z.infer<typeof CampaignBody>

export const CampaignPageSettingsBody = z.object({ dutchShop: Checkbox })

export const SlugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{3,60}$/, 'not a campaign address') })

export const Warning = z.object({ code: z.string(), message: z.string() })

export const Campaign = z.object({
  id: z.string(),
  pageId: z.string(),
  kind: z.enum(CAMPAIGN_KINDS),
  slug: z.string(),
  publicUrl: z.string(),
  title: z.object({ nl: z.string(), en: z.string() }),
  description: z.object({ nl: z.string(), en: z.string() }),
  imageUrl: z.string().nullable(),
  opensAt: z.string(),
  closesAt: z.string(),
  timeZone: z.string(),
  state: z.enum(['draft', 'scheduled', 'open', 'closed', 'drawn']),
  rules: z.string(),
  prizes: z.string(),
  prizeValueEuro: z.number(),
  winnerCount: z.number(),
  entryMethod: z.enum(['login', 'comment']),
  eligibility: z.object({ minAge: z.number().nullable(), countries: z.array(z.string()) }),
  seedCommitment: z.string(),
  revealedSeed: z.string().nullable(),
  entryCount: z.number().optional(),
  warnings: z.array(Warning),
})

export const DisqualifyBody = z.object({
  reason: z.string().trim().min(3, 'give a reason').max(500),
  block: Checkbox,
})
export const EntryParams = z.object({ id: ObjectIdParam, entryId: ObjectIdParam })
