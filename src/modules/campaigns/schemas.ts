// Request and response shapes of campaigns: one schema for the HTML form and the JSON API.

import { DateTime } from 'luxon'
import { z } from 'zod'
import { ObjectIdParam, WallClockTime } from '../../schemas/common.js'
import { ProductRef } from '../shop/schemas.js'
import { CAMPAIGN_KINDS, type CampaignKind } from './model.js'
import { findRuleBreaches, forbiddenMethodRule, META_RULES } from './rules.js'

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)

const Text = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional())

/** A checkbox sends "on" (or nothing); the API sends a boolean. */
const Checkbox = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean())

/** "2026-12-01T10:00" in the page's time zone, or an ISO 8601 time with a real offset. */
export const LocalDateTime = WallClockTime

const Count = (min: number, max: number) => z.coerce.number().int('invalid.wholeNumber').min(min).max(max)

/** Country codes (ISO 3166-1 alpha-2) as a list or as "NL, BE". */
const Countries = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(/[\s,;]+/)
          .filter(Boolean)
          .map((c) => c.toUpperCase())
      : v,
  z.array(z.string().regex(/^[A-Z]{2}$/, 'invalid.countries')).max(250),
)

/** A row of a repeatable group the form sends with every field empty (no JavaScript: spare rows). */
const isBlankRow = (v: unknown): boolean => {
  if (v === undefined || v === null || v === '') return true
  if (Array.isArray(v)) return v.every(isBlankRow)
  if (typeof v === 'object') return Object.values(v).every(isBlankRow)
  return typeof v === 'string' && v.trim() === ''
}

/** A form's rows arrive as an object keyed by index when some are missing; the API sends arrays. */
const asRows = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.values(v) : v)

/**
 * Rows of a repeatable group: blank rows are skipped (not refused) and dropped after validation, so
 * an error's path keeps the index of the row the person sees.
 */
const Rows = <T extends z.ZodType>(row: T, max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? [] : asRows(v)),
    z
      .array(z.preprocess((r) => (isBlankRow(r) ? null : r), row.nullable()))
      .max(max, { message: 'invalid.tooManyRows' }),
  )

/** An answer of a quiz question or an option of a poll, in Dutch and/or English. A string is Dutch. */
export const Option = z.preprocess(
  (v) => (typeof v === 'string' ? { labelNl: v } : v),
  z
    .object({ labelNl: Text(200), labelEn: Text(200) })
    .refine((o) => Boolean(o.labelNl || o.labelEn), { message: 'invalid.oneLanguage', path: ['labelNl'] }),
)

export const Question = z
  .object({
    textNl: Text(500),
    textEn: Text(500),
    options: Rows(Option, 6),
    /** The index of the right answer among the rows sent (a radio button's value). */
    correct: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).optional()),
    timeLimitSeconds: z.preprocess(
      blankToUndefined,
      z.coerce.number().int().min(5).max(600).nullable().default(null),
    ),
  })
  .superRefine((q, ctx) => {
    if (!q.textNl && !q.textEn)
      ctx.addIssue({ code: 'custom', message: 'invalid.oneLanguage', path: ['textNl'] })
    const given = q.options.filter(Boolean).length
    if (given < 2) ctx.addIssue({ code: 'custom', message: 'invalid.twoOptions', path: ['options'] })
    if (q.correct === undefined || !q.options[q.correct])
      ctx.addIssue({ code: 'custom', message: 'invalid.markRightAnswer', path: ['correct'] })
  })
  .transform((q) => {
    const right = q.correct === undefined ? undefined : q.options[q.correct]
    const options = q.options.filter((o): o is NonNullable<typeof o> => o !== null)
    return { ...q, options, correct: right ? options.indexOf(right) : 0 }
  })
export type Question = z.infer<typeof Question>

const dropBlank = <T>(rows: (T | null)[]) => rows.filter((r): r is T => r !== null)
const Questions = Rows(Question, 50).transform(dropBlank)
const PollOptions = Rows(Option, 10).transform(dropBlank)

/**
 * Entry methods: fans log in, or comment under a page post. The others are listed only so that a
 * request for them is refused with the Meta rule it breaks rather than a bare validation error.
 */
export const ENTRY_METHODS = ['login', 'comment', 'like_page', 'share', 'tag_friends'] as const

/** The texts a campaign shows to fans, each in Dutch (`…Nl`) and English (`…En`). */
export const FAN_TEXTS = ['title', 'description', 'rules', 'prizes', 'entryInstructions'] as const
export type FanText = (typeof FAN_TEXTS)[number]

