// A marketer's campaign form turned into stored fields: times in the page's time zone, only what the
// campaign's kind has, and the checks that need the page.

import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import { InvalidInput } from '../../errors.js'
import type { Page } from '../pages/repository.js'
import type { CampaignFields } from './campaign-repository.js'
import { type CampaignBody, kindHas } from './schemas.js'

/** A time from the form, read in the page's time zone unless it carries its own offset; UTC inside. */
export function toUtc(value: string, timeZone: string): Date {
  return DateTime.fromISO(value, { zone: timeZone }).toUTC().toJSDate()
}

/** A readable slug from the title with a random tail, so two campaigns with one title never clash. */
export function slugify(text: string): string {
  const base = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
  return `${base || 'campaign'}-${randomBytes(3).toString('hex')}`
}

const pair = (nl: string | undefined, en: string | undefined) => ({ nl: nl ?? '', en: en ?? '' })

/**
 * Turns a body (its shape, Meta's rules and what its kind needs are checked by the schema) into
 * stored fields, keeping only what its kind has; what depends on the page is checked here.
 */
export function fieldsOf(body: CampaignBody, page: Page): CampaignFields {
  const opensAt = toUtc(body.opensAt, page.timeZone)
  const closesAt = toUtc(body.closesAt, page.timeZone)
  // With an offset on one side only, the schema could not compare them.
  if (closesAt <= opensAt) throw new InvalidInput('closesAt', 'campaigns.closesBeforeOpens')
  const entryMethod = body.entryMethod as 'login' | 'comment'
  if (entryMethod === 'comment' && !body.commentPostId?.startsWith(`${page.facebookPageId}_`))
    throw new InvalidInput('commentPostId', 'campaigns.commentPostOfPage')
  const { kind } = body
  const prizes = kindHas(kind, 'prizes')
  return {
    pageId: page.id,
    kind,
    title: pair(body.titleNl, body.titleEn),
    description: pair(body.descriptionNl, body.descriptionEn),
    imageUrl: body.imageUrl ?? null,
    product: body.product ?? null,
    opensAt,
    closesAt,
    rules: pair(body.rulesNl, body.rulesEn),
    prizes: prizes ? pair(body.prizesNl, body.prizesEn) : pair('', ''),
    prizeValueEuro: prizes ? body.prizeValueEuro : 0,
    winnerCount: kindHas(kind, 'draw') ? body.winnerCount : 0,
    entryMethod,
    entryInstructions: pair(body.entryInstructionsNl, body.entryInstructionsEn),
    entryCostEuro: prizes ? body.entryCostEuro : 0,
    askEmail: body.askEmail,
    eligibility: { minAge: body.minAge ?? null, countries: body.countries },
    questions: kindHas(kind, 'questions')
      ? body.questions.map((q) => ({
          text: pair(q.textNl, q.textEn),
          options: q.options.map((o) => pair(o.labelNl, o.labelEn)),
          correct: q.correct,
          timeLimitSeconds: q.timeLimitSeconds,
        }))
      : [],
    poll: {
      options: kindHas(kind, 'poll')
        ? body.pollOptions.map((o) => ({ label: pair(o.labelNl, o.labelEn) }))
        : [],
      showResults: body.pollShowResults,
    },
    comment: {
      postId: entryMethod === 'comment' ? (body.commentPostId ?? null) : null,
      keyword: entryMethod === 'comment' ? (body.commentKeyword ?? null) : null,
      topLevelOnly: !body.commentIncludeReplies,
    },
  } as CampaignFields
}
