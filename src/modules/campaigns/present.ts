// View models of campaigns for the marketer pages, the public pages and the JSON API.
import { DateTime } from 'luxon'
import type { Locale } from '../../i18n/index.js'
import { translate } from '../../i18n/index.js'
import type { DutchCodeWarning } from './dutch-code.js'
import type { CampaignDoc } from './model.js'
import { stateOf } from './state.js'

const localInput = (date: Date, zone: string) =>
  DateTime.fromJSDate(date, { zone }).toFormat("yyyy-MM-dd'T'HH:mm")

export const localText = (date: Date, zone: string, locale: Locale) =>
  DateTime.fromJSDate(date, { zone })
    .setLocale(locale === 'nl' ? 'nl-NL' : 'en-GB')
    .toFormat('d MMMM yyyy, HH:mm (ZZZZ)')

/** The text in the reader's language, else the other one. */
export const inLocale = (
  text: { nl?: string | null; en?: string | null } | null | undefined,
  locale: Locale,
) => (locale === 'nl' ? text?.nl || text?.en : text?.en || text?.nl) ?? ''

export function presentWarnings(warnings: DutchCodeWarning[] | undefined, locale: Locale) {
  return (warnings ?? []).map((w) => ({
    code: w.code,
    message: translate(locale, `errors.${w.code}`, w.params ?? {}),
  }))
}

/** JSON API shape. */
export function presentCampaign(c: CampaignDoc, timeZone: string, publicUrl: string, entryCount?: number) {
  return {
    id: String(c._id),
    pageId: String(c.pageId),
    kind: c.kind,
    slug: c.slug,
    publicUrl: `${publicUrl}/c/${c.slug}`,
    title: { nl: c.title?.nl ?? '', en: c.title?.en ?? '' },
    description: { nl: c.description?.nl ?? '', en: c.description?.en ?? '' },
    imageUrl: c.imageUrl ?? null,
    opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt.toISOString(),
    timeZone,
    state: stateOf(c),
    rules: c.rules,
    prizes: c.prizes ?? '',
    prizeValueEuro: c.prizeValueEuro ?? 0,
    winnerCount: c.winnerCount ?? 0,
    entryMethod: c.entryMethod as 'login' | 'comment',
    eligibility: { minAge: c.eligibility?.minAge ?? null, countries: c.eligibility?.countries ?? [] },
    seedCommitment: c.seedCommitment,
    revealedSeed: c.revealedSeed ?? null,
    ...(entryCount === undefined ? {} : { entryCount }),
    warnings: presentWarnings(c.warnings as DutchCodeWarning[], 'en'),
  }
}

/** Values of the edit form, times in the page's time zone. */
export function formValues(c: CampaignDoc, timeZone: string) {
  return {
    pageId: String(c.pageId),
    kind: c.kind,
    slug: c.slug,
    titleNl: c.title?.nl,
    titleEn: c.title?.en,
    descriptionNl: c.description?.nl,
    descriptionEn: c.description?.en,
    imageUrl: c.imageUrl,
    opensAt: localInput(c.opensAt, timeZone),
    closesAt: localInput(c.closesAt, timeZone),
    rules: c.rules,
    prizes: c.prizes,
    prizeValueEuro: c.prizeValueEuro,
    winnerCount: c.winnerCount,
    entryMethod: c.entryMethod,
    entryInstructions: c.entryInstructions,
    entryCostEuro: c.entryCostEuro,
    askEmail: c.askEmail,
    minAge: c.eligibility?.minAge,
    countries: (c.eligibility?.countries ?? []).join(', '),
    questions: (c.questions ?? [])
      .map((q) =>
        [
          `? ${q.text?.nl ?? ''}`,
          ...(q.options ?? []).map((o, i) => `${i === q.correct ? '*' : '-'} ${o.nl ?? ''}`),
          ...(q.timeLimitSeconds ? [`@ ${q.timeLimitSeconds}`] : []),
        ].join('\n'),
      )
      .join('\n'),
    pollOptions: (c.poll?.options ?? []).map((o) => o.label?.nl ?? '').join('\n'),
    pollShowResults: c.poll?.showResults,
    commentPostId: c.comment?.postId,
    commentKeyword: c.comment?.keyword,
    commentIncludeReplies: c.comment?.topLevelOnly === false,
  }
}

export function defaultFormValues(timeZone: string, kind: string, pageId?: string) {
  const start = DateTime.now().setZone(timeZone).plus({ days: 1 }).startOf('hour')
  return {
    pageId,
    kind,
    opensAt: start.toFormat("yyyy-MM-dd'T'HH:mm"),
    closesAt: start.plus({ weeks: 1 }).toFormat("yyyy-MM-dd'T'HH:mm"),
    winnerCount: 1,
    prizeValueEuro: 0,
    entryCostEuro: 0,
    entryMethod: 'login',
    pollShowResults: 'always',
  }
}