/** What each kind of campaign has besides what all share; the form shows, and the server keeps, only these. */
export const KIND_FIELDS = {
  prizes: ['contest', 'quiz'],
  draw: ['contest', 'quiz'],
  commentEntry: ['contest'],
  questions: ['quiz'],
  poll: ['poll'],
} as const satisfies Record<string, readonly CampaignKind[]>
export const kindHas = (kind: CampaignKind, part: keyof typeof KIND_FIELDS) =>
  (KIND_FIELDS[part] as readonly CampaignKind[]).includes(kind)

const wallClock = (v: unknown) =>
  typeof v === 'string' ? DateTime.fromISO(v, { zone: 'UTC', setZone: true }) : null

/**
 * What a campaign needs beyond each field's own shape: a title, rules, what its kind needs, closing
 * after opening, and Meta's promotion rules. It runs even when a field is invalid, so a person sees
 * every problem at once; `v` may then hold unparsed values.
 */
function checkCampaign(v: Record<string, unknown>, ctx: z.RefinementCtx) {
  const issue = (path: (string | number)[], message: string, params?: Record<string, unknown>) =>
    ctx.addIssue({ code: 'custom', path, message, ...(params ? { params } : {}) })
  const text = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : '')
  if (!text('titleNl') && !text('titleEn')) issue(['titleNl'], 'invalid.titleNeeded')
  if (Math.max(text('rulesNl').length, text('rulesEn').length) < 20) issue(['rulesNl'], 'invalid.rulesNeeded')
  const kind = v.kind as CampaignKind
  const rows = (name: string) => (Array.isArray(v[name]) ? (v[name] as unknown[]) : [])
  if (kind === 'quiz' && rows('questions').length === 0) issue(['questions'], 'campaigns.quizNeedsQuestions')
  if (kind === 'poll' && rows('pollOptions').length < 2) issue(['pollOptions'], 'campaigns.pollNeedsOptions')
  if (v.entryMethod === 'comment') {
    if (kind !== 'contest') issue(['entryMethod'], 'campaigns.commentOnlyContest')
    else if (!v.commentPostId) issue(['commentPostId'], 'campaigns.commentPostNeeded')
  }
  const opens = wallClock(v.opensAt)
  const closes = wallClock(v.closesAt)
  if (opens?.isValid && closes?.isValid && closes <= opens) issue(['closesAt'], 'campaigns.closesBeforeOpens')
  for (const finding of metaRuleFindings(v)) {
    issue(finding.path, `campaigns.metaRule.${finding.rule}`, { rule: finding.rule, phrase: finding.phrase })
  }
}

/** Every fan-facing text of a (possibly unparsed) body by its path, for Meta's rules. */
export function fanTextsOf(v: Record<string, unknown>): Record<string, unknown> {
  const texts: Record<string, unknown> = {}
  const kind = v.kind as CampaignKind
  for (const name of FAN_TEXTS) {
    if (name === 'prizes' && !kindHas(kind, 'prizes')) continue
    for (const lang of ['Nl', 'En']) texts[`${name}${lang}`] = v[`${name}${lang}`]
  }
  const rowsOf = (x: unknown) => (Array.isArray(x) ? x : [])
  if (kindHas(kind, 'questions'))
    rowsOf(v.questions).forEach((q, i) => {
      if (!q || typeof q !== 'object') return
      const row = q as Record<string, unknown>
      texts[`questions.${i}.textNl`] = row.textNl
      texts[`questions.${i}.textEn`] = row.textEn
    })
  if (kindHas(kind, 'poll'))
    rowsOf(v.pollOptions).forEach((o, i) => {
      if (!o || typeof o !== 'object') return
      texts[`pollOptions.${i}.labelNl`] = (o as Record<string, unknown>).labelNl
      texts[`pollOptions.${i}.labelEn`] = (o as Record<string, unknown>).labelEn
    })
  return texts
}

