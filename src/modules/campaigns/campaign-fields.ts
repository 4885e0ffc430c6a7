// A marketer's campaign form turned into stored fields: Meta's promotion rules, times in the page's
// time zone, and what each kind and entry method needs.

import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import { InvalidInput } from '../../errors.js'
import type { Page } from '../pages/repository.js'
import type { CampaignFields } from './campaign-repository.js'
import { assertMetaRules } from './rules.js'
import type { CampaignBody } from './schemas.js'

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

/** Checks a body against the rules and turns it into stored fields. */
export function fieldsOf(body: CampaignBody, page: Page): CampaignFields {
  assertMetaRules(body.entryMethod, {
    titleNl: body.titleNl,
    titleEn: body.titleEn,
    descriptionNl: body.descriptionNl,
    descriptionEn: body.descriptionEn,
    rules: body.rules,
    prizes: body.prizes,
    entryInstructions: body.entryInstructions,
  })
  const opensAt = toUtc(body.opensAt, page.timeZone)
  const closesAt = toUtc(body.closesAt, page.timeZone)
  if (closesAt <= opensAt) throw new InvalidInput('closesAt', 'campaigns.closesBeforeOpens')
  const entryMethod = body.entryMethod as 'login' | 'comment'
  if (entryMethod === 'comment') {
    if (body.kind !== 'contest') throw new InvalidInput('entryMethod', 'campaigns.commentOnlyContest')
    if (!body.commentPostId) throw new InvalidInput('commentPostId', 'campaigns.commentPostNeeded')
    if (!body.commentPostId.startsWith(`${page.facebookPageId}_`))
      throw new InvalidInput('commentPostId', 'campaigns.commentPostOfPage')
  }
  if (body.kind === 'quiz' && body.questions.length === 0)
    throw new InvalidInput('questions', 'campaigns.quizNeedsQuestions')
  if (body.kind === 'poll' && body.pollOptions.length < 2)
    throw new InvalidInput('pollOptions', 'campaigns.pollNeedsOptions')
  const local = (text: string) => ({ nl: text, en: text })
  return {
    pageId: page.id,
    kind: body.kind,
    title: { nl: body.titleNl ?? '', en: body.titleEn ?? '' },
    description: { nl: body.descriptionNl ?? '', en: body.descriptionEn ?? '' },
    imageUrl: body.imageUrl ?? null,
    opensAt,
    closesAt,
    rules: body.rules,
    prizes: body.prizes ?? '',
    prizeValueEuro: body.kind === 'poll' ? 0 : body.prizeValueEuro,
    winnerCount: body.kind === 'poll' ? 0 : body.winnerCount,
    entryMethod,
    entryInstructions: body.entryInstructions ?? '',
    entryCostEuro: body.entryCostEuro,
    askEmail: body.askEmail,
    eligibility: { minAge: body.minAge ?? null, countries: body.countries },
    questions:
      body.kind === 'quiz'
        ? body.questions.map((q) => ({
            text: local(q.text),
            options: q.options.map(local),
            correct: q.correct,
            timeLimitSeconds: q.timeLimitSeconds,
          }))
        : [],
    poll: {
      options: body.kind === 'poll' ? body.pollOptions.map((label) => ({ label: local(label) })) : [],
      showResults: body.pollShowResults,
    },
    comment: {
      postId: entryMethod === 'comment' ? (body.commentPostId ?? null) : null,
      keyword: entryMethod === 'comment' ? (body.commentKeyword ?? null) : null,
      topLevelOnly: !body.commentIncludeReplies,
    },
  } as CampaignFields
}
