// View models of campaigns for the marketer pages, the public pages and the JSON API.
import { DateTime } from 'luxon'
import type { Locale } from '../../i18n/index.js'
import { translate } from '../../i18n/index.js'
import { daysBetween, humanDay } from '../../i18n/time.js'
import type { Campaign } from './campaign-repository.js'
import type { DutchCodeWarning } from './dutch-code.js'
import type { Entry } from './entry-repository.js'
import type { PollResults } from './poll.js'
import type { QuizService, ServedQuestion } from './quiz.js'
import type { EntryWithSignals } from './signals.js'
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
export function presentCampaign(c: Campaign, timeZone: string, publicUrl: string, entryCount?: number) {
  return {
    id: c.id,
    pageId: c.pageId,
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
export function formValues(c: Campaign, timeZone: string) {
  return {
    pageId: c.pageId,
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

/** A row of the campaign list. */
export const presentListRow = (c: Campaign, timeZone: string, locale: Locale) => ({
  id: c.id,
  title: inLocale(c.title, locale),
  kind: c.kind,
  state: stateOf(c),
  opensAt: localText(c.opensAt, timeZone, locale),
  slug: c.slug,
})

/** Bars as a share of the largest value, drawn by CSS; the numbers stay in the table. */
/** Entries per local day from the opening to today (or the closing), days without entries as zeros. */
function everyDay(
  perDay: { day: string; entries: number }[],
  campaign: Pick<Campaign, 'opensAt' | 'closesAt'>,
  zone: string,
): { day: string; entries: number }[] {
  const end = new Date(Math.min(Date.now(), campaign.closesAt.getTime()))
  const local = (d: Date) => DateTime.fromJSDate(d, { zone }).toISODate() as string
  const counts = new Map(perDay.map((d) => [d.day, d.entries]))
  const days = campaign.opensAt <= end ? daysBetween(local(campaign.opensAt), local(end)) : []
  for (const d of perDay) if (!days.includes(d.day)) days.push(d.day)
  return days.sort().map((day) => ({ day, entries: counts.get(day) ?? 0 }))
}

const bars = <T extends { entries: number }>(rows: T[]) => {
  const most = Math.max(1, ...rows.map((r) => r.entries))
  return rows.map((r) => ({ ...r, width: Math.round((r.entries / most) * 100) }))
}

/** The marketer's campaign page: the campaign, what may be done now, results and the latest entries. */
export function presentCampaignPage(
  campaign: Campaign,
  page: { name: string; timeZone: string },
  data: {
    publicUrl: string
    entries: EntryWithSignals[]
    entryCount: number
    votes: number[]
    perDay: { day: string; entries: number }[]
    scores: { score: number; entries: number }[]
    winners: { ref: string; name: string }[]
  },
  locale: Locale,
) {
  const state = stateOf(campaign)
  return {
    title: inLocale(campaign.title, locale) || campaign.slug,
    campaign: {
      id: campaign.id,
      kind: campaign.kind,
      slug: campaign.slug,
      state,
      publicUrl: `${data.publicUrl}/c/${campaign.slug}`,
      verifyUrl: `/c/${campaign.slug}/verify`,
      opensAt: localText(campaign.opensAt, page.timeZone, locale),
      closesAt: localText(campaign.closesAt, page.timeZone, locale),
      pageName: page.name,
      seedCommitment: campaign.seedCommitment,
      winners: campaign.winners,
      entryMethod: campaign.entryMethod,
      commentPostId: campaign.comment?.postId,
      canEdit: state === 'draft' || state === 'scheduled',
      canPublish: state === 'draft',
      canClose: state === 'open',
      canDraw: state === 'closed' && campaign.kind !== 'poll',
      canDelete: state === 'draft',
      canAnnounce: state === 'drawn' && data.winners.length > 0,
      winnerList: data.winners,
      entriesPerDay: bars(everyDay(data.perDay, campaign, page.timeZone)),
      entriesChart: {
        kind: 'bars',
        labels: everyDay(data.perDay, campaign, page.timeZone).map((d) => humanDay(d.day, locale)),
        series: [
          {
            label: translate(locale, 'campaigns.entriesCount'),
            tone: 'brand',
            data: everyDay(data.perDay, campaign, page.timeZone).map((d) => d.entries),
          },
        ],
      },
      scoreDistribution: bars(data.scores),
      scoreChart: {
        kind: 'bars',
        labels: data.scores.map((s) => String(s.score)),
        series: [
          {
            label: translate(locale, 'campaigns.entriesCount'),
            tone: 'brand',
            data: data.scores.map((s) => s.entries),
          },
        ],
      },
      pollResults: (campaign.poll?.options ?? []).map((o, i) => ({
        label: inLocale(o.label, locale),
        votes: data.votes[i] ?? 0,
      })),
      pollChart: {
        kind: 'hbars',
        labels: (campaign.poll?.options ?? []).map((o) => inLocale(o.label, locale)),
        series: [
          {
            label: translate(locale, 'campaigns.votes'),
            tone: 'brand',
            data: (campaign.poll?.options ?? []).map((_o, i) => data.votes[i] ?? 0),
          },
        ],
      },
    },
    warnings: presentWarnings(campaign.warnings as DutchCodeWarning[], locale),
    entryCount: data.entryCount,
    entries: data.entries.map(({ entry, signals }) => ({
      id: entry.id,
      ref: entry.ref,
      name: entry.entrant.name,
      kind: entry.entrant.kind,
      at: localText(entry.createdAt, page.timeZone, locale),
      status: entry.status,
      reason: entry.disqualification?.reason,
      winner: campaign.winners.includes(entry.ref),
      score: campaign.kind === 'quiz' ? entry.score : undefined,
      signals: signals.map((s) => ({ key: `campaigns.signal.${s.code}`, count: s.count })),
      suspicious: signals.length > 0,
      active: entry.status === 'active',
    })),
  }
}

/** An entry in the JSON API. */
export const presentApiEntry = ({ entry, signals }: EntryWithSignals) => ({
  id: entry.id,
  ref: entry.ref,
  entrantKind: entry.entrant.kind,
  name: entry.entrant.name,
  status: entry.status as 'active' | 'disqualified',
  enteredAt: entry.createdAt.toISOString(),
  score: entry.score ?? 0,
  timeTakenMs: entry.timeTakenMs ?? 0,
  signals,
  disqualificationReason: entry.disqualification?.reason ?? null,
})

/** The JSON API's results of a campaign. */
export const presentApiResults = (
  campaign: Campaign,
  data: { entryCount: number; scoreDistribution: { score: number; entries: number }[]; votes: number[] },
) => ({
  state: stateOf(campaign),
  entryCount: data.entryCount,
  winners: campaign.winners,
  seedCommitment: campaign.seedCommitment,
  revealedSeed: campaign.revealedSeed ?? null,
  poll: (campaign.poll?.options ?? []).map((o, i) => ({
    label: inLocale(o.label, 'en'),
    votes: data.votes[i] ?? 0,
  })),
  scoreDistribution: data.scoreDistribution,
})

/** A fan's campaign page: the campaign, the fan's own entry, poll results and, after a quiz, its review. */
export function presentPublicCampaign(
  campaign: Campaign,
  data: {
    page: { name: string; timeZone: string }
    fan: { id: string; name: string } | null
    mine: Entry | null
    review: Awaited<ReturnType<QuizService['review']>>
    poll: PollResults | null
  },
  locale: Locale,
) {
  const { page, fan, mine, review, poll } = data
  const state = stateOf(campaign)
  return {
    publicLayout: true,
    title: inLocale(campaign.title, locale) || campaign.slug,
    campaign: {
      slug: campaign.slug,
      kind: campaign.kind,
      state,
      isOpen: state === 'open',
      description: inLocale(campaign.description, locale),
      imageUrl: campaign.imageUrl,
      pageName: page.name,
      opensAt: localText(campaign.opensAt, page.timeZone, locale),
      closesAt: localText(campaign.closesAt, page.timeZone, locale),
      rules: campaign.rules,
      prizes: campaign.prizes,
      winnerCount: campaign.winnerCount,
      byComment: campaign.entryMethod === 'comment',
      entryInstructions: campaign.entryInstructions,
      minAge: campaign.eligibility?.minAge,
      countries: campaign.eligibility?.countries ?? [],
      askEmail: campaign.askEmail,
      seedCommitment: campaign.seedCommitment,
      drawn: state === 'drawn',
    },
    fan,
    myEntry: mine
      ? {
          ref: mine.ref,
          status: mine.status,
          at: localText(mine.createdAt, page.timeZone, locale),
          quizToGo: campaign.kind === 'quiz' && state === 'open' && !mine.finishedAt,
          score: mine.score ?? 0,
        }
      : null,
    poll: poll && {
      ...poll,
      choices: (campaign.poll?.options ?? []).map((o, i) => ({ value: i, label: inLocale(o.label, locale) })),
    },
    quizReview: review && {
      score: review.score,
      questions: review.questions.map((q) => ({
        text: inLocale(q.text, locale),
        options: (q.options ?? []).map((o, i) => ({
          label: inLocale(o, locale),
          right: i === q.correct,
          mine: q.mine?.choice === i,
        })),
        late: q.mine?.late ?? false,
      })),
    },
  }
}

/** The quiz question being served. */
export const presentQuestion = (question: ServedQuestion, locale: Locale) => ({
  index: question.index,
  number: question.index + 1,
  total: question.total,
  text: inLocale(question.text, locale),
  options: question.options.map((o, i) => ({ value: i, label: inLocale(o, locale) })),
  timeLimitSeconds: question.timeLimitSeconds,
})