function metaRuleFindings(v: Record<string, unknown>) {
  const findings: { path: (string | number)[]; rule: string; phrase: string }[] = []
  const method = typeof v.entryMethod === 'string' ? forbiddenMethodRule(v.entryMethod) : null
  if (method) findings.push({ path: ['entryMethod'], rule: method, phrase: String(v.entryMethod) })
  for (const f of findRuleBreaches(fanTextsOf(v)))
    findings.push({
      path: f.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      rule: f.rule,
      phrase: f.phrase,
    })
  return findings
}

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
        .regex(/^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$/, 'invalid.slug')
        .optional(),
    ),
    titleNl: Text(140),
    titleEn: Text(140),
    descriptionNl: Text(5000),
    descriptionEn: Text(5000),
    imageUrl: z.preprocess(
      blankToUndefined,
      z.url({ protocol: /^https$/, message: 'invalid.httpsImage' }).optional(),
    ),
    opensAt: LocalDateTime,
    closesAt: LocalDateTime,
    rulesNl: Text(20000),
    rulesEn: Text(20000),
    prizesNl: Text(2000),
    prizesEn: Text(2000),
    prizeValueEuro: z.preprocess(blankToUndefined, z.coerce.number().min(0).max(10_000_000).default(0)),
    winnerCount: z.preprocess(blankToUndefined, Count(1, 1000).default(1)),
    entryMethod: z.preprocess(blankToUndefined, z.enum(ENTRY_METHODS).default('login')),
    entryInstructionsNl: Text(2000),
    entryInstructionsEn: Text(2000),
    entryCostEuro: z.preprocess(blankToUndefined, z.coerce.number().min(0).max(1000).default(0)),
    askEmail: Checkbox,
    minAge: z.preprocess(blankToUndefined, Count(0, 99).optional()),
    countries: z.preprocess(blankToUndefined, Countries.default([])),
    questions: Questions,
    pollOptions: PollOptions,
    pollShowResults: z.preprocess(
      blankToUndefined,
      z.enum(['always', 'after_vote', 'after_close']).default('always'),
    ),
    commentPostId: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\d+_\d+$/, 'invalid.pagePostId')
        .optional(),
    ),
    commentKeyword: Text(100),
    commentIncludeReplies: Checkbox,
    /** A product variant of a connected shop: scarcity claims in the texts and {voorraad} use its stock. */
    product: z.preprocess(blankToUndefined, ProductRef.optional()),
  })
  .superRefine((v, ctx) => checkCampaign(v as Record<string, unknown>, ctx), { when: () => true })
export type CampaignBody = z.infer<typeof CampaignBody>

/**
 * The builder's live check while a marketer types: the texts so far by their field (`rulesNl`,
 * `questions.0.textEn`), and what the Dutch code looks at. Nothing is stored.
 */
export const CampaignCheckBody = z.object({
  pageId: ObjectIdParam.optional(),
  kind: z.enum(CAMPAIGN_KINDS).default('contest'),
  entryMethod: z.string().trim().max(20).optional(),
  texts: z
    .record(z.string().regex(/^[A-Za-z0-9.]{1,60}$/, 'invalid.format'), z.string().max(20000))
    .refine((t) => Object.keys(t).length <= 400, { message: 'invalid.tooManyRows', params: { max: 400 } })
    .default({}),
  opensAt: z.preprocess(blankToUndefined, LocalDateTime.optional()),
  prizeValueEuro: z.preprocess(blankToUndefined, z.coerce.number().min(0).max(10_000_000).default(0)),
  winnerCount: z.preprocess(blankToUndefined, Count(1, 1000).default(1)),
  entryCostEuro: z.preprocess(blankToUndefined, z.coerce.number().min(0).max(1000).default(0)),
  minAge: z.preprocess(blankToUndefined, Count(0, 99).optional()),
  /** The linked product and the end so far: scarcity claims are checked against its stock and the end. */
  product: z.preprocess(blankToUndefined, ProductRef.optional()),
  closesAt: z.preprocess(blankToUndefined, LocalDateTime.optional()),
})
export type CampaignCheckBody = z.infer<typeof CampaignCheckBody>

export const CampaignCheck = z.object({
  findings: z.array(
    z.object({
      /** A Meta promotion rule, or `scarcity`: a stock or deadline claim the linked product does not support. */
      rule: z.enum([...META_RULES, 'scarcity']),
      field: z.string(),
      label: z.string(),
      phrase: z.string(),
      message: z.string(),
    }),
  ),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
})

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
  rules: z.object({ nl: z.string(), en: z.string() }),
  prizes: z.object({ nl: z.string(), en: z.string() }),
  entryInstructions: z.object({ nl: z.string(), en: z.string() }),
  prizeValueEuro: z.number(),
  winnerCount: z.number(),
  entryMethod: z.enum(['login', 'comment']),
  eligibility: z.object({ minAge: z.number().nullable(), countries: z.array(z.string()) }),
  seedCommitment: z.string(),
  revealedSeed: z.string().nullable(),
  entryCount: z.number().optional(),
  warnings: z.array(Warning),
  product: z.string().nullable().describe('linked product variant, "connectionId:variantId"'),
  /** What fans read once published: {voorraad} filled in, links through Fanfare's tracked redirect. */
  live: z
    .object(Object.fromEntries(FAN_TEXTS.map((name) => [name, z.object({ nl: z.string(), en: z.string() })])))
    .nullable(),
  /** Why the opening check sent it back to draft (sold out, a scarcity claim no longer true). */
  held: z.object({ kind: z.string(), message: z.string(), at: z.string() }).nullable(),
})

export const DisqualifyBody = z.object({
  reason: z.string().trim().min(3, 'give a reason').max(500),
  block: Checkbox,
})
export const EntryParams = z.object({ id: ObjectIdParam, entryId: ObjectIdParam })
